"""W3C trace context on Kafka and HTTP headers."""

from __future__ import annotations

import httpx
from opentelemetry.trace import SpanKind

from sinks import CallbackSender, RecordingSink
from sinks.tracecontext import (
    TRACER,
    TracedSink,
    context_from,
    continued,
    current_traceparent,
    traceparent_in,
    with_trace_headers,
)

from ..spans import recording_spans

INCOMING = b"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


def test_headers_take_the_current_span_in_place_of_theirs() -> None:
    recording_spans()
    headers = [("a", b"1"), ("TraceParent", INCOMING), ("tracestate", b"x=1"), ("b", b"2")]
    with continued(headers), TRACER.start_as_current_span("work") as span:
        out = with_trace_headers(headers)
    own = f"00-{span.context.trace_id:032x}-{span.context.span_id:016x}-01".encode()
    assert out == (("a", b"1"), ("traceparent", own), ("tracestate", b"x=1"), ("b", b"2"))
    assert own.startswith(INCOMING[:35])  # the same trace


def test_without_a_current_span_headers_are_unchanged() -> None:
    headers = [("traceparent", INCOMING)]
    assert with_trace_headers(headers) == (("traceparent", INCOMING),)
    assert current_traceparent() is None


def test_malformed_or_missing_trace_context_starts_afresh() -> None:
    for headers in ([], [("traceparent", b"00-ab")], [("traceparent", b"\xff\xfe")]):
        assert traceparent_in(headers) is None
        assert not context_from(headers)
    assert traceparent_in([("traceparent", INCOMING)]) == INCOMING.decode()


async def test_traced_sink_sends_in_a_publish_span_named_in_the_headers() -> None:
    spans = recording_spans()
    recorded = RecordingSink()
    with continued([("traceparent", INCOMING)]):
        await TracedSink(recorded).send("verdicts", key=b"7", value=b"{}", headers=[("x", b"1")])
    [publish] = spans.get_finished_spans()
    assert publish.name == "publish" and publish.kind is SpanKind.PRODUCER
    assert publish.attributes["messaging.destination.name"] == "verdicts"
    [(_, _, headers)] = recorded.on("verdicts")
    assert headers == [
        ("x", b"1"),
        (
            "traceparent",
            f"00-{publish.context.trace_id:032x}-{publish.context.span_id:016x}-01".encode(),
        ),
    ]


async def test_trace_headers_cannot_replace_the_signed_ones() -> None:
    seen: list[httpx.Request] = []

    def target(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    sender = CallbackSender(
        "https://bank.example/cb",
        b"secret",
        client=httpx.AsyncClient(transport=httpx.MockTransport(target)),
        clock=lambda: 1_763_600_000,
    )
    await sender.post_once(
        b"{}",
        idempotency_key="7:run",
        extra_headers={"traceparent": INCOMING.decode(), "X-Signature": "forged"},
    )
    [request] = seen
    assert request.headers["traceparent"] == INCOMING.decode()
    assert request.headers["x-signature"].startswith("sha256=")
    assert request.headers["idempotency-key"] == "7:run"
