"""Engines around an engine: results reused by content hash, and reads bounded to the pool.

``CachedEngine`` looks a file's SHA-256 up before reading it, so the same
bytes are never read twice (a resubmitted document, the same certificate sent
for two loans). The key also holds a fingerprint of the reader: this package's
source, the native libraries' versions and the reading settings, so a change
to any of them reads again instead of reusing an old answer.

``PoolSlots`` lets at most as many documents into the pool as it has
processes. More reads may be in flight (downloading, waiting on the ledger),
but none waits *inside* the pool's queue, where it would hold back the
checking stage's short pool calls behind whole documents.
"""

from __future__ import annotations

import asyncio
import hashlib
from functools import lru_cache
from importlib import metadata, resources
from typing import Protocol

from processors.reading.engines import OcrEngine
from processors.reading.local import LocalDocument
from schemas.document import ReadDocument

_LIBRARIES = (
    "pypdfium2",
    "tesserocr",
    "opencv-python-headless",
    "Pillow",
    "pillow-heif",
    "zxing-cpp",
)


class ReadCache(Protocol):
    """Read results by (file SHA-256, reader fingerprint).

    A cache that cannot answer (its store is down) behaves as empty: ``get``
    returns None and ``put`` drops the result. It never fails a read.
    """

    async def get(self, sha256: str, reader: str) -> ReadDocument | None: ...

    async def put(self, sha256: str, reader: str, document: ReadDocument) -> None: ...


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    for entry in sorted(resources.files("processors.reading").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".py"):
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    return digest.hexdigest()[:16]


def reader_key(engine: str, *, max_pages: int, dpi: int) -> str:
    """What a cached result must have been read with to be reused."""
    return f"{engine}/p{max_pages}/d{dpi}/{_code_fingerprint()}"


class CachedEngine:
    """``engine``, answering from ``cache`` for bytes it has read before."""

    def __init__(self, engine: OcrEngine, cache: ReadCache, *, reader: str) -> None:
        self._engine = engine
        self._cache = cache
        self._reader = reader
        self.hits = 0
        self.misses = 0

    async def read(self, document: LocalDocument) -> ReadDocument:
        sha256 = await document.sha256()
        cached = await self._cache.get(sha256, self._reader)
        if cached is not None:
            self.hits += 1
            return cached
        self.misses += 1
        read = await self._engine.read(document)
        await self._cache.put(sha256, self._reader, read)
        return read


class PoolSlots:
    """``engine`` with at most ``slots`` documents in it at a time."""

    def __init__(self, engine: OcrEngine, *, slots: int) -> None:
        self._engine = engine
        self._slots = asyncio.Semaphore(slots)

    async def read(self, document: LocalDocument) -> ReadDocument:
        async with self._slots:
            return await self._engine.read(document)


class MemoryReadCache:
    """A fake ``ReadCache`` in a dict."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], ReadDocument] = {}

    async def get(self, sha256: str, reader: str) -> ReadDocument | None:
        return self.entries.get((sha256, reader))

    async def put(self, sha256: str, reader: str, document: ReadDocument) -> None:
        self.entries[(sha256, reader)] = document
