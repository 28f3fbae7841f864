"""The measured phases: a burst of events through the worker, and repeated events."""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from stream.submit import new_request_id

from ._collector import Arrival, ResultCollector
from ._documents import BenchDocument
from ._environment import BenchContext
from ._stats import percentiles
from ._worker import MemorySampler, cpu_seconds, machine_busy_seconds, own_cpu_seconds


@dataclass
class Burst:
    """Events sent at once and the results they brought."""

    payloads: list[dict[str, Any]]
    expected: dict[int, bool]
    sent_at: dict[int, float] = field(default_factory=dict)
    arrivals: dict[int, Arrival] = field(default_factory=dict)
    started: float = 0.0
    finished: float = 0.0
    peak_rss: int = 0
    worker_cpu_s: float = 0.0
    """CPU the worker and its pool used during the burst."""
    loop_cpu_s: float = 0.0
    """CPU of the worker's own process (its event loop and threads, not the pool)."""
    server_cpu_s: float | None = None
    """CPU the broker, PostgreSQL and S3 used, where they run on this machine."""
    pool_cpu_s: dict[str, float] = field(default_factory=dict)
    """CPU of the pool's calls by function (``read_document``, ``evaluate``), as the
    pool processes measured it: the reading and the rules apart."""
    harness_cpu_s: float = 0.0
    """CPU of this benchmark's own process (sending, collecting, sampling)."""
    machine_busy_s: float = 0.0
    """CPU all the machine's cores spent busy, whoever used it."""

    @property
    def request_ids(self) -> list[int]:
        return [p["request_id"] for p in self.payloads]

    @property
    def seconds(self) -> float:
        return max(0.0, self.finished - self.started)

    @property
    def per_second(self) -> float:
        done = len(self.arrivals)
        return done / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> dict[str, Any]:
        statuses: dict[str, int] = {}
        for arrival in self.arrivals.values():
            statuses[arrival.status] = statuses.get(arrival.status, 0) + 1
        as_expected = sum(
            1 for rid, a in self.arrivals.items() if a.verdict is self.expected.get(rid)
        )
        latency = [
            (a.at - self.sent_at[rid]) * 1000 for rid, a in self.arrivals.items()
            if rid in self.sent_at
        ]  # fmt: skip
        return {
            "events": len(self.payloads),
            "results": len(self.arrivals),
            "seconds": round(self.seconds, 3),
            "per_second": round(self.per_second, 2),
            "per_minute": round(self.per_second * 60, 1),
            "statuses": statuses,
            "verdicts_as_expected": as_expected,
            "end_to_end_ms": percentiles(latency),
            "peak_rss_bytes": self.peak_rss,
            **self._cpu(done=len(self.arrivals)),
        }

    def _cpu(self, *, done: int) -> dict[str, Any]:
        """CPU per event, and the rate it allows on this machine's cores with nothing
        else running (and no faster than the worker's one event loop allows): a
        figure that holds on a busy machine, where wall time does not."""
        if not done:
            return {}
        cores = os.cpu_count() or 1
        out: dict[str, Any] = {"worker_cpu_ms_per_event": round(self.worker_cpu_s * 1000 / done, 2)}
        total = self.worker_cpu_s
        if self.server_cpu_s is not None:
            out["servers_cpu_ms_per_event"] = round(self.server_cpu_s * 1000 / done, 2)
            total += self.server_cpu_s
        bound = cores * done / total if total > 0 else None
        if self.machine_busy_s > 0 and self.seconds > 0:
            # Where the cores went: the worker and servers above, this benchmark's
            # own process, and anything else running (other users' jobs). A busy
            # share well under 1 is a stall, not a lack of cores.
            out["harness_cpu_ms_per_event"] = round(self.harness_cpu_s * 1000 / done, 2)
            others = self.machine_busy_s - total - self.harness_cpu_s
            out["other_cpu_ms_per_event"] = round(max(0.0, others) * 1000 / done, 2)
            out["machine_busy_share"] = round(self.machine_busy_s / (cores * self.seconds), 3)
        if any(self.pool_cpu_s.values()):
            out["pool_cpu_ms_per_event"] = {
                function: round(seconds * 1000 / done, 2)
                for function, seconds in self.pool_cpu_s.items()
                if seconds > 0
            }
        if self.loop_cpu_s > 0:
            # The worker's event loop is one process on one core, whatever the machine has.
            out["worker_loop_cpu_ms_per_event"] = round(self.loop_cpu_s * 1000 / done, 2)
            loop_bound = done / self.loop_cpu_s
            bound = loop_bound if bound is None else min(bound, loop_bound)
        out["cpu_bound_per_second"] = round(bound, 1) if bound is not None else None
        return out


