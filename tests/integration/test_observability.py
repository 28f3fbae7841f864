"""Traces and logs of a real worker on the real local stack.

The worker exports its spans over OTLP/HTTP to a collector on loopback and
posts callbacks to a target on loopback; its topics, group and database are
its own. One valid request and one invalid event each carry a W3C
``traceparent``: the spans, the result, dead-letter and callback headers and
the log lines must all name that trace, and the log must hold no IIN or
given name in clear.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from schemas import S3Location
from sinks import request_key
from stream.connections import make_producer, open_document_store, watch_results
from stream.samples import SampleCase
from stream.submit import new_request_id, upload_key
from tests.traces import REQUEST_SPANS

from .conftest import read_topic
from .workers import own_stack, settings_of

pytestmark = pytest.mark.integration

ACCEPTED_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
REJECTED_TRACE = "5ce0e9a56015fec5aadfa328ae398115"
APP_SPAN = "00f067aa0ba902b7"


def traceparent(trace_id: str) -> bytes:
    return f"00-{trace_id}-{APP_SPAN}-01".encode()


class Recorder(ThreadingHTTPServer):
    """A loopback HTTP server keeping every POST: an OTLP collector or a callback target."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.posts: list[tuple[str, dict[str, str], bytes]] = []
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def spans(self) -> list[dict[str, Any]]:
        found = []
        for path, headers, body in list(self.posts):
            if path != "/v1/traces":
                continue
            if headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            request = ExportTraceServiceRequest.FromString(body)
            for resource in request.resource_spans:
                for scope in resource.scope_spans:
                    found.extend(
                        {
                            "name": span.name,
                            "trace_id": span.trace_id.hex(),
                            "span_id": span.span_id.hex(),
                            "parent": span.parent_span_id.hex(),
                        }
                        for span in scope.spans
                    )
        return found


class _Handler(BaseHTTPRequestHandler):
    server: Recorder

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.posts.append((self.path, dict(self.headers), body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def recorders() -> Iterator[tuple[Recorder, Recorder]]:
    collector, target = Recorder(), Recorder()
    yield collector, target
    for server in (collector, target):
        server.shutdown()
        server.server_close()


def _wait_for(check, timeout: float = 60.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not (found := check()) and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


async def test_a_request_is_one_trace_in_spans_headers_and_logs(
    stack_env: dict[str, str], spawn_worker, recorders, samples: dict[str, SampleCase]
) -> None:
    collector, target = recorders
    own = own_stack(stack_env, "obs")
    worker = spawn_worker(
        {
            **own,
            "OTEL_EXPORTER_OTLP_ENDPOINT": collector.url,
            "OTEL_BSP_SCHEDULE_DELAY": "200",
            "CALLBACK_URL": f"{target.url}/callbacks/idp",
            "CALLBACK_SECRET": "observability-test-secret",
        }
    )
    settings = settings_of(own)
    case = next(
        c
        for c in samples.values()
        if not c.expected_codes and c.media_type == "application/pdf" and c.second_name
    )
    accepted_id, rejected_id = new_request_id(), new_request_id()
    bootstrap = settings.kafka_bootstrap_servers or ""
    async with (
        open_document_store(settings) as store,
        watch_results(settings) as watcher,
    ):
        location = S3Location(bucket=settings.s3_bucket, key=upload_key(case.filename))
        await store.put(location, case.content, case.media_type)
        producer = make_producer(settings, client_id="idp-tests-observability")
        await producer.start()
        try:
            for request_id, trace_id, changes in (
                (accepted_id, ACCEPTED_TRACE, {}),
                (rejected_id, REJECTED_TRACE, {"iin": "960125445006"}),  # a wrong check digit
            ):
                payload = case.event(request_id, location.url) | changes
                await producer.send(
                    settings.input_topic,
                    key=request_key(request_id),
                    value=json.dumps(payload, ensure_ascii=False).encode(),
                    headers=[("traceparent", traceparent(trace_id))],
                )
        finally:
            await producer.stop()
        results = await watcher.wait_for([accepted_id, rejected_id], timeout=120)
    assert results[accepted_id].verdict is True
    assert results[rejected_id].status == "rejected"

    # Headers of the result, the dead letter and the callbacks name each request's trace.
    def trace_of(headers: Any) -> str:
        return dict(headers)["traceparent"].decode().split("-")[1]

    verdicts = {r.key: r for r in await read_topic(bootstrap, settings.result_topic)}
    assert trace_of(verdicts[request_key(accepted_id)].headers) == ACCEPTED_TRACE
    assert trace_of(verdicts[request_key(rejected_id)].headers) == REJECTED_TRACE
    [letter] = await read_topic(bootstrap, settings.dlq_topic)
    assert trace_of(letter.headers) == REJECTED_TRACE
    callbacks = _wait_for(lambda: len(target.posts) >= 2 and target.posts)
    by_request = {json.loads(body)["request_id"]: headers for _, headers, body in callbacks}
    assert by_request[accepted_id]["traceparent"].split("-")[1] == ACCEPTED_TRACE
    assert by_request[rejected_id]["traceparent"].split("-")[1] == REJECTED_TRACE

    # The collector got the accepted request's stages as one tree under the app's span.
    def accepted_spans() -> dict[str, dict[str, Any]] | None:
        spans = {s["name"]: s for s in collector.spans() if s["trace_id"] == ACCEPTED_TRACE}
        return spans if "callback" in spans else None

    spans = _wait_for(accepted_spans, timeout=30)
    assert spans, f"no callback span exported: {collector.spans()}"
    assert REQUEST_SPANS | {"rules"} <= spans.keys()
    assert spans["intake"]["parent"] == APP_SPAN
    assert spans["reading"]["parent"] == spans["intake"]["span_id"]
    assert spans["download"]["parent"] == spans["reading"]["span_id"]
    assert spans["decode"]["parent"] == spans["ocr"]["span_id"]
    assert spans["checking"]["parent"] == spans["reading"]["span_id"]
    assert spans["rules"]["parent"] == spans["checks"]["span_id"]

    # Every line of the log is JSON; the accepted request's lines carry its ids; no PII.
    worker.stop()
    text = worker.log_path.read_text()
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    mine = [line for line in lines if line.get("request_id") == accepted_id]
    assert {"intake.accepted", "reading.done", "decision.made", "callback.delivered"} <= {
        line["event"] for line in mine
    }
    for line in mine:
        assert line["trace_id"] == ACCEPTED_TRACE, line
        assert line["run_id"] == str(results[accepted_id].run_id), line
    for secret in (case.iin, case.first_name, case.second_name):
        assert secret not in text, f"{secret} in the worker's log"
