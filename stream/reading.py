"""Reading: download the document and read it with the OCR engine (the process pool,
and with ``OCR_ENGINE=http`` the bank's OCR service)."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import structlog

from processors.errors import DocumentError, ProcessingError
from processors.reading import OcrEngine, TesseractEngine
from processors.reading.local import local_document
from processors.storage import DocumentStore
from schemas import ReadDocument, S3Location
from schemas.stage import CheckTask, StageTask
from sinks import Ledger

from . import results, tracing
from .attempts import Attempts
from .finisher import Finisher
from .handover import CheckHandOver
from .lease import held
from .metrics import Metrics
from .retry import retry_transient

log = structlog.get_logger(__name__)

ReadFunction = Callable[..., ReadDocument]


@dataclass(frozen=True, slots=True)
class ReadingPolicy:
    default_bucket: str
    max_pages: int
    dpi: int
    attempts: int
    lease_s: float = 120.0
    temp_dir: Path | None = None


class ReadingStage:
    def __init__(
        self,
        *,
        policy: ReadingPolicy,
        ledger: Ledger,
        store: DocumentStore,
        executor: Executor,
        read: ReadFunction,
        checks: CheckHandOver,
        finisher: Finisher,
        attempts: Attempts,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        engine: OcrEngine | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self._policy = policy
        self._ledger = ledger
        self._store = store
        # OCR_ENGINE=http passes its engine; otherwise ``read`` runs whole in ``executor``.
        self._engine = engine or TesseractEngine(
            executor, max_pages=policy.max_pages, dpi=policy.dpi, read=read
        )
        self._checks = checks
        self._finisher = finisher
        self._attempts = attempts
        self._clock = clock
        self._metrics = metrics or Metrics()

    async def handle(self, task: StageTask) -> None:
        bound = log.bind(request_id=task.request_id, run_id=str(task.run_id))
        token = uuid4().hex
        attempt = await retry_transient(
            lambda: self._ledger.claim(
                task.request_id, task.run_id, owner=token, lease_s=self._policy.lease_s
            ),
            attempts=self._policy.attempts,
        )
        if attempt is None:
            bound.info("reading.skipped", reason="decided, or leased to another attempt")
            return
        task = task.model_copy(update={"attempt": attempt, "lease": token, "not_before": None})
        timings: dict[str, int] = dict(task.timings_ms)
        async with held(
            self._ledger, task.request_id, task.run_id, token=token, lease_s=self._policy.lease_s
        ):
            try:
                document = await retry_transient(
                    lambda: self._download_and_read(task, timings), attempts=self._policy.attempts
                )
            except DocumentError as error:
                bound.info("reading.document_error", code=error.code.value)
                await self._finisher.finish(
                    results.from_document_error(task, error, timings_ms=timings, now=self._clock()),
                    owner=token,
                    callback_url=task.event.callback_url,
                )
                return
            except ProcessingError as error:
                bound.warning("reading.failed", attempt=attempt, error=error.message)
                await self._attempts.failed(task, error, stage="download", timings=timings)
                return
            check = CheckTask(
                **task.model_dump(exclude={"timings_ms", "traceparent"}),
                timings_ms=timings,
                document=document,
                traceparent=tracing.current_traceparent() or task.traceparent,
            )
            bound.info("reading.done", pages=len(document.pages), media_type=document.media_type)
            await self._checks.hand_over(check)

    async def _download_and_read(self, task: StageTask, timings: dict[str, int]) -> ReadDocument:
        location = S3Location.parse(task.event.s3_path, default_bucket=self._policy.default_bucket)
        started = time.perf_counter()
        with tracing.span("download"):
            content = await self._store.fetch(location)
        timings["download"] = _ms_since(started)
        self._metrics.stage_seconds("download", timings["download"] / 1000)
        await self._ledger.advance(task.request_id, task.run_id, "processing")
        async with local_document(content, temp_dir=self._policy.temp_dir) as local:
            started = time.perf_counter()
            with tracing.span("ocr") as span:
                document = await self._engine.read(local)
                tracing.describe_document(span, document)
            timings["ocr"] = _ms_since(started)
            self._metrics.stage_seconds("ocr", timings["ocr"] / 1000)
        log.debug("reading.read", request_id=task.request_id, bytes=len(content))
        return document


def _ms_since(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)
