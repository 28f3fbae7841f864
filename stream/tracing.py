"""Tracing: the tracer provider, each message's unit of work, and the spans inside it.

    intake            parent: the input record's ``traceparent`` header
    └ publish         to the read topic; ``StageTask.traceparent`` names the sender
    reading           parent: ``StageTask.traceparent`` (so for checking, retrying)
    ├ download
    ├ ocr             what was read, page by page, as attributes
    │ ├ decode        the pool call (with Tesseract it OCRs the pages too)
    │ └ ocr.page      one per page sent to the OCR service (OCR_ENGINE=http)
    └ publish         to the check topic
    checking
    ├ checks
    │ ├ rules         the pool call
    │ └ llm           LLM_PROVIDER=openai
    └ persist         the decision, with outbox rows that carry its ``traceparent``
    publish, callback the relay; parent: the outbox row's ``traceparent``

A unit of work is a CONSUMER span named after its stage, the child of the
trace context its message carries; ``span`` opens the stages' inner spans;
``TracedSink`` puts each Kafka message in a ``publish`` span and writes that
span's ``traceparent`` into the message's headers. Without
``configure_tracing`` (unit tests, ``idp eval``) spans are no-ops and an
incoming trace context passes through unchanged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from functools import partial
from typing import Any, TypeVar
from uuid import UUID

import structlog
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.trace import Link, Span, SpanKind, Status, StatusCode
from opentelemetry.util.types import AttributeValue

from processors.reading import OcrText, PageOcr
from schemas import LoanDelayEvent, ReadDocument
from schemas.stage import StageTask
from sinks.tracecontext import TRACER, context_from, context_of, current_traceparent

from .masking import given_names_scope, hide_given_names
from .records import InputRecord
from .settings import Settings

__all__ = [
    "TracedExecutor",
    "TracedPageOcr",
    "bind_request",
    "configure_tracing",
    "current_traceparent",
    "describe_document",
    "failed",
    "make_tracer_provider",
    "span",
    "traced",
    "unit_of_work",
]

T = TypeVar("T")

# What each pool function is, as a span; others are named after the function.
POOL_SPANS: Mapping[str, str] = {
    "read_document": "decode",  # with Tesseract, this call OCRs the pages too
    "prepare_document": "decode",
    "evaluate": "rules",
}


def traces_endpoint(base: str) -> str:
    """The OTLP/HTTP traces URL under ``OTEL_EXPORTER_OTLP_ENDPOINT``, as the spec builds it."""
    return base.rstrip("/") + "/v1/traces"


def make_tracer_provider(
    settings: Settings, *, exporter: SpanExporter | None = None
) -> TracerProvider:
    """Spans with trace ids always (the logs carry them); exported over OTLP/HTTP
    only when ``OTEL_EXPORTER_OTLP_ENDPOINT`` is set (or to ``exporter``)."""
    provider = TracerProvider(
        resource=Resource.create({"service.name": settings.otel_service_name})
    )
    if exporter is None and settings.otel_exporter_otlp_endpoint:
        # Imported here: without an endpoint nothing of the exporter is loaded.
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        # Headers, timeout and CA file come from the standard OTEL_EXPORTER_OTLP_* variables.
        exporter = OTLPSpanExporter(endpoint=traces_endpoint(settings.otel_exporter_otlp_endpoint))
    if exporter is not None:
        provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


def configure_tracing(settings: Settings) -> TracerProvider:
    """The process's tracer provider, set once at the entry point; shut it down at exit
    so the last spans are exported."""
    provider = make_tracer_provider(settings)
    trace.set_tracer_provider(provider)
    return provider


@contextmanager
def unit_of_work(stage: str, subject: object) -> Iterator[Span]:
    """One message's work in ``stage``: a CONSUMER span continuing the trace the
    message carries, and its request named in every log line meanwhile.

    Log fields bound inside (``bind_request``) are dropped at the end, so an
    agent's next message starts clean.
    """
    saved = structlog.contextvars.get_contextvars()
    parent, attributes = _origin(subject)
    try:
        with (
            given_names_scope(),
            TRACER.start_as_current_span(
                stage, context=parent, kind=SpanKind.CONSUMER, attributes=attributes
            ) as current,
        ):
            if isinstance(subject, StageTask):
                bind_request(subject.request_id, subject.run_id, subject.event)
            yield current
    finally:
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(**saved)


@contextmanager
def batch_of_work(name: str, records: Sequence[InputRecord]) -> Iterator[Span]:
    """Work done once for a batch of consumed records: a CONSUMER span linked to
    the trace each record carries (how OpenTelemetry's messaging conventions
    trace batch processing); a batch of one continues its record's trace."""
    contexts = [context_from(record.headers) for record in records]
    links = [
        Link(span_context)
        for span_context in (trace.get_current_span(c).get_span_context() for c in contexts)
        if span_context.is_valid
    ]
    attributes: dict[str, AttributeValue] = {
        "messaging.system": "kafka",
        "messaging.operation.type": "process",
        "messaging.batch.message_count": len(records),
    }
    if records:
        attributes["messaging.destination.name"] = records[0].topic
    parent = contexts[0] if len(contexts) == 1 else Context()
    with TRACER.start_as_current_span(
        name, context=parent, kind=SpanKind.CONSUMER, attributes=attributes, links=links
    ) as current:
        yield current


