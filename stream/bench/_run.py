"""One benchmark run: the ceilings first, then the worker under each workload."""

from __future__ import annotations

import asyncio
import contextlib
import os
import platform
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from stream.samples import SampleCase
from stream.settings import Settings

from ._baseline import plain_loop
from ._ceiling import CeilingResult, measure_ceiling
from ._documents import DocumentSet
from ._environment import BenchContext, bench_context
from ._phases import Burst, prepare, run_burst, run_duplicates, stage_latency, watch_idle
from ._worker import MemorySampler, Profiler

GIB = 1024**3
TARGETS = {
    "text_pdfs_per_second": 100.0,
    "scan_ceiling_ratio": 0.9,
    "burst_peak_rss_bytes": int(1.5 * GIB),
    "duplicates_per_second": 1000.0,
}


@dataclass(frozen=True)
class BenchOptions:
    events: int = 1000
    """Text-PDF events per stream burst; the cold burst is also the memory burst."""
    cold_events: int | None = None
    """Events of distinct files (default: ``events``)."""
    scans: int = 24
    photos: int = 12
    """Phone photos (reported beside the scans, against their own ceiling; 0: none)."""
    duplicates: int | None = None
    """Repeated events (default: ``events``)."""
    baseline_messages: int = 5000
    ceiling_repeats: int = 2
    worker_env: dict[str, str] = field(default_factory=dict)
    """Settings for the worker under test (environment names), over its defaults."""
    profile_dir: Path | None = None
    timeout_s: float = 900.0
    idle_s: float = 10.0
    """How long the worker is watched with no work, after the warm-up."""


Progress = Callable[[str], None]


def _machine() -> dict[str, Any]:
    load = os.getloadavg()
    memory = None
    with contextlib.suppress(ImportError):
        import psutil

        memory = psutil.virtual_memory().total
    return {
        "cores": os.cpu_count(),
        "processor": _cpu_model(),
        "memory_bytes": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in load],
    }


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


