"""Throughput against concurrency, and its plot.

Text PDFs: the worker's documents in flight (``READ_CONCURRENCY``, with the
checking stage's concurrency set alike) from 1 up. Scans: the OCR pool's
processes (``OCR_WORKERS``). Each point is a fresh worker and a fresh burst.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from stream.settings import Settings

from ._ceiling import measure_ceiling
from ._documents import DocumentSet
from ._environment import bench_context
from ._phases import prepare, run_burst


async def run_sweep(
    settings: Settings,
    workdir: Path,
    *,
    concurrency: Sequence[int],
    ocr_workers: Sequence[int],
    events: int,
    scans: int,
    progress: Callable[[str], None] = lambda _: None,
    timeout_s: float = 900.0,
    server_pids: list[int] | None = None,
) -> dict[str, Any]:
    docs = await asyncio.to_thread(DocumentSet.build)
    progress("OCR ceiling")
    ceiling = await asyncio.to_thread(
        measure_ceiling, [case.content for case in docs.scans], dpi=settings.ocr_dpi, repeats=1
    )
    text_points, scan_points = [], []
    async with bench_context(settings, workdir, server_pids=server_pids) as context:
        offset = 0
        for value in concurrency:
            progress(f"text PDFs, concurrency {value}")
            context.start_worker(READ_CONCURRENCY=str(value), CHECK_CONCURRENCY=str(value))
            await run_burst(context, await prepare(context, [docs.unique("text", 10**7 + value)]),
                            timeout_s=timeout_s)  # fmt: skip
            cold = await prepare(context, [docs.unique("text", offset + i) for i in range(events)])
            offset += events
            await run_burst(context, cold, timeout_s=timeout_s)
            warm = await prepare(context, [docs.same("text", i) for i in range(events)])
            await run_burst(context, warm, timeout_s=timeout_s)
            text_points.append(
                {"concurrency": value, "cold_per_second": round(cold.per_second, 2),
                 "warm_per_second": round(warm.per_second, 2),
                 "cold_cpu_bound_per_second": cold.summary().get("cpu_bound_per_second"),
                 "warm_cpu_bound_per_second": warm.summary().get("cpu_bound_per_second")}
            )  # fmt: skip
        for value in ocr_workers:
            progress(f"scans, {value} OCR workers")
            context.start_worker(OCR_WORKERS=str(value))
            burst = await prepare(context, [docs.unique("scan", offset + i) for i in range(scans)])
            offset += scans
            await run_burst(context, burst, timeout_s=timeout_s)
            scan_points.append(
                {"ocr_workers": value, "per_minute": round(burst.per_second * 60, 1)}
            )
        context.stop_worker()
    return {
        "text": text_points,
        "scans": scan_points,
        "cores": ceiling.cores,
        "ceiling_per_core_per_minute": round(ceiling.documents_per_minute / ceiling.cores, 1),
    }


def plot(sweep: dict[str, Any], png: Path, *, title: str = "") -> None:
    """Two panels: text-PDF events/s against concurrency, scans/min against OCR workers."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), dpi=120)
    text = sweep["text"]
    if text:
        xs = [p["concurrency"] for p in text]
        left.plot(xs, [p["cold_per_second"] for p in text], "o-", label="distinct files")
        left.plot(xs, [p["warm_per_second"] for p in text], "s--", label="repeated files (cached)")
        left.axhline(100, color="grey", linewidth=0.8, linestyle=":", label="target 100/s")
        left.set_xscale("log", base=2)
        left.set_xticks(xs, [str(x) for x in xs])
    left.set_xlabel("documents in flight (READ_CONCURRENCY)")
    left.set_ylabel("events / s, end to end")
    left.set_title("text-layer PDFs")
    left.legend(fontsize=8)
    left.grid(alpha=0.3)
    scans = sweep["scans"]
    if scans:
        xs = [p["ocr_workers"] for p in scans]
        right.plot(xs, [p["per_minute"] for p in scans], "o-", label="scans")
        ceiling = sweep.get("ceiling_per_core_per_minute")
        if ceiling:
            cores = sweep.get("cores", 2)
            right.plot(xs, [ceiling * min(x, cores) for x in xs], ":", color="grey",
                       label="Tesseract alone × min(workers, cores)")  # fmt: skip
        right.set_xticks(xs)
    right.set_xlabel("OCR pool processes (OCR_WORKERS)")
    right.set_ylabel("documents / min")
    right.set_title("scanned documents")
    right.legend(fontsize=8)
    right.grid(alpha=0.3)
    if title:
        fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    png.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(png)
    plt.close(fig)