def _origin(subject: object) -> tuple[Context | None, dict[str, AttributeValue]]:
    if isinstance(subject, InputRecord):
        return context_from(subject.headers), {
            "messaging.system": "kafka",
            "messaging.operation.type": "process",
            "messaging.destination.name": subject.topic,
            "messaging.destination.partition.id": str(subject.partition),
            "messaging.kafka.offset": subject.offset,
        }
    if isinstance(subject, StageTask):
        return context_of(subject.traceparent), {"idp.attempt": subject.attempt}
    return None, {}


def bind_request(
    request_id: int, run_id: UUID | str | None = None, event: LoanDelayEvent | None = None
) -> None:
    """Name the request in every later log line of this unit of work and on its
    span; with ``event``, the applicant's given names are masked in any text."""
    fields: dict[str, Any] = {"request_id": request_id}
    if run_id is not None:
        fields["run_id"] = str(run_id)
    current = trace.get_current_span()
    for key, value in fields.items():
        current.set_attribute(f"idp.{key}", value)
    if event is not None:
        hide_given_names(event.first_name, event.second_name)
    structlog.contextvars.bind_contextvars(**fields)


@contextmanager
def span(name: str, **attributes: AttributeValue) -> Iterator[Span]:
    """An inner span of the current work; ``attributes`` are recorded as ``idp.<name>``."""
    with TRACER.start_as_current_span(
        name, attributes={f"idp.{key}": value for key, value in attributes.items()}
    ) as current:
        yield current


async def traced(name: str, work: Awaitable[T], **attributes: AttributeValue) -> T:
    """``await work`` inside a span ``name``."""
    with span(name, **attributes):
        return await work


def failed(current: Span, error: BaseException) -> None:
    """Mark ``current`` failed by ``error`` (for an error handled inside the span)."""
    current.record_exception(error)
    current.set_status(Status(StatusCode.ERROR, type(error).__name__))


def describe_document(current: Span, document: ReadDocument) -> None:
    """What was read, page by page, as attributes of ``current``."""
    current.set_attributes(
        {
            "idp.media_type": document.media_type,
            "idp.pages.count": document.page_count,
            "idp.pages.read": len(document.pages),
            "idp.pages.source": [page.source for page in document.pages],
            # -1: the page's text came from its text layer, with no OCR confidence.
            "idp.pages.ocr_confidence": [
                -1.0 if page.ocr_confidence is None else page.ocr_confidence
                for page in document.pages
            ],
            "idp.pages.seals": [len(page.seals) for page in document.pages],
        }
    )


class TracedExecutor(Executor):
    """An executor whose every call is a span, opened and closed on the caller's side:
    the pool's processes neither trace nor export."""

    def __init__(self, inner: Executor, names: Mapping[str, str] = POOL_SPANS) -> None:
        self._inner = inner
        self._names = names

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        function = function_name(fn)
        current = TRACER.start_span(
            self._names.get(function, f"pool {function}"),
            attributes={"idp.pool.function": function},
        )
        try:
            future = self._inner.submit(fn, *args, **kwargs)
        except BaseException as exc:
            failed(current, exc)
            current.end()
            raise
        future.add_done_callback(lambda done: _end_pool_span(current, done))
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._inner.shutdown(wait=wait, cancel_futures=cancel_futures)


def function_name(fn: Callable[..., Any]) -> str:
    while isinstance(fn, partial):
        fn = fn.func
    return getattr(fn, "__name__", type(fn).__name__)


def _end_pool_span(current: Span, done: Future[Any]) -> None:
    if done.cancelled():
        current.set_attribute("idp.pool.cancelled", True)
    elif (error := done.exception()) is not None:
        failed(current, error)
    current.end()


class TracedPageOcr:
    """A ``PageOcr`` whose every page is an ``ocr.page`` span: per-page timings
    of the OCR service."""

    def __init__(self, inner: PageOcr) -> None:
        self._inner = inner

    async def recognise(self, image: bytes, *, dpi: int, page: int) -> OcrText:
        with span("ocr.page", page=page, dpi=dpi, bytes=len(image)) as current:
            answer = await self._inner.recognise(image, dpi=dpi, page=page)
            if answer.confidence is not None:
                current.set_attribute("idp.ocr_confidence", answer.confidence)
            return answer
