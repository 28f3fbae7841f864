"""The worker's process pools: the checks in processes of their own, so a check
never waits for a read to end; or, with ``CHECK_WORKERS=0``, one pool for both."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import pytest

from processors.checks import RulesChecker
from processors.pool import ProcessPool
from stream.runtime import make_pools
from stream.settings import Settings

from . import documents as d
from .conftest import MakeDocument, MakeRequest


def _settings(**values: object) -> Settings:
    return Settings.model_validate({"ocr_workers": 1, "log_level": "warning", **values})


def _busy_until(path: str, limit_s: float) -> bool:
    """A read that holds its process until ``path`` exists."""
    deadline = time.monotonic() + limit_s
    while not Path(path).exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _loaded(module: str) -> bool:
    return module in sys.modules


def _shut(*pools: ProcessPool) -> None:
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)


async def test_a_check_runs_while_every_ocr_process_is_reading(
    tmp_path: Path, make_document: MakeDocument, make_request: MakeRequest
) -> None:
    pools = make_pools(_settings(check_workers=1))
    assert pools.checks is not pools.reading
    release = tmp_path / "release"
    try:
        loop = asyncio.get_running_loop()
        reading = loop.run_in_executor(pools.reading, _busy_until, str(release), 120.0)
        request = make_request("Жармаганбет", "Айгерим", "Сериккызы", iin=d.IIN_ZHARMAGANBET)
        report = await asyncio.wait_for(
            RulesChecker(pools.checks).check(request, make_document(d.KK_MATERNITY_ORDER)),
            timeout=30,
        )
        assert report.facts.person == "Жармағанбет Айгерім Серікқызы"
        assert not reading.done(), "the read must still hold the only OCR process"
        release.touch()
        assert await reading is True
        # The check processes hold the name dictionaries, not the OCR engines.
        assert not await loop.run_in_executor(pools.checks, _loaded, "tesserocr")
        assert await loop.run_in_executor(pools.reading, _loaded, "tesserocr")
        assert not await loop.run_in_executor(pools.reading, _loaded, "pymorphy3")
    finally:
        release.touch()
        _shut(*pools)


async def test_without_check_workers_one_pool_reads_and_checks() -> None:
    pools = make_pools(_settings(check_workers=0))
    try:
        assert pools.checks is pools.reading and pools.reading.workers == 1
        loop = asyncio.get_running_loop()
        for module in ("tesserocr", "pymorphy3"):
            assert await loop.run_in_executor(pools.reading, _loaded, module)
    finally:
        _shut(pools.reading)


def test_check_workers_is_bounded() -> None:
    with pytest.raises(ValueError):
        _settings(check_workers=-1)
