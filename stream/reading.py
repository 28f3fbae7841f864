"""Reading: download the document and read its text in the process pool."""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import structlog

from processors.errors import DocumentError, OcrFailure, ProcessingError
from processors.storage import DocumentStore
from schemas import ReadDocument, S3Location
from schemas.stage import CheckTask, StageTask
from sinks import Ledger, MessageSink, request_key

from . import results
from .finisher import Finisher
from .retry import retry_transient

log = structlog.get_logger(__name__)

ReadFunction = Callable[..., ReadDocument]


@dataclass(frozen=True, slots=True)
class ReadingPolicy:
    check_topic: str
    default_bucket: str
    max_pages: int
    dpi: int
    attempts: int
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
        forward: MessageSink,
        finisher: Finisher,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._policy = policy
        self._ledger = ledger
        self._store = store
        self._executor = executor
        self._read = read
        self._forward = forward
        self._finisher = finisher
        self._clock = clock

    async def handle(self, task: StageTask) -> None:
        bound = log.bind(request_id=task.request_id, run_id=str(task.run_id))
        timings: dict[str, int] = dict(task.timings_ms)
        stage = "download"
        try:
            advanced = await retry_transient(
                lambda: self._ledger.advance(task.request_id, task.run_id, "downloading"),
                attempts=self._policy.attempts,
            )
            if not advanced:
                bound.info("reading.skipped", reason="not open for this run")
                return
            document = await retry_transient(
                lambda: self._download_and_read(task, timings), attempts=self._policy.attempts
            )
            stage = "forward"
        except DocumentError as error:
            bound.info("reading.document_error", code=error.code.value)
            await self._finisher.finish(
                results.from_document_error(task, error, timings_ms=timings, now=self._clock())
            )
            return
        except ProcessingError as error:
            bound.warning(
                "reading.failed", stage=getattr(error, "stage", stage), error=error.message
            )
            await self._finisher.finish(
                results.failed(
                    task,
                    stage=getattr(error, "stage", stage),
                    message=error.message,
                    attempts=self._policy.attempts,
                    timings_ms=timings,
                    now=self._clock(),
                )
            )
            return
        check = CheckTask(
            **task.model_dump(exclude={"timings_ms"}), timings_ms=timings, document=document
        )
        await retry_transient(
            lambda: self._forward.send(
                self._policy.check_topic, key=request_key(task.request_id), value=check.to_bytes()
            ),
            attempts=self._policy.attempts,
        )
        bound.info("reading.done", pages=len(document.pages), media_type=document.media_type)

    async def _download_and_read(self, task: StageTask, timings: dict[str, int]) -> ReadDocument:
        location = S3Location.parse(task.event.s3_path, default_bucket=self._policy.default_bucket)
        with tempfile.TemporaryDirectory(prefix="idp-", dir=self._policy.temp_dir) as folder:
            path = Path(folder) / "document"
            started = time.perf_counter()
            size = await self._store.fetch(location, path)
            timings["download"] = _ms_since(started)
            await self._ledger.advance(task.request_id, task.run_id, "processing")
            started = time.perf_counter()
            document = await self._run_in_pool(str(path))
            timings["ocr"] = _ms_since(started)
        log.debug("reading.read", request_id=task.request_id, bytes=size)
        return document

    async def _run_in_pool(self, path: str) -> ReadDocument:
        loop = asyncio.get_running_loop()
        call: Any = self._read
        try:
            return await loop.run_in_executor(
                self._executor,
                _call_with_kwargs,
                call,
                path,
                self._policy.max_pages,
                self._policy.dpi,
            )
        except ProcessingError:
            raise
        except Exception as exc:  # a dead pool process, or a bug in a native library
            raise OcrFailure(f"reading failed: {type(exc).__name__}", stage="ocr") from exc


def _call_with_kwargs(read: ReadFunction, path: str, max_pages: int, dpi: int) -> ReadDocument:
    return read(path, max_pages=max_pages, dpi=dpi)


def _ms_since(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)