async def run_bench(
    settings: Settings,
    options: BenchOptions,
    workdir: Path,
    *,
    documents: DocumentSet | None = None,
    server_pids: list[int] | None = None,
    progress: Progress = lambda _: None,
) -> dict[str, Any]:
    """Every benchmark on the resolved ``settings``; the JSON report as a dict."""
    started = time.monotonic()
    report: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "options": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(options).items()},
        "targets": TARGETS,
    }
    progress("rendering the sample documents")
    docs = documents if documents is not None else await asyncio.to_thread(_build_documents)

    def ceiling_of(cases: tuple[SampleCase, ...]) -> Awaitable[CeilingResult]:
        contents = [case.content for case in cases]
        return asyncio.to_thread(
            measure_ceiling, contents, dpi=settings.ocr_dpi, repeats=options.ceiling_repeats
        )

    progress("OCR ceiling: Tesseract alone on the scan pages")
    ceiling = await ceiling_of(docs.scans)
    photo_ceiling = None
    if options.photos:
        progress("OCR ceiling: Tesseract alone on the photos' pages")
        photo_ceiling = await ceiling_of(docs.photos)
    async with bench_context(settings, workdir, server_pids=server_pids) as context:
        progress("plain aiokafka consume→produce loop")
        baseline = await plain_loop(
            context.bootstrap,
            context.settings.consumer_group,
            messages=options.baseline_messages,
            message_bytes=_event_size(docs),
            partitions=context.settings.topic_partitions,
            idempotent=context.settings.kafka_enable_idempotence,
            kafka_options=context.kafka_options,
        )
        report["baseline"] = {
            "messages": baseline.messages,
            "message_bytes": baseline.message_bytes,
            "seconds": round(baseline.seconds, 3),
            "per_second": round(baseline.per_second, 1),
        }
        progress("starting the worker")
        worker = context.start_worker(**options.worker_env)
        report["worker_settings"] = options.worker_env
        with MemorySampler(worker.pid) as sampler:
            report["worker_idle_rss_bytes"] = sampler.last_bytes
            phases = _Phases(context, options, sampler, progress)
            await phases.warm_up(docs)
            progress(f"the worker idle for {options.idle_s:g} s")
            report["worker_idle"] = await watch_idle(context, options.idle_s)
            cold = await phases.burst(
                "stream_cold",
                [docs.unique("text", i) for i in range(options.cold_events or options.events)],
            )
            # The originals once, so every timed event after that can reuse a result.
            await phases.burst(None, [docs.same("text", i) for i in range(len(docs.text_pdfs))])
            warm = await phases.burst(
                "stream_warm", [docs.same("text", i) for i in range(options.events)]
            )
            progress("duplicates")
            with phases.profile("duplicates"):
                repeats = await run_duplicates(
                    context, cold, count=options.duplicates or options.events, timeout_s=300
                )
            scans = await phases.burst(
                "scans", [docs.unique("scan", i) for i in range(options.scans)]
            )
            photos = None
            if photo_ceiling is not None:
                photos = await phases.burst(
                    "photos", [docs.unique("photo", i) for i in range(options.photos)]
                )
            report["worker_peak_rss_bytes"] = sampler.peak_bytes
        report["stream"] = {
            "cold": cold.summary(),
            "warm": warm.summary(),
            "baseline_per_second": round(baseline.per_second, 1),
            "cold_ratio": _ratio(cold.per_second, baseline.per_second),
            "warm_ratio": _ratio(warm.per_second, baseline.per_second),
        }
        report["scans"] = _against_ceiling(scans, ceiling)
        report["latency_ms"] = {
            "stream_cold": await stage_latency(context, cold.request_ids),
            "stream_warm": await stage_latency(context, warm.request_ids),
            "scans": await stage_latency(context, scans.request_ids),
        }
        if photos is not None and photo_ceiling is not None:
            report["photos"] = _against_ceiling(photos, photo_ceiling)
            report["latency_ms"]["photos"] = await stage_latency(context, photos.request_ids)
        report["burst"] = {
            "events": len(cold.payloads),
            "peak_rss_bytes": cold.peak_rss,
            "peak_rss_gib": round(cold.peak_rss / GIB, 3),
        }
        report["duplicates"] = repeats.summary()
        report["cache"] = await _cache_counts(context)
    report["verdict"] = verdict(report)
    report["seconds"] = round(time.monotonic() - started, 1)
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return report


class _Phases:
    def __init__(
        self,
        context: BenchContext,
        options: BenchOptions,
        sampler: MemorySampler,
        progress: Progress,
    ) -> None:
        self._context = context
        self._options = options
        self._sampler = sampler
        self._progress = progress

    async def warm_up(self, docs: DocumentSet) -> None:
        """One event of each kind, untimed: the group joined, the pool's first pages read."""
        self._progress("warm-up")
        burst = await prepare(
            self._context, [docs.unique("text", 10**7), docs.unique("scan", 10**7)]
        )
        await run_burst(self._context, burst, timeout_s=self._options.timeout_s)
        if len(burst.arrivals) < len(burst.payloads):
            raise RuntimeError(f"the worker did not answer the warm-up: {self._tail()}")

    async def burst(self, name: str | None, documents: list[Any]) -> Burst:
        if name:
            self._progress(f"{name}: uploading {len(documents)} documents")
        burst = await prepare(self._context, documents)
        if name:
            self._progress(f"{name}: {len(documents)} events")
        with self.profile(name):
            await run_burst(
                self._context, burst, timeout_s=self._options.timeout_s, sampler=self._sampler
            )
        if len(burst.arrivals) < len(burst.payloads):
            self._progress(f"{name}: only {len(burst.arrivals)}/{len(burst.payloads)} results came")
        return burst

    def profile(self, name: str | None) -> contextlib.AbstractContextManager[object]:
        """py-spy on the worker while a named phase runs, with ``--profile``."""
        if name and self._options.profile_dir and self._context.worker and Profiler.available():
            return Profiler(self._context.worker.pid, self._options.profile_dir / f"{name}.txt")
        return contextlib.nullcontext()

    def _tail(self) -> str:
        worker = self._context.worker
        return worker.tail() if worker else ""


