"""Spans and trace context through the stages, over in-memory fakes.

A request goes intake → reading → checking → relay exactly as the agents and
the relay run it (``stream.app.process``), with the Kafka sink and the pool
traced as in the worker; the spans land in the SDK's in-memory exporter.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode
from pydantic import BaseModel

from processors.checks.base import CheckReport, CheckRequest
from processors.errors import OcrFailure
from processors.llm import LlmChecker
from processors.storage import MemoryDocumentStore
from schemas import DocumentFacts, PageReading, ReadDocument
from schemas.stage import CheckTask, StageTask
from sinks import CallbackSender, MemoryLedger, RecordingSink
from sinks.relay import OutboxRelay
from sinks.tracecontext import TracedSink
from stream.app import process
from stream.checking import CheckingStage
from stream.finisher import Finisher
from stream.handover import CheckHere, PublishCheck
from stream.reading import ReadingPolicy, ReadingStage
from stream.settings import Settings
from stream.tracing import TracedExecutor, make_tracer_provider, traces_endpoint
from tests.traces import REQUEST_SPANS

from ..spans import by_name, recording_spans
from .conftest import NOW, make_attempts, make_intake

# The trace context the mobile app sent (tests/unit/stream/conftest.py's record).
TRACE_ID = "0af7651916cd43dd8448eb211c80319c"
APP_SPAN_ID = "b7ad6b7169203331"


@pytest.fixture
def spans() -> InMemorySpanExporter:
    return recording_spans()


@pytest.fixture
def executor() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=1) as pool:
        yield pool


def read_document(path: str, *, max_pages: int, dpi: int) -> ReadDocument:
    Path(path).read_bytes()
    return ReadDocument(
        media_type="application/pdf",
        sha256="0" * 64,
        page_count=2,
        pages=[
            PageReading(number=1, text="ПРИКАЗ", source="text_layer"),
            PageReading(number=2, text="Жармаганбет", source="ocr", ocr_confidence=91.5),
        ],
    )


def broken_read(path: str, *, max_pages: int, dpi: int) -> ReadDocument:
    raise OcrFailure("engine crashed", stage="ocr")


class PassingRules:
    async def check(self, request: CheckRequest, document: ReadDocument) -> CheckReport:
        return CheckReport(facts=DocumentFacts(pages=document.page_count))


class SilentChat:
    """An LLM that reads nothing off the document."""

    async def parse(self, messages: list[dict[str, Any]], output: type[BaseModel], *, name: str):
        return output.model_validate({})

    async def close(self) -> None:
        pass


class Service:
    """The stages, the relay and a callback target, wired as ``stream.runtime`` does."""

    def __init__(
        self, executor: ThreadPoolExecutor, *, read=read_document, inline: bool = False
    ) -> None:
        self.ledger = MemoryLedger()
        self.kafka = RecordingSink()
        sink = TracedSink(self.kafka)
        self.callback_requests: list[httpx.Request] = []
        transport = httpx.MockTransport(self._callback_target)
        self.relay = OutboxRelay(
            outbox=self.ledger.outbox,
            sink=sink,
            callbacks=CallbackSender(
                "https://bank.example/cb", b"secret", client=httpx.AsyncClient(transport=transport)
            ),
        )
        finisher = Finisher(ledger=self.ledger, result_topic="verdicts", callbacks=True)
        self.attempts = make_attempts(self.ledger, sink, finisher, max_attempts=1)
        self.intake = make_intake(self.ledger, sink, finisher)
        store = MemoryDocumentStore()
        store.objects[("loan-docs", "2026/11/Приказ - Жармағанбет.pdf")] = b"%PDF-1.7"
        self.checking = CheckingStage(
            checker=LlmChecker(PassingRules(), SilentChat(), consult="always"),
            finisher=finisher,
            attempts=self.attempts,
            max_age_days=180,
            tries=1,
            clock=lambda: NOW,
        )
        checks = (
            CheckHere(self.checking)
            if inline
            else PublishCheck(ledger=self.ledger, sink=sink, topic="check", lease_s=120, attempts=1)
        )
        self.reading = ReadingStage(
            policy=ReadingPolicy(default_bucket="loan-docs", max_pages=20, dpi=300, attempts=1),
            ledger=self.ledger,
            store=store,
            executor=TracedExecutor(executor),
            read=read,
            checks=checks,
            finisher=finisher,
            attempts=self.attempts,
            clock=lambda: NOW,
        )

    def _callback_target(self, request: httpx.Request) -> httpx.Response:
        self.callback_requests.append(request)
        return httpx.Response(200)

    def sent(self, topic: str) -> list[tuple[bytes | None, bytes, dict[str, bytes]]]:
        return [(key, value, dict(headers)) for key, value, headers in self.kafka.on(topic)]

    async def run(self, record) -> None:  # type: ignore[no-untyped-def]
        """The record through every stage, then the relay."""
        await self.intake.handle(record)
        for _, value, _ in self.sent("read"):
            await process("reading", self.reading, StageTask.model_validate_json(value))
        for _, value, _ in self.sent("check"):
            await process("checking", self.checking, CheckTask.model_validate_json(value))
        await self.relay.relay_once()


def _trace_id(traceparent: bytes | str) -> str:
    text = traceparent.decode() if isinstance(traceparent, bytes) else traceparent
    return text.split("-")[1]


def _span_id(traceparent: bytes | str) -> str:
    text = traceparent.decode() if isinstance(traceparent, bytes) else traceparent
    return text.split("-")[2]


def _id(span: ReadableSpan) -> str:
    return format(span.context.span_id, "016x")


def _parent(span: ReadableSpan) -> str | None:
    return None if span.parent is None else format(span.parent.span_id, "016x")


@pytest.mark.parametrize("inline", [False, True], ids=["check topic", "checked inline"])
async def test_one_request_is_one_trace_from_the_input_headers_to_the_callback(
    spans, executor, record, inline
) -> None:
    service = Service(executor, inline=inline)
    await service.run(record())

    found = by_name(spans.get_finished_spans())
    assert REQUEST_SPANS | {"llm"} <= found.keys()
    assert {format(s.context.trace_id, "032x") for s in spans.get_finished_spans()} == {TRACE_ID}

    [intake] = found["intake"]
    [reading] = found["reading"]
    [checking] = found["checking"]
    [callback] = found["callback"]
    publishes = {s.attributes["messaging.destination.name"]: s for s in found["publish"]}
    # The intake span continues the app's span; each stage, the stage that sent to it.
    assert _parent(intake) == APP_SPAN_ID and intake.parent.is_remote
    assert intake.kind is SpanKind.CONSUMER
    assert _parent(publishes["read"]) == _id(intake)
    # StageTask.traceparent names the stage that sent it.
    assert _parent(reading) == _id(intake)
    assert _parent(found["download"][0]) == _id(reading)
    [ocr] = found["ocr"]
    assert _parent(ocr) == _id(reading)
    assert _parent(found["decode"][0]) == _id(ocr)
    if inline:
        assert "check" not in publishes and checking.kind is SpanKind.INTERNAL
    else:
        assert _parent(publishes["check"]) == _id(reading)
    assert _parent(checking) == _id(reading)
    [checks] = found["checks"]
    assert _parent(checks) == _id(checking)
    assert _parent(found["llm"][0]) == _id(checks)
    assert _parent(found["persist"][0]) == _id(checking)
    # The relay runs later, from the outbox rows the decision wrote in the checking span.
    assert _parent(publishes["verdicts"]) == _id(checking)
    assert _parent(callback) == _id(checking)
    assert callback.kind is SpanKind.CLIENT
    assert callback.attributes["http.response.status_code"] == 200

    assert ocr.attributes["idp.pages.source"] == ("text_layer", "ocr")
    assert ocr.attributes["idp.pages.ocr_confidence"] == (-1.0, 91.5)
    assert reading.attributes["idp.request_id"] == 1234567

    [(_, _, headers)] = service.sent("verdicts")
    assert _trace_id(headers["traceparent"]) == TRACE_ID
    assert _span_id(headers["traceparent"]) == _id(publishes["verdicts"])
    [request] = service.callback_requests
    assert _trace_id(request.headers["traceparent"]) == TRACE_ID
    assert _span_id(request.headers["traceparent"]) == _id(callback)
    assert request.headers["x-signature"].startswith("sha256=")


async def test_an_invalid_event_is_dead_lettered_in_the_incoming_trace(
    spans, executor, record
) -> None:
    service = Service(executor)
    await service.run(record(iin="960125445006"))

    [(_, _, letter)] = service.sent("dlq")
    assert letter["dlq.reason"] == b"INVALID_EVENT"
    assert _trace_id(letter["traceparent"]) == TRACE_ID
    [(_, rejected, headers)] = service.sent("verdicts")
    assert json.loads(rejected)["status"] == "rejected"
    assert _trace_id(headers["traceparent"]) == TRACE_ID
    assert _trace_id(service.callback_requests[0].headers["traceparent"]) == TRACE_ID


async def test_a_request_that_runs_out_of_attempts_is_dead_lettered_in_its_trace(
    spans, executor, record
) -> None:
    service = Service(executor, read=broken_read)
    await service.run(record())

    [(_, _, letter)] = service.sent("dlq")
    assert letter["dlq.reason"] == b"MAX_ATTEMPTS"
    assert _trace_id(letter["traceparent"]) == TRACE_ID
    [(_, failed, headers)] = service.sent("verdicts")
    assert json.loads(failed)["status"] == "failed"
    assert _trace_id(headers["traceparent"]) == TRACE_ID
    [ocr] = by_name(spans.get_finished_spans())["ocr"]
    assert ocr.status.status_code is StatusCode.ERROR


async def test_a_record_without_trace_context_starts_a_trace(spans, executor, record) -> None:
    service = Service(executor)
    await service.run(replace(record(), headers=[("traceparent", b"00-bad")]))

    [intake] = by_name(spans.get_finished_spans())["intake"]
    assert intake.parent is None
    trace_id = format(intake.context.trace_id, "032x")
    [(_, _, headers)] = service.sent("verdicts")
    assert _trace_id(headers["traceparent"]) == trace_id != TRACE_ID


async def test_a_batch_is_admitted_in_one_span_linked_to_each_trace(
    spans, executor, record
) -> None:
    other = "00-11111111111111111111111111111111-2222222222222222-01"
    first = record(request_id=41)
    second = replace(record(request_id=42), headers=[("traceparent", other.encode())])
    service = Service(executor)
    await service.intake.handle_batch([first, second])

    found = by_name(spans.get_finished_spans())
    [admit] = found["intake.admit"]
    assert admit.parent is None and admit.kind is SpanKind.CONSUMER
    assert admit.attributes["messaging.batch.message_count"] == 2
    linked = {
        (format(link.context.trace_id, "032x"), format(link.context.span_id, "016x"))
        for link in admit.links
    }
    assert linked == {(TRACE_ID, APP_SPAN_ID), (_trace_id(other), _span_id(other))}
    # Each new request keeps a span of its own in its own trace, and hands that on.
    intakes = {format(s.context.trace_id, "032x"): s for s in found["intake"]}
    assert intakes.keys() == {TRACE_ID, _trace_id(other)}
    assert _parent(intakes[_trace_id(other)]) == _span_id(other)
    for _, value, _ in service.sent("read"):
        task = StageTask.model_validate_json(value)
        own = intakes[TRACE_ID if task.request_id == 41 else _trace_id(other)]
        assert _span_id(task.traceparent) == _id(own)


async def test_a_crash_in_a_stage_marks_its_span_failed(spans, record) -> None:
    class Crashing:
        async def handle(self, subject: object) -> None:
            raise RuntimeError("a bug")

    await process("intake", Crashing(), record())

    [intake] = spans.get_finished_spans()
    assert intake.status.status_code is StatusCode.ERROR
    assert intake.events[0].name == "exception"


async def test_pool_calls_are_named_by_what_they_do(spans, executor) -> None:
    pool = TracedExecutor(executor)

    def evaluate() -> int:
        return 1

    def something_else() -> int:
        raise ValueError("no")

    loop = asyncio.get_running_loop()
    assert await loop.run_in_executor(pool, evaluate) == 1
    with pytest.raises(ValueError):
        await loop.run_in_executor(pool, something_else)

    rules, other = spans.get_finished_spans()
    assert rules.name == "rules" and rules.status.status_code is StatusCode.UNSET
    assert other.name == "pool something_else"
    assert other.status.status_code is StatusCode.ERROR


def test_spans_are_exported_only_with_an_endpoint() -> None:
    quiet = make_tracer_provider(Settings())
    assert quiet._active_span_processor._span_processors == ()
    exporting = make_tracer_provider(Settings(otel_exporter_otlp_endpoint="http://collector:4318/"))
    [processor] = exporting._active_span_processor._span_processors
    assert processor._batch_processor._exporter._endpoint == "http://collector:4318/v1/traces"
    assert traces_endpoint("http://collector:4318") == "http://collector:4318/v1/traces"
    for provider in (quiet, exporting):
        provider.shutdown()