_next_id = [0]


def fresh_ids(count: int) -> list[int]:
    """``count`` request ids never used before in this process (nor, in practice, elsewhere)."""
    if not _next_id[0]:
        _next_id[0] = new_request_id()
    start = _next_id[0]
    _next_id[0] += count
    return list(range(start, start + count))


async def prepare(context: BenchContext, documents: list[BenchDocument]) -> Burst:
    """Upload the documents and make one event for each (not sent yet)."""
    paths = await context.upload(documents)
    now = datetime.now(UTC).astimezone()
    payloads, expected = [], {}
    for request_id, document, path in zip(fresh_ids(len(documents)), documents, paths, strict=True):
        payloads.append(document.case.event(request_id, path, created_at=now))
        expected[request_id] = document.case.expected_verdict
    return Burst(payloads=payloads, expected=expected)


async def run_burst(
    context: BenchContext,
    burst: Burst,
    *,
    timeout_s: float,
    sampler: MemorySampler | None = None,
) -> Burst:
    """Send every event of ``burst`` at once; wait until each has its result."""
    worker = [context.worker.pid] if context.worker is not None else []
    topic = context.settings.result_topic
    async with ResultCollector(context.bootstrap, topic, **context.kafka_options) as collector:
        if sampler is not None:
            sampler.reset()
        # Scraped outside the CPU readings: the scrape itself costs the worker a little.
        pool_cpu = context.worker.pool_cpu_seconds() if context.worker else {}
        worker_cpu, server_cpu = cpu_seconds(worker), cpu_seconds(context.server_pids)
        loop_cpu = own_cpu_seconds(worker[0]) if worker else 0.0
        harness_cpu, machine_busy = time.process_time(), machine_busy_seconds()
        burst.started = time.monotonic()
        burst.sent_at = dict.fromkeys(burst.request_ids, burst.started)
        await context.produce(burst.payloads)
        burst.arrivals = await collector.wait_for(burst.request_ids, timeout=timeout_s)
        burst.finished = max((a.at for a in burst.arrivals.values()), default=time.monotonic())
        burst.machine_busy_s = machine_busy_seconds() - machine_busy
        burst.harness_cpu_s = time.process_time() - harness_cpu
        burst.worker_cpu_s = cpu_seconds(worker) - worker_cpu
        burst.loop_cpu_s = own_cpu_seconds(worker[0]) - loop_cpu if worker else 0.0
        if context.server_pids:
            burst.server_cpu_s = cpu_seconds(context.server_pids) - server_cpu
        if context.worker:
            after = context.worker.pool_cpu_seconds()
            burst.pool_cpu_s = {f: after[f] - pool_cpu.get(f, 0.0) for f in after}
        if sampler is not None:
            burst.peak_rss = sampler.peak_bytes
    return burst


async def watch_idle(
    context: BenchContext, seconds: float, *, settle_s: float = 1.0
) -> dict[str, float]:
    """The worker's CPU (its pool included) while it has no work for ``seconds``: what
    it takes from the cores, OCR's above all, just by running. Watched from
    ``settle_s`` after the last work (the outbox relay's last callbacks)."""
    worker = [context.worker.pid] if context.worker is not None else []
    await asyncio.sleep(settle_s)
    started, used = time.monotonic(), cpu_seconds(worker)
    await asyncio.sleep(seconds)
    elapsed = time.monotonic() - started
    used = cpu_seconds(worker) - used
    return {
        "seconds": round(elapsed, 2),
        "cpu_seconds": round(used, 3),
        "share_of_a_core": round(used / elapsed, 4) if elapsed > 0 else 0.0,
    }