def _build_documents() -> DocumentSet:
    return DocumentSet.build()


async def _cache_counts(context: BenchContext) -> dict[str, Any]:
    exists = await context.db.fetchval("SELECT to_regclass('documents') IS NOT NULL")
    if not exists:
        return {"documents": None}
    return {"documents": await context.db.fetchval("SELECT count(*) FROM documents")}


def _event_size(docs: DocumentSet) -> int:
    import json

    case = docs.text_pdfs[0]
    sample = case.event(
        1_700_000_000_000_000, f"s3://loan-docs/uploads/2026/01/{'0' * 26}/{case.filename}"
    )
    return len(json.dumps(sample, ensure_ascii=False).encode())


def _against_ceiling(burst: Burst, ceiling: CeilingResult) -> dict[str, Any]:
    """A burst of OCR documents beside Tesseract's ceiling on the same pages."""
    return {
        **burst.summary(),
        "ceiling": {
            "tesseract_seconds_per_page": round(ceiling.seconds_per_page, 3),
            "tesseract_cpu_seconds_per_page": round(ceiling.cpu_seconds_per_page, 3),
            "samples": ceiling.samples,
            "pages_per_document": ceiling.pages_per_document,
            "cores": ceiling.cores,
            "documents_per_minute": round(ceiling.documents_per_minute, 1),
        },
        "ratio": _ratio(burst.per_second * 60, ceiling.documents_per_minute),
        # Load-independent: Tesseract's CPU per page over all the CPU a document
        # cost (worker, pool, servers), i.e. the share of the cores spent in OCR.
        "cpu_ratio": _cpu_ratio(burst, ceiling.cpu_seconds_per_page * ceiling.pages_per_document),
    }


def _cpu_ratio(burst: Burst, ocr_cpu_s: float) -> float | None:
    done = len(burst.arrivals)
    spent = burst.worker_cpu_s + (burst.server_cpu_s or 0.0)
    return round(ocr_cpu_s * done / spent, 4) if done and spent > 0 else None


def _ratio(value: float, reference: float) -> float:
    return round(value / reference, 6) if reference > 0 else 0.0


def verdict(report: dict[str, Any]) -> dict[str, Any]:
    """Each target, the figures it is judged on, and whether it was met.

    ``value`` is what the run measured on the clock; ``if_alone`` (where there is
    one) is the same figure from the CPU the work used, i.e. what the cores would
    do with nothing else running: on a shared machine the two differ.
    """
    stream, scans = report["stream"], report["scans"]
    checks: dict[str, tuple[str, Any, Any, str]] = {
        "text_pdfs_per_second": (
            "text_pdfs_per_second", stream["cold"]["per_second"],
            stream["cold"].get("cpu_bound_per_second"), ">=",
        ),
        "text_pdfs_per_second_repeated": (
            "text_pdfs_per_second", stream["warm"]["per_second"],
            stream["warm"].get("cpu_bound_per_second"), ">=",
        ),
        "scan_ceiling_ratio": ("scan_ceiling_ratio", scans["ratio"], scans.get("cpu_ratio"), ">="),
        "burst_peak_rss_bytes": (
            "burst_peak_rss_bytes", report["burst"]["peak_rss_bytes"], None, "<=",
        ),
        "duplicates_per_second": (
            "duplicates_per_second", report["duplicates"]["per_second"],
            report["duplicates"].get("cpu_bound_per_second"), ">=",
        ),
    }  # fmt: skip
    out = {}
    for name, (target_name, value, alone, op) in checks.items():
        target = TARGETS[target_name]

        def met(figure: Any, target: float = target, op: str = op) -> bool | None:
            if figure is None:
                return None
            return bool(figure >= target if op == ">=" else figure <= target)

        out[name] = {"value": value, "target": target, "met": met(value)}
        if alone is not None:
            out[name] |= {"if_alone": alone, "met_if_alone": met(alone)}
    return out
