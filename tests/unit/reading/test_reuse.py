"""Read results reused by content hash, and reads bounded to the pool's size."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

from processors.reading.local import LocalDocument
from processors.reading.reuse import CachedEngine, MemoryReadCache, PoolSlots, reader_key
from schemas import PageReading, ReadDocument


class CountingEngine:
    """Reads every file as one text page; counts reads and the most at once."""

    def __init__(self, *, delay_s: float = 0.0) -> None:
        self.reads = 0
        self.running = 0
        self.most = 0
        self._delay_s = delay_s

    async def read(self, document: LocalDocument) -> ReadDocument:
        self.reads += 1
        self.running += 1
        self.most = max(self.most, self.running)
        try:
            await asyncio.sleep(self._delay_s)
            return ReadDocument(
                media_type="application/pdf",
                sha256=hashlib.sha256(document.content).hexdigest(),
                page_count=1,
                pages=[PageReading(number=1, text=document.content.decode(), source="text_layer")],
            )
        finally:
            self.running -= 1


def _local(text: str, temp_dir: Path) -> LocalDocument:
    return LocalDocument(text.encode(), temp_dir=temp_dir)


async def test_the_same_bytes_are_read_once(tmp_path: Path) -> None:
    inner, cache = CountingEngine(), MemoryReadCache()
    engine = CachedEngine(inner, cache, reader=reader_key("tesseract", max_pages=20, dpi=300))
    first, second = _local("Приказ № 1", tmp_path), _local("Приказ № 1", tmp_path)
    other = _local("Приказ № 2", tmp_path)

    one = await engine.read(first)
    two = await engine.read(second)  # another upload, same bytes
    three = await engine.read(other)

    assert inner.reads == 2
    assert one == two and three.pages[0].text == "Приказ № 2"
    assert (engine.hits, engine.misses) == (1, 2)
    # The cache answered from memory: no file was written for any of them.
    assert list(tmp_path.iterdir()) == []


async def test_another_reader_does_not_reuse(tmp_path: Path) -> None:
    inner, cache = CountingEngine(), MemoryReadCache()
    for dpi in (300, 200):
        engine = CachedEngine(inner, cache, reader=reader_key("tesseract", max_pages=20, dpi=dpi))
        await engine.read(_local("Приказ", tmp_path))
    assert inner.reads == 2


def test_reader_key_names_the_settings() -> None:
    key = reader_key("http", max_pages=5, dpi=200)
    assert key.startswith("http/p5/d200/") and key == reader_key("http", max_pages=5, dpi=200)


async def test_pool_slots_bound_reads_at_once(tmp_path: Path) -> None:
    inner = CountingEngine(delay_s=0.01)
    engine = PoolSlots(inner, slots=2)
    await asyncio.gather(*(engine.read(_local(f"page {i}", tmp_path)) for i in range(6)))
    assert inner.reads == 6 and inner.most == 2