@dataclass(frozen=True)
class DuplicateResult:
    events: int
    counted: int
    seconds: float
    """From the first send until every repeat was counted."""
    cpu_s: float = 0.0
    """CPU of the worker and the local servers while the repeats were handled."""
    loop_cpu_s: float = 0.0
    """CPU of the worker's own process: a repeat never leaves its one event loop."""
    sent_s: float = 0.0
    """How long sending the repeats took (inside ``seconds``)."""
    first_s: float = 0.0
    """When the first repeats were counted (inside ``seconds``): how long the idle
    consumer took to fetch them, which is the broker's wait, not a repeat's cost."""
    first_counted: int = 0
    """How many were counted at ``first_s``."""

    @property
    def per_second(self) -> float:
        """The sustained rate: the repeats after the first counted, over the time
        from then to the last; the whole clock when that span is too short."""
        span = self.seconds - self.first_s
        if self.first_counted and span > 0 and self.counted > self.first_counted:
            return (self.counted - self.first_counted) / span
        return self.per_second_from_send

    @property
    def per_second_from_send(self) -> float:
        return self.counted / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "events": self.events,
            "counted": self.counted,
            "seconds": round(self.seconds, 3),
            "per_second": round(self.per_second, 1),
            "per_second_from_send": round(self.per_second_from_send, 1),
            "first_counted_after_seconds": round(self.first_s, 3),
            "sent_seconds": round(self.sent_s, 3),
        }
        if self.counted and self.cpu_s > 0:
            out["cpu_ms_per_event"] = round(self.cpu_s * 1000 / self.counted, 2)
            bound = (os.cpu_count() or 1) * self.counted / self.cpu_s
            if self.loop_cpu_s > 0:
                # One worker handles repeats on one core, whatever the machine has.
                out["loop_cpu_ms_per_event"] = round(self.loop_cpu_s * 1000 / self.counted, 2)
                bound = min(bound, self.counted / self.loop_cpu_s)
            out["cpu_bound_per_second"] = round(bound, 1)
        return out


async def run_duplicates(
    context: BenchContext, burst: Burst, *, count: int, timeout_s: float
) -> DuplicateResult:
    """Send ``count`` events of an already decided ``burst`` again; time until the
    ledger has counted every repeat, and when it counted the first ones."""
    payloads = [burst.payloads[i % len(burst.payloads)] for i in range(count)]
    ids = sorted({p["request_id"] for p in payloads})
    before = await _duplicates(context, ids)
    watched = ([context.worker.pid] if context.worker else []) + context.server_pids
    cpu = cpu_seconds(watched)
    loop_cpu = own_cpu_seconds(context.worker.pid) if context.worker else 0.0
    started = time.monotonic()
    await context.produce(payloads)
    sent = time.monotonic()
    deadline = started + timeout_s
    counted = first_counted = 0
    first = started
    while time.monotonic() < deadline:
        counted = await _duplicates(context, ids) - before
        if counted and not first_counted:
            first, first_counted = time.monotonic(), counted
        if counted >= count:
            break
        await asyncio.sleep(0.005)
    seconds = time.monotonic() - started
    return DuplicateResult(
        events=count,
        counted=counted,
        seconds=seconds,
        cpu_s=cpu_seconds(watched) - cpu,
        loop_cpu_s=(own_cpu_seconds(context.worker.pid) - loop_cpu) if context.worker else 0.0,
        sent_s=sent - started,
        first_s=first - started,
        first_counted=first_counted,
    )


async def _duplicates(context: BenchContext, ids: list[int]) -> int:
    value = await context.db.fetchval(
        "SELECT coalesce(sum(duplicates), 0) FROM requests WHERE request_id = ANY($1::bigint[])",
        ids,
    )
    return int(value)


async def stage_latency(context: BenchContext, request_ids: list[int]) -> dict[str, Any]:
    """Percentiles of each stage's time from the ledger's ``timings_ms``, and the
    time spent queued between stages (``total`` less the stages)."""
    rows = await context.db.fetch(
        "SELECT timings_ms FROM requests WHERE request_id = ANY($1::bigint[])", request_ids
    )
    series: dict[str, list[float]] = {}
    for row in rows:
        timings = row["timings_ms"]
        if isinstance(timings, str):
            import json

            timings = json.loads(timings)
        for stage, ms in timings.items():
            series.setdefault(stage, []).append(float(ms))
        if "total" in timings:
            worked = sum(v for k, v in timings.items() if k != "total")
            series.setdefault("queued", []).append(max(0.0, timings["total"] - worked))
    return {stage: percentiles(values) for stage, values in sorted(series.items())}
