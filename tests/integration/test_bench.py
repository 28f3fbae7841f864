"""A tiny run of every benchmark on the real stack, so ``make bench`` cannot rot.

It checks the report's shape and that its figures are sane, not the targets:
a handful of events on a shared test machine say nothing about throughput.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stream.bench import BenchOptions, DocumentSet, run_bench, summary
from stream.samples import SampleCase
from stream.settings import Settings

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

EVENTS = 6


async def test_bench_reports_every_figure(
    settings: Settings, samples: dict[str, SampleCase], tmp_path: Path
) -> None:
    options = BenchOptions(
        events=EVENTS,
        cold_events=4,
        scans=1,
        photos=1,
        duplicates=EVENTS,
        baseline_messages=50,
        ceiling_repeats=1,
        # A small pool keeps the run light beside the session's worker.
        worker_env={"OCR_WORKERS": "1"},
        idle_s=1.0,
    )
    documents = DocumentSet.build(list(samples.values()))
    report = await run_bench(settings, options, tmp_path, documents=documents)
    json.dumps(report)  # the report is plain JSON

    stream = report["stream"]
    assert stream["cold"]["results"] == 4 and stream["warm"]["results"] == EVENTS
    assert stream["cold"]["per_second"] > 0 and stream["warm"]["per_second"] > 0
    assert stream["baseline_per_second"] > 0 and 0 < stream["cold_ratio"] < 1
    assert stream["cold"]["verdicts_as_expected"] == 4
    assert stream["warm"]["statuses"] == {"completed": EVENTS}

    # The pool's own CPU, from the worker's metrics: reads for distinct files,
    # none for cached ones, the rules for every event.
    cold_pool, warm_pool = (
        stream["cold"]["pool_cpu_ms_per_event"],
        stream["warm"]["pool_cpu_ms_per_event"],
    )
    assert cold_pool["read_document"] > 0 and cold_pool["evaluate"] > 0
    assert "read_document" not in warm_pool and warm_pool["evaluate"] > 0
    assert "in the pool: reading" in summary(report)

    scans = report["scans"]
    assert scans["results"] == 1 and scans["per_minute"] > 0
    # A scan's read is Tesseract on a 300 DPI page: far more than any text page.
    assert scans["pool_cpu_ms_per_event"]["read_document"] > 10 * cold_pool["read_document"]
    assert scans["ceiling"]["tesseract_seconds_per_page"] > 0
    assert 0 < scans["ratio"] < 1.5

    photos = report["photos"]
    assert photos["results"] == 1 and photos["per_minute"] > 0
    assert photos["verdicts_as_expected"] == 1
    # Tesseract on the photos' flattened pages, measured apart from the scans'.
    assert photos["ceiling"]["tesseract_seconds_per_page"] > 0
    assert photos["ceiling"]["samples"] != scans["ceiling"]["samples"]
    assert 0 < photos["ratio"] < 1.5

    for workload in ("stream_cold", "stream_warm", "scans", "photos"):
        stages = report["latency_ms"][workload]
        assert {"download", "ocr", "checks", "total"} <= stages.keys()
        for p in stages.values():
            assert 0 <= p["p50"] <= p["p95"] <= p["p99"] <= p["max"]

    assert 0 < report["burst"]["peak_rss_bytes"] < 8 * 1024**3
    idle = report["worker_idle"]
    assert idle["seconds"] >= 1.0 and 0 <= idle["share_of_a_core"] < 1
    assert "idle worker:" in summary(report)
    assert report["duplicates"]["counted"] == EVENTS and report["duplicates"]["per_second"] > 0
    # One read per distinct file: the warm-up's two, the cold ones, each original
    # text PDF once, the scan, the photo; the warm events were all answered from the cache.
    assert report["cache"]["documents"] == 2 + 4 + len(documents.text_pdfs) + 1 + 1
    assert set(report["verdict"]) >= {"text_pdfs_per_second", "duplicates_per_second"}
    assert "(e) duplicates" in summary(report) and "photos:" in summary(report)


def test_reading_bench_times_each_document_read_whole(samples: dict[str, SampleCase]) -> None:
    from stream.bench._reading import measure_reading, reading_summary

    documents = DocumentSet.build(list(samples.values()))
    few = DocumentSet(documents.text_pdfs[:2], documents.scans[:1], ())
    report = measure_reading(few, passes=2, max_pages=20, dpi=300, kinds=("text", "scan"))
    json.dumps(report)

    rows = report["documents"]
    assert [(r["kind"], r["name"]) for r in rows] == [
        ("text", few.text_pdfs[0].name),
        ("text", few.text_pdfs[1].name),
        ("scan", few.scans[0].name),
    ]
    assert all(len(r["passes_ms"]) == 2 and r["cpu_ms"] > 0 for r in rows)
    means = report["mean_cpu_ms_by_kind"]
    # A scan is read by Tesseract, a text PDF from its text layer: ten times the CPU and more.
    assert means["scan"] > 10 * means["text"]
    assert few.scans[0].name in reading_summary(report)
