"""W3C trace context on what the service writes and reads: Kafka headers, HTTP headers.

A message carries the ``traceparent`` (and any ``tracestate``) of the span that
wrote it. ``context_from`` reads it back, so a consumed record or a stored
outbox row continues the trace it was written in; ``with_trace_headers`` puts
the current span's in place of whatever the headers held.

Only the OpenTelemetry API is used here: without a tracer provider (unit
tests, ``idp eval``) the spans are no-ops and incoming trace ids pass through.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.propagators.textmap import Getter
from opentelemetry.trace import SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from opentelemetry.util.types import AttributeValue

from .kafka import Headers, MessageSink

TRACER = trace.get_tracer("idp")

_W3C = TraceContextTextMapPropagator()
_FIELDS = frozenset(_W3C.fields)


class _KafkaHeaders(Getter[Headers]):
    """Kafka headers as a carrier: names compared without case, values UTF-8."""

    def get(self, carrier: Headers, key: str) -> list[str] | None:
        found = [
            value.decode("utf-8", errors="replace")
            for name, value in carrier
            if name.lower() == key and value is not None
        ]
        return found or None

    def keys(self, carrier: Headers) -> list[str]:
        return [name for name, _ in carrier]


_GETTER = _KafkaHeaders()


def context_from(headers: Headers) -> Context:
    """The trace context a message was written in; an empty one when it has none
    (or a malformed one), so work on it starts a new trace."""
    return _W3C.extract(headers, getter=_GETTER, context=Context())


def context_of(traceparent: str | None) -> Context:
    """The trace context named by a ``traceparent`` value, as ``context_from``."""
    return _W3C.extract({"traceparent": traceparent} if traceparent else {}, context=Context())


def traceparent_in(headers: Headers) -> str | None:
    """The ``traceparent`` a message carries, when it is a valid one."""
    carrier: dict[str, str] = {}
    _W3C.inject(carrier, context=context_from(headers))
    return carrier.get("traceparent")


def current_trace_fields() -> dict[str, str]:
    """``traceparent`` (and ``tracestate``) of the current span; empty without one."""
    carrier: dict[str, str] = {}
    _W3C.inject(carrier)
    return carrier


def current_traceparent() -> str | None:
    return current_trace_fields().get("traceparent")


def with_trace_headers(headers: Headers) -> tuple[tuple[str, bytes], ...]:
    """``headers`` with the current span's trace fields in place of any they held
    (same position, else appended); unchanged when there is no current span."""
    fields = current_trace_fields()
    if not fields:
        return tuple(headers)
    out: list[tuple[str, bytes]] = []
    for name, value in headers:
        lowered = name.lower()
        if lowered not in _FIELDS:
            out.append((name, value))
        elif lowered in fields:
            out.append((lowered, fields.pop(lowered).encode()))
    out.extend((name, value.encode()) for name, value in fields.items())
    return tuple(out)


@contextmanager
def continued(headers: Headers) -> Iterator[None]:
    """Work inside here belongs to the trace ``headers`` name (no span of its own)."""
    token = otel_context.attach(context_from(headers))
    try:
        yield
    finally:
        otel_context.detach(token)


class TracedSink:
    """A ``MessageSink`` that sends each message in a ``publish`` span, with that
    span's ``traceparent`` in the message's headers."""

    def __init__(self, inner: MessageSink) -> None:
        self._inner = inner

    async def send(
        self, topic: str, *, key: bytes | None, value: bytes, headers: Headers = ()
    ) -> None:
        attributes: dict[str, AttributeValue] = {
            "messaging.system": "kafka",
            "messaging.operation.type": "send",
            "messaging.destination.name": topic,
            "messaging.message.body.size": len(value),
        }
        with TRACER.start_as_current_span("publish", kind=SpanKind.PRODUCER, attributes=attributes):
            await self._inner.send(topic, key=key, value=value, headers=with_trace_headers(headers))
