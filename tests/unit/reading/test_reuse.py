"""Read results reused by content hash, and reads bounded to the pool's size."""

from __future__ import annotations

import asyncio
from pathlib import Path

from processors.reading.reuse import (
    CachedEngine,
    MemoryReadCache,
    PoolSlots,
    file_sha256,
    reader_key,
)
from schemas import PageReading, ReadDocument


class CountingEngine:
    """Reads every file as one text page; counts reads and the most at once."""

    def __init__(self, *, delay_s: float = 0.0) -> None:
        self.reads = 0
        self.running = 0
        self.most = 0
        self._delay_s = delay_s

    async def read(self, path: Path, *, workdir: Path) -> ReadDocument:
        self.reads += 1
        self.running += 1
        self.most = max(self.most, self.running)
        try:
            await asyncio.sleep(self._delay_s)
            return ReadDocument(
                media_type="application/pdf",
                sha256=file_sha256(path),
                page_count=1,
                pages=[PageReading(number=1, text=path.read_text(), source="text_layer")],
            )
        finally:
            self.running -= 1


async def test_the_same_bytes_are_read_once(tmp_path: Path) -> None:
    inner, cache = CountingEngine(), MemoryReadCache()
    engine = CachedEngine(inner, cache, reader=reader_key("tesseract", max_pages=20, dpi=300))
    first, second, other = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"
    first.write_text("Приказ № 1")
    second.write_text("Приказ № 1")  # another upload, same bytes
    other.write_text("Приказ № 2")

    one = await engine.read(first, workdir=tmp_path)
    two = await engine.read(second, workdir=tmp_path)
    three = await engine.read(other, workdir=tmp_path)

    assert inner.reads == 2
    assert one == two and three.pages[0].text == "Приказ № 2"
    assert (engine.hits, engine.misses) == (1, 2)


async def test_another_reader_does_not_reuse(tmp_path: Path) -> None:
    inner, cache = CountingEngine(), MemoryReadCache()
    path = tmp_path / "a.pdf"
    path.write_text("Приказ")
    for dpi in (300, 200):
        engine = CachedEngine(inner, cache, reader=reader_key("tesseract", max_pages=20, dpi=dpi))
        await engine.read(path, workdir=tmp_path)
    assert inner.reads == 2


def test_reader_key_names_the_settings() -> None:
    key = reader_key("http", max_pages=5, dpi=200)
    assert key.startswith("http/p5/d200/") and key == reader_key("http", max_pages=5, dpi=200)


async def test_pool_slots_bound_reads_at_once(tmp_path: Path) -> None:
    inner = CountingEngine(delay_s=0.01)
    engine = PoolSlots(inner, slots=2)
    paths = []
    for i in range(6):
        path = tmp_path / f"{i}.pdf"
        path.write_text(f"page {i}")
        paths.append(path)
    await asyncio.gather(*(engine.read(p, workdir=tmp_path) for p in paths))
    assert inner.reads == 6 and inner.most == 2
