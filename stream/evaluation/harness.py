"""The worker's stages over in-memory fakes, for measuring what the worker decides.

Intake, reading and checking are the worker's own classes, given the same
reading function in the same kind of process pool and the same checker that
``stream.runtime`` builds; only Kafka, PostgreSQL and S3 are replaced
(``RecordingSink``, ``MemoryLedger`` with its outbox, ``MemoryDocumentStore``).
Each stage's output message is parsed back from bytes as the next agent would
read it, so a FILE_* error or a read document reaches the result exactly as
in the service.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from concurrent.futures import Executor
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from processors.bootstrap import init_pool_process
from processors.checks import DocumentChecker
from processors.pool import ProcessPool
from processors.storage import MemoryDocumentStore
from schemas import ReadDocument, VerificationResult
from schemas.stage import CheckTask, StageTask
from sinks import MemoryLedger, RecordingSink, request_key
from sinks.relay import OutboxRelay
from stream.finisher import Finisher
from stream.intake import IntakeOutcome
from stream.records import InputRecord
from stream.runtime import make_checker
from stream.settings import Settings
from stream.wiring import build_stages


@dataclass(frozen=True)
class Trace:
    """What one request went through: its result, and the document the reader made of it."""

    result: VerificationResult | None
    document: ReadDocument | None


class EvalPipeline:
    """One request at a time per call, any number of calls at once."""

    def __init__(self, settings: Settings, *, executor: Executor, checker: DocumentChecker) -> None:
        # Over the check topic: the report shows the document the checks were given,
        # as that message carries it. The checks are the same code either way.
        s = self.settings = settings.model_copy(update={"check_handover": "topic"})
        self.executor = executor
        self.bucket = s.s3_bucket
        self.store = MemoryDocumentStore(max_bytes=s.max_file_bytes)
        self.ledger = MemoryLedger()
        self.sink = RecordingSink()
        self._relay = OutboxRelay(outbox=self.ledger.outbox, sink=self.sink, callbacks=None)
        self._relaying = asyncio.Lock()
        finisher = Finisher(ledger=self.ledger, result_topic=s.result_topic)
        # One attempt: a technical failure ends the request ``failed`` at once instead
        # of waiting on the retry topic's backoff; the report lists it apart.
        stages = build_stages(
            s,
            ledger=self.ledger,
            store=self.store,
            executor=executor,
            sink=self.sink,
            checker=checker,
            finisher=finisher,
            max_attempts=1,
        )
        self.intake, self.reading, self.checking = stages.intake, stages.reading, stages.checking

    def put(self, key: str, content: bytes) -> str:
        """Store ``content`` under ``key``; return the ``s3_path`` an event points with."""
        self.store.objects[(self.bucket, key)] = content
        return self.s3_path(key)

    def drop(self, key: str) -> None:
        self.store.objects.pop((self.bucket, key), None)

    def s3_path(self, key: str) -> str:
        return f"s3://{self.bucket}/{key}"

    async def run(self, event: dict[str, Any], *, received: datetime) -> Trace:
        """Submit ``event`` as the app would and follow it through every stage."""
        request_id = int(event["request_id"])
        record = InputRecord(
            topic=self.settings.input_topic,
            partition=0,
            offset=request_id,
            key=request_key(request_id),
            value=json.dumps(event, ensure_ascii=False).encode(),
            timestamp_ms=int(received.timestamp() * 1000),
        )
        if await self.intake.handle(record) is not IntakeOutcome.FORWARDED:
            return Trace(await self._result(request_id), None)
        task = StageTask.model_validate_json(self._message(self.settings.read_topic, request_id))
        await self.reading.handle(task)
        decided = await self._result(request_id)
        if decided is not None:
            return Trace(decided, None)
        check = CheckTask.model_validate_json(self._message(self.settings.check_topic, request_id))
        await self.checking.handle(check)
        return Trace(await self._result(request_id), check.document)

    def _message(self, topic: str, request_id: int) -> bytes:
        key = request_key(request_id)
        found = [value for k, value, _ in self.sink.on(topic) if k == key]
        if not found:
            raise RuntimeError(f"request {request_id}: nothing on {topic}")
        return found[-1]

    async def _result(self, request_id: int) -> VerificationResult | None:
        # One relay pass at a time: a pass may carry another request's result, which
        # that request must then find already sent.
        async with self._relaying:
            await self._relay.relay_once()
        key = request_key(request_id)
        for k, value, _ in self.sink.on(self.settings.result_topic):
            if k == key:
                return VerificationResult.model_validate_json(value)
        return None


@asynccontextmanager
async def open_pipeline(settings: Settings, *, workers: int) -> AsyncIterator[EvalPipeline]:
    """The process pool (warmed up) and the checker the worker builds, around the stages."""
    async with AsyncExitStack() as stack:
        pool = ProcessPool(workers, initializer=init_pool_process)
        stack.callback(pool.shutdown, wait=True, cancel_futures=True)
        await asyncio.to_thread(pool.warm_up)
        checker = make_checker(settings, pool, stack)
        yield EvalPipeline(settings, executor=pool, checker=checker)
