"""A downloaded document on the worker: its bytes in memory, on disk only when a
reader needs a file.

A document answered from the read cache is hashed in memory and never written.
One that must be read goes to a private file (mode 0600) that the pool opens,
and an engine that needs a folder of its own (the OCR service's pages) makes
it beside that file. Writing and removing run in a thread: on this path a
file operation can wait for the file system's journal (the ledger's database
commits to the same disk), and on the event loop that wait would stall every
request in flight.

Memory: each document in flight holds its bytes (at most ``MAX_FILE_BYTES``)
until its read is over, so a worker holds at most ``READ_CONCURRENCY`` of them.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

# Up to this size the hash is taken on the event loop (~0.6 ms for 1 MiB);
# a larger file is hashed in a thread.
HASH_ON_LOOP_BYTES = 1 << 20


class LocalDocument:
    """One request's downloaded bytes; a file of them is written on the first
    ``path()``. Used by one request at a time, not shared between tasks."""

    def __init__(self, content: bytes, *, temp_dir: Path | None = None) -> None:
        self.content = content
        self._temp_dir = temp_dir
        self._sha256: str | None = None
        self._path: Path | None = None

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def written(self) -> bool:
        """Whether the bytes have been written to a file."""
        return self._path is not None

    async def sha256(self) -> str:
        """Hex SHA-256 of the bytes (computed once)."""
        if self._sha256 is None:
            if len(self.content) <= HASH_ON_LOOP_BYTES:
                self._sha256 = _sha256(self.content)
            else:
                self._sha256 = await asyncio.to_thread(_sha256, self.content)
        return self._sha256

    async def path(self) -> Path:
        """The bytes as a private file, written on the first call."""
        if self._path is None:
            self._path = await asyncio.to_thread(_write_private, self.content, self._temp_dir)
        return self._path

    async def workdir(self) -> Path:
        """A path beside the file for an engine's own files (the engine makes it)."""
        path = await self.path()
        return _workdir_of(path)

    async def discard(self) -> None:
        """Remove the file and the engine's folder, if they were made."""
        if self._path is None:
            return
        path, self._path = self._path, None
        try:
            await asyncio.to_thread(_remove, path)
        except asyncio.CancelledError:
            # The thread may not have run: the private file must not outlive the request.
            _remove(path)
            raise


@asynccontextmanager
async def local_document(
    content: bytes, *, temp_dir: Path | None = None
) -> AsyncIterator[LocalDocument]:
    """``content`` as a ``LocalDocument`` whose files are removed on the way out."""
    document = LocalDocument(content, temp_dir=temp_dir)
    try:
        yield document
    finally:
        await document.discard()


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _write_private(content: bytes, temp_dir: Path | None) -> Path:
    handle, name = tempfile.mkstemp(prefix="idp-", dir=temp_dir)  # mode 0600
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _workdir_of(path: Path) -> Path:
    return path.with_name(f"{path.name}.d")


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    workdir = _workdir_of(path)
    if workdir.exists():
        shutil.rmtree(workdir, ignore_errors=True)
