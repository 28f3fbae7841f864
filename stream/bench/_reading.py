"""``idp bench reading``: what reading one document costs, without the stream.

Each of the benchmark's documents is read whole (``read_document``: the type
from the bytes, the text layer or OCR, seals, QR codes) in a fresh process set
up as the worker's OCR pool (one OpenMP thread, engines loaded), once to warm
up and then ``passes`` times; the figure is the median CPU time of a pass. No
server, queue or other process is involved, so the figure moves only with the
reading code and the machine: what to compare before and after a change to
the reading, alternating runs of each side.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from processors.bootstrap import init_ocr_process

from ._documents import DocumentSet, Kind

KINDS: tuple[Kind, ...] = ("text", "scan", "photo")


def reading_cpu_ms(
    content: bytes, suffix: str, *, max_pages: int, dpi: int, passes: int
) -> list[float]:
    """CPU milliseconds of each of ``passes`` reads of ``content``, after one to warm up
    (in this process, which must be set up as an OCR pool process)."""
    from processors.reading.read import read_document

    with tempfile.NamedTemporaryFile(suffix=suffix) as file:
        file.write(content)
        file.flush()
        read_document(file.name, max_pages=max_pages, dpi=dpi)
        used = []
        for _ in range(passes):
            started = time.process_time()
            read_document(file.name, max_pages=max_pages, dpi=dpi)
            used.append((time.process_time() - started) * 1000)
    return used


def measure_reading(
    documents: DocumentSet,
    *,
    passes: int,
    max_pages: int,
    dpi: int,
    kinds: tuple[Kind, ...] = KINDS,
) -> dict[str, Any]:
    """Per document, its median CPU ms a read; per kind, the mean of those."""
    rows: list[dict[str, Any]] = []
    medians: dict[Kind, list[float]] = {}
    context = get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=init_ocr_process) as pool:
        for kind in kinds:
            for case in documents.of(kind):
                used = pool.submit(
                    reading_cpu_ms,
                    case.content,
                    Path(case.filename).suffix,
                    max_pages=max_pages,
                    dpi=dpi,
                    passes=passes,
                ).result()
                median = statistics.median(used)
                medians.setdefault(kind, []).append(median)
                rows.append(
                    {
                        "name": case.name,
                        "kind": kind,
                        "cpu_ms": round(median, 2),
                        "passes_ms": [round(ms, 2) for ms in used],
                    }
                )
    by_kind = {kind: round(statistics.mean(values), 2) for kind, values in medians.items()}
    return {"passes": passes, "documents": rows, "mean_cpu_ms_by_kind": by_kind}


def reading_summary(report: dict[str, Any]) -> str:
    lines = [f"reading, CPU ms a document (median of {report['passes']} passes, one process):"]
    for row in report["documents"]:
        lines.append(f"    {row['kind']:<6} {row['name']:<32} {row['cpu_ms']:>9.1f}")
    for kind, mean in report["mean_cpu_ms_by_kind"].items():
        lines.append(f"    {kind:<6} {'(mean)':<32} {mean:>9.1f}")
    return "\n".join(lines)
