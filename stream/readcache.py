"""The reading engine as the worker uses it: reads bounded to the pool, results reused.

See ``processors.reading.reuse``; the cache lives in the ledger's database
(``sinks.documents``) and is purged of entries past ``READ_CACHE_DAYS``.
"""

from __future__ import annotations

import asyncio

import structlog

from processors.reading import OcrEngine
from processors.reading.reuse import CachedEngine, PoolSlots, reader_key
from sinks import PostgresLedger, SinkError
from sinks.documents import PostgresReadCache

from .settings import Settings

log = structlog.get_logger(__name__)

PURGE_INTERVAL_S = 3600.0


def reading_engine(
    s: Settings, engine: OcrEngine, ledger: PostgresLedger
) -> tuple[OcrEngine, PostgresReadCache | None]:
    """``engine`` with at most ``OCR_WORKERS`` documents in the pool (Tesseract only:
    the HTTP engine spends most of a read outside it) and, unless ``READ_CACHE_DAYS``
    is 0, answering from the read cache."""
    if s.ocr_engine == "tesseract":
        engine = PoolSlots(engine, slots=s.ocr_workers)
    if s.read_cache_days == 0:
        return engine, None
    cache = PostgresReadCache(ledger, max_age_days=s.read_cache_days)
    reader = reader_key(s.ocr_engine, max_pages=s.max_pages, dpi=s.ocr_dpi)
    return CachedEngine(engine, cache, reader=reader), cache


async def purge_read_cache(
    cache: PostgresReadCache, *, interval_s: float = PURGE_INTERVAL_S
) -> None:
    """Delete expired cache entries now and every ``interval_s`` until cancelled."""
    while True:
        try:
            removed = await cache.purge()
            if removed:
                log.info("read_cache.purged", removed=removed)
        except SinkError as exc:
            log.warning("read_cache.purge_failed", error=str(exc))
        await asyncio.sleep(interval_s)
