"""A downloaded document: hashed in memory, written to a private file only for a read."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import pytest

from processors.reading.local import HASH_ON_LOOP_BYTES, LocalDocument, local_document


@pytest.mark.parametrize("size", [10, HASH_ON_LOOP_BYTES + 1], ids=["on_the_loop", "in_a_thread"])
async def test_the_hash_is_of_the_bytes_and_writes_nothing(tmp_path: Path, size: int) -> None:
    content = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    async with local_document(content, temp_dir=tmp_path) as document:
        assert await document.sha256() == hashlib.sha256(content).hexdigest()
        assert not document.written
        assert list(tmp_path.iterdir()) == []


async def test_the_file_is_private_written_once_and_removed_with_the_engines_folder(
    tmp_path: Path,
) -> None:
    async with local_document(b"%PDF-1.7", temp_dir=tmp_path) as document:
        path = await document.path()
        assert await document.path() == path  # written once
        assert path.parent == tmp_path and path.stat().st_mode & 0o777 == 0o600
        assert path.read_bytes() == b"%PDF-1.7"
        workdir = await document.workdir()
        assert workdir.parent == tmp_path and not workdir.exists()  # the engine makes it
        (workdir / "pages").mkdir(parents=True)
        (workdir / "pages" / "page-001.png").write_bytes(b"png")
    assert list(tmp_path.iterdir()) == []


async def test_the_files_are_removed_when_the_read_fails(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="engine failed"):
        async with local_document(b"GIF89a", temp_dir=tmp_path) as document:
            await document.path()
            raise ValueError("engine failed")
    assert list(tmp_path.iterdir()) == []


async def test_the_file_is_removed_when_the_request_is_cancelled(tmp_path: Path) -> None:
    written = asyncio.Event()

    async def read() -> None:
        async with local_document(b"%PDF-1.7", temp_dir=tmp_path) as document:
            await document.path()
            written.set()
            await asyncio.sleep(3600)

    task = asyncio.create_task(read())
    await written.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert list(tmp_path.iterdir()) == []


async def test_discard_without_a_file_is_a_no_op(tmp_path: Path) -> None:
    document = LocalDocument(b"abc", temp_dir=tmp_path)
    await document.discard()
    assert document.size == 3 and list(tmp_path.iterdir()) == []
