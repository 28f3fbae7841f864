"""``idp eval``: run the labelled corpus through the worker's pipeline and score it."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from stream.samples.corpus import Corpus, Subset, composition, entries_of, select, write_corpus
from stream.settings import Settings

from .harness import open_pipeline
from .metrics import Metrics, compute
from .report import json_report, summary
from .runner import CaseResult, run_corpus

MIN_ACCURACY = 0.98
# The limits the corpus labels assume (CONTRACT defaults): a 22-page PDF is too
# large only under 20 pages, a 200-day-old order stale only under 180 days.
LABEL_LIMITS = {"max_pages": 20, "max_file_bytes": 20 * 1024 * 1024, "doc_max_age_days": 180}
ALL_CODES = (
    "FILE_NOT_FOUND", "FILE_TOO_LARGE", "FILE_UNSUPPORTED", "FILE_CORRUPT", "UNREADABLE",
    "DOC_TYPE_UNKNOWN", "DOC_TYPE_MISMATCH", "NAME_MISMATCH", "IIN_MISMATCH", "DATE_MISSING",
    "DATE_STALE", "DATE_FUTURE", "STAMP_MISSING",
)  # fmt: skip
"""The codes of CONTRACT section 4 a document can earn; each gets a row even if unseen."""


@dataclass(frozen=True)
class EvalOptions:
    subset: Subset = "full"
    workers: int = 2
    today: date | None = None
    names: tuple[str, ...] = ()
    corpus: Corpus = "main"


async def evaluate(
    settings: Settings,
    options: EvalOptions,
    *,
    progress: Callable[[CaseResult, int, int], None] = lambda *_: None,
) -> tuple[list[CaseResult], Metrics]:
    """Run the chosen cases through the pipeline with the label limits; score them."""
    today = options.today or date.today()
    entries = select(entries_of(options.corpus, today), options.subset, options.names)
    pinned = settings.model_copy(update=LABEL_LIMITS)
    done = 0

    def tick(case: CaseResult) -> None:
        nonlocal done
        done += 1
        progress(case, done, len(entries))

    async with open_pipeline(pinned, workers=options.workers) as pipeline:
        cases = await run_corpus(
            pipeline,
            entries,
            today=today,
            concurrency=options.workers,
            corpus=options.corpus,
            on_done=tick,
        )
    return cases, compute([c.outcome for c in cases], ALL_CODES)


def _progress(case: CaseResult, done: int, total: int) -> None:
    mark = "ok " if case.outcome.verdict_right else "BAD"
    seconds = case.timings_ms.get("total", 0) / 1000
    print(f"[{done:>3}/{total}] {mark} {case.name} ({case.rendering}, {seconds:.1f} s)",
          file=sys.stderr)  # fmt: skip


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    """The ``idp eval`` command; 0 when the run meets the bar, 1 when not."""
    min_accuracy = MIN_ACCURACY if args.min_accuracy is None else args.min_accuracy
    options = EvalOptions(
        subset=args.subset,
        workers=args.workers or settings.ocr_workers,
        today=args.today,
        names=tuple(args.case or ()),
        corpus=args.corpus,
    )
    today = options.today or date.today()
    if args.write_files:
        entries = select(entries_of(options.corpus, today), options.subset, options.names)
        manifest = write_corpus(entries, args.write_files, today=today)
        print(f"corpus files and manifest: {manifest}", file=sys.stderr)
    started = time.perf_counter()
    cases, metrics = asyncio.run(evaluate(settings, options, progress=_progress))
    elapsed = time.perf_counter() - started
    print(summary(cases, metrics, min_accuracy=min_accuracy))
    print(f"wall time: {elapsed:.0f} s with {options.workers} worker(s)")
    if args.out:
        meta = {
            "today": today.isoformat(),
            "corpus": options.corpus,
            "subset": options.subset,
            "workers": options.workers,
            "min_accuracy": min_accuracy,
            "wall_s": round(elapsed, 1),
            "limits": LABEL_LIMITS,
            "checker": settings.llm_provider,
            "composition": composition(
                select(entries_of(options.corpus, today), options.subset, options.names)
            ),
        }
        report = json_report(cases, metrics, meta)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
        print(f"report: {args.out}")
    return 0 if metrics.passes(min_accuracy) else 1
