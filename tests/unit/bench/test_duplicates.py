"""The rate repeats could reach alone is bound by the worker's one event loop."""

from __future__ import annotations

import os

from stream.bench._collector import Arrival
from stream.bench._phases import Burst, DuplicateResult
from stream.bench._worker import own_cpu_seconds


def test_repeats_are_bound_by_the_loop_not_by_all_cores() -> None:
    # 1,000 repeats: 2 s of CPU in all, 1.5 s of it in the worker's own process.
    result = DuplicateResult(events=1000, counted=1000, seconds=2.0, cpu_s=2.0, loop_cpu_s=1.5)
    summary = result.summary()
    assert summary["cpu_ms_per_event"] == 2.0 and summary["loop_cpu_ms_per_event"] == 1.5
    cores_bound = (os.cpu_count() or 1) * 1000 / 2.0
    assert summary["cpu_bound_per_second"] == round(min(cores_bound, 1000 / 1.5), 1)


def test_without_the_loop_figure_the_cores_bound_stands() -> None:
    summary = DuplicateResult(events=10, counted=10, seconds=1.0, cpu_s=0.5).summary()
    assert summary["cpu_bound_per_second"] == round((os.cpu_count() or 1) * 10 / 0.5, 1)
    assert "loop_cpu_ms_per_event" not in summary


def test_own_cpu_counts_this_process() -> None:
    before = own_cpu_seconds(os.getpid())
    sum(i * i for i in range(3_000_000))
    assert own_cpu_seconds(os.getpid()) > before
    assert own_cpu_seconds(2**22 + 12345) == 0.0  # no such process


def test_the_rate_runs_from_the_first_repeat_counted() -> None:
    # The idle consumer fetched the first 40 after 0.5 s; the other 960 took 0.4 s.
    result = DuplicateResult(events=1000, counted=1000, seconds=0.9, first_s=0.5, first_counted=40)
    summary = result.summary()
    assert summary["per_second"] == 2400.0
    assert summary["per_second_from_send"] == round(1000 / 0.9, 1)
    assert summary["first_counted_after_seconds"] == 0.5


def test_all_counted_at_once_falls_back_to_the_whole_clock() -> None:
    result = DuplicateResult(events=10, counted=10, seconds=0.5, first_s=0.5, first_counted=10)
    assert result.per_second == 20.0


def _burst(*, worker_cpu_s: float, loop_cpu_s: float, done: int = 100) -> Burst:
    burst = Burst(payloads=[], expected={}, worker_cpu_s=worker_cpu_s, loop_cpu_s=loop_cpu_s)
    burst.arrivals = {rid: Arrival(at=1.0, status="completed", verdict=True) for rid in range(done)}
    burst.server_cpu_s = 0.0
    return burst


def test_a_burst_is_bound_by_the_workers_loop_when_it_is_the_busier() -> None:
    # 100 events: 1.0 s of CPU in all, 0.8 s of it on the worker's event loop.
    summary = _burst(worker_cpu_s=1.0, loop_cpu_s=0.8).summary()
    assert summary["worker_loop_cpu_ms_per_event"] == 8.0
    cores_bound = (os.cpu_count() or 1) * 100 / 1.0
    assert summary["cpu_bound_per_second"] == round(min(cores_bound, 100 / 0.8), 1)


def test_a_burst_read_in_the_pool_is_bound_by_the_cores() -> None:
    summary = _burst(worker_cpu_s=6.0, loop_cpu_s=1.0).summary()
    assert summary["cpu_bound_per_second"] == round((os.cpu_count() or 1) * 100 / 6.0, 1)
