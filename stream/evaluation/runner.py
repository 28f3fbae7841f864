"""Run corpus cases through the pipeline and keep, per case, what came out and how long it took."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from schemas import ReadDocument, Status, VerificationResult
from stream.samples.corpus import Corpus, CorpusEntry, make_file
from stream.samples.corpus_base import reference_time

from .harness import EvalPipeline
from .metrics import Outcome

FIRST_REQUEST_ID = 910_000
PAGE_TEXT_LIMIT = 6000
"""Characters of each page's read text kept in the report, for diagnosis."""


@dataclass(frozen=True)
class CaseResult:
    """One case: its labels, the service's answer, what the reader saw, and timings."""

    name: str
    filename: str
    rendering: str
    kind: str
    language: str | None
    parts: int
    tags: tuple[str, ...]
    description: str
    expected_codes: frozenset[str]
    status: str
    """``completed``, ``failed``, ``rejected``, or ``none`` when no result came."""
    verdict: bool | None
    codes: frozenset[str]
    size: int
    sha256: str
    errors: list[dict[str, Any]] = field(default_factory=list)
    document: dict[str, Any] | None = None
    reading: list[dict[str, Any]] = field(default_factory=list)
    timings_ms: dict[str, int] = field(default_factory=dict)

    @property
    def outcome(self) -> Outcome:
        return Outcome(self.name, self.expected_codes, self.verdict, self.codes, self.status)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "filename": self.filename,
            "rendering": self.rendering,
            "kind": self.kind,
            "language": self.language,
            "parts": self.parts,
            "tags": list(self.tags),
            "description": self.description,
            "size": self.size,
            "sha256": self.sha256,
            "expected": {
                "verdict": not self.expected_codes,
                "codes": sorted(self.expected_codes),
            },
            "got": {
                "status": self.status,
                "verdict": self.verdict,
                "codes": sorted(self.codes),
                "errors": self.errors,
                "document": self.document,
            },
            "verdict_right": self.outcome.verdict_right,
            "codes_right": self.outcome.codes_right,
            "timings_ms": self.timings_ms,
            "reading": self.reading,
        }


def _pages(document: ReadDocument | None) -> list[dict[str, Any]]:
    if document is None:
        return []
    return [
        {
            "page": page.number,
            "source": page.source,
            "rotation": page.rotation,
            "ocr_confidence": page.ocr_confidence,
            "seals": [round(seal.score, 2) for seal in page.seals],
            "qr_codes": len(page.qr_codes),
            "chars": len(page.text),
            "text": page.text[:PAGE_TEXT_LIMIT],
        }
        for page in document.pages
    ]


def _result_fields(result: VerificationResult | None) -> dict[str, Any]:
    if result is None:
        return {"status": "none", "verdict": None, "codes": frozenset()}
    return {
        "status": result.status.value,
        "verdict": result.verdict if result.status is Status.COMPLETED else None,
        "codes": frozenset(e.code.value for e in result.errors),
        "errors": [e.model_dump(mode="json") for e in result.errors],
        "document": result.document.model_dump(mode="json") if result.document else None,
    }


async def run_case(
    pipeline: EvalPipeline,
    entry: CorpusEntry,
    request_id: int,
    *,
    today: date,
    corpus: Corpus = "main",
) -> CaseResult:
    """Make the case's file in the pool, store it (unless the case says not to), submit it."""
    loop = asyncio.get_running_loop()
    started = time.perf_counter()
    content, _ = await loop.run_in_executor(pipeline.executor, make_file, today, entry.name, corpus)
    made = time.perf_counter()
    key = f"eval/{request_id}/{entry.filename}"
    if entry.stored:
        pipeline.put(key, content)
    event = entry.event(request_id, pipeline.s3_path(key), reference_time(today))
    try:
        trace = await pipeline.run(event, received=reference_time(today))
    finally:
        pipeline.drop(key)  # the large files need not stay in memory
    result = trace.result
    timings = dict(result.timings_ms) if result else {}
    timings["render"] = int((made - started) * 1000)  # making the file, not the service's work
    return CaseResult(
        name=entry.name,
        filename=entry.filename,
        rendering=entry.rendering,
        kind=entry.kind,
        language=entry.language,
        parts=entry.parts,
        tags=tuple(sorted(entry.tags)),
        description=entry.description,
        expected_codes=frozenset(code.value for code in entry.expected_codes),
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        reading=_pages(trace.document),
        timings_ms=timings,
        **_result_fields(result),
    )


async def run_corpus(
    pipeline: EvalPipeline,
    entries: Sequence[CorpusEntry],
    *,
    today: date,
    concurrency: int,
    corpus: Corpus = "main",
    on_done: Callable[[CaseResult], None] = lambda _: None,
) -> list[CaseResult]:
    """Every case, ``concurrency`` at a time (one pool job each, so none waits in the
    pool's queue and the OCR timings stay honest); results in the entries' order."""
    gate = asyncio.Semaphore(concurrency)

    async def one(index: int, entry: CorpusEntry) -> CaseResult:
        async with gate:
            case = await run_case(
                pipeline, entry, FIRST_REQUEST_ID + index, today=today, corpus=corpus
            )
        on_done(case)
        return case

    return list(await asyncio.gather(*(one(i, e) for i, e in enumerate(entries))))
