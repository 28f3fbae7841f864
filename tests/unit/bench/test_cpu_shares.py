"""Where a burst's cores went: the worker and servers, the benchmark itself, and
anything else on the machine; and how busy the cores were in all."""

from __future__ import annotations

import os
import time

from stream.bench._collector import Arrival
from stream.bench._phases import Burst
from stream.bench._worker import machine_busy_seconds


def test_the_machine_busy_time_counts_this_process_work() -> None:
    before_busy, before_own = machine_busy_seconds(), time.process_time()
    sum(i * i for i in range(5_000_000))
    own = time.process_time() - before_own
    # Every core's busy time, this process's among it (ticks are 10 ms).
    assert machine_busy_seconds() - before_busy >= own - 0.05


def _burst(**cpu: float) -> Burst:
    burst = Burst(payloads=[], expected={}, started=0.0, finished=10.0, **cpu)
    burst.arrivals = {rid: Arrival(at=10.0, status="completed", verdict=True) for rid in range(100)}
    return burst


def test_the_cores_are_shared_out_and_the_rest_is_someone_elses() -> None:
    cores = os.cpu_count() or 1
    busy = 2.0 * cores  # 20 % of the cores over the 10 s
    summary = _burst(
        worker_cpu_s=1.0, server_cpu_s=0.5, harness_cpu_s=0.2, machine_busy_s=busy
    ).summary()
    assert summary["harness_cpu_ms_per_event"] == 2.0
    assert summary["other_cpu_ms_per_event"] == round((busy - 1.7) * 10, 2)
    assert summary["machine_busy_share"] == 0.2


def test_without_the_machine_figure_no_shares_are_claimed() -> None:
    summary = _burst(worker_cpu_s=1.0, server_cpu_s=0.5).summary()
    assert "machine_busy_share" not in summary and "other_cpu_ms_per_event" not in summary
