"""The pool's calls report the CPU they took where they ran, and stay the calls they were."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial
from multiprocessing import get_context

import pytest

from stream.metrics import POOL_FUNCTIONS, Metrics
from stream.pool_cpu import MeteredExecutor


@pytest.fixture(scope="module")
def processes() -> Iterator[ProcessPoolExecutor]:
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        pool.submit(int).result()  # started before any call is timed
        yield pool


def _metered(inner: Executor) -> tuple[MeteredExecutor, list[tuple[str, float]]]:
    seen: list[tuple[str, float]] = []
    return MeteredExecutor(inner, lambda function, seconds: seen.append((function, seconds))), seen


# Key stretching: CPU work in C, picklable, with a known answer.
_STRETCH = partial(hashlib.pbkdf2_hmac, "sha256", b"password", b"salt", 300_000)


def test_a_call_reports_the_cpu_the_pool_process_spent(processes: ProcessPoolExecutor) -> None:
    started = time.process_time()
    expected = _STRETCH()
    here = time.process_time() - started
    metered, seen = _metered(processes)

    assert metered.submit(_STRETCH).result(timeout=60) == expected

    [(function, seconds)] = seen
    assert function == "pbkdf2_hmac"
    # The same work as here, give or take another machine's load; the caller
    # itself only waited.
    assert 0.5 * here <= seconds <= 3 * here + 0.05


def test_waiting_in_the_pool_is_not_cpu(processes: ProcessPoolExecutor) -> None:
    metered, seen = _metered(processes)

    started = time.monotonic()
    metered.submit(time.sleep, 0.3).result(timeout=60)

    assert time.monotonic() - started >= 0.3
    [(function, seconds)] = seen
    assert function == "sleep" and seconds < 0.05


def test_an_error_reaches_the_caller_and_reports_nothing() -> None:
    with ThreadPoolExecutor(1) as threads:
        metered, seen = _metered(threads)

        future = metered.submit(int, "not a number")

        with pytest.raises(ValueError, match="not a number"):
            future.result(timeout=10)
    assert seen == []


def test_cancelling_the_callers_future_cancels_the_queued_call() -> None:
    release = threading.Event()
    ran: list[str] = []
    with ThreadPoolExecutor(1) as threads:
        metered, seen = _metered(threads)
        busy = metered.submit(release.wait, 10)
        queued = metered.submit(ran.append, "ran")

        assert queued.cancel()
        release.set()
        busy.result(timeout=10)
    assert queued.cancelled() and ran == []
    assert [function for function, _ in seen] == ["wait"]


def test_the_histogram_counts_calls_by_function() -> None:
    metrics = Metrics()
    for function in POOL_FUNCTIONS:  # exported from the start, at zero
        assert (
            metrics.registry.get_sample_value("idp_pool_cpu_seconds_count", {"function": function})
            == 0.0
        )

    metrics.pool_cpu("read_document", 0.8)
    metrics.pool_cpu("read_document", 0.02)

    assert metrics.value("idp_pool_cpu_seconds_count", function="read_document") == 2
    assert metrics.value("idp_pool_cpu_seconds_sum", function="read_document") == pytest.approx(
        0.82
    )
    assert metrics.value("idp_pool_cpu_seconds_bucket", function="read_document", le="0.025") == 1
