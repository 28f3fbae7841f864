"""The operator port of the real worker, on the real local stack."""

from __future__ import annotations

import asyncio
import re
import time

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from schemas import Status
from stream.samples import SampleCase

from .conftest import Pipeline
from .workers import WorkerProcess

pytestmark = pytest.mark.integration


def operator_url(worker: WorkerProcess) -> str:
    return f"http://127.0.0.1:{worker.env['HTTP_PORT']}"


@pytest.fixture
async def http(worker: WorkerProcess):  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(base_url=operator_url(worker), timeout=10) as client:
        yield client


def _accepted_pdf(samples: dict[str, SampleCase]) -> SampleCase:
    return next(
        c for c in samples.values() if not c.expected_codes and c.media_type == "application/pdf"
    )


def _value(text: str, name: str, **labels: str) -> float | None:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    return None


async def test_health_and_ready(http: httpx.AsyncClient) -> None:
    assert (await http.get("/health")).json() == {"status": "ok"}
    deadline = time.monotonic() + 30
    while True:
        ready = await http.get("/ready")
        if ready.status_code == 200 or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.5)
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"kafka": "ok", "postgres": "ok", "s3": "ok"}


async def test_faust_pages_are_not_served(http: httpx.AsyncClient) -> None:
    # The console owns "/"; Faust's router, table and stats pages are off.
    index = await http.get("/")
    assert index.headers["content-type"].startswith("text/html")
    assert "Recent requests" in index.text
    for path in ("/router/", "/table/", "/stats/", "/assignment/"):
        assert (await http.get(path)).status_code == 404, path


async def test_upload_then_status_then_metrics(
    http: httpx.AsyncClient, pipeline: Pipeline, samples: dict[str, SampleCase]
) -> None:
    before = (await http.get("/metrics")).text
    accepted_before = _value(before, "idp_results_total", status="completed", verdict="true")
    case = _accepted_pdf(samples)
    response = await http.post(
        "/v1/documents",
        data={
            "iin": case.iin,
            "last_name": case.last_name,
            "first_name": case.first_name,
            "second_name": case.second_name or "",
            "reason": case.reason.value if case.reason else "",
        },
        files={"file": (case.filename, case.content, case.media_type)},
    )
    assert response.status_code == 202, response.text
    request_id = response.json()["request_id"]

    result = await pipeline.result(request_id)
    assert result.status is Status.COMPLETED and result.verdict is True, result.errors

    status = await http.get(f"/v1/requests/{request_id}")
    assert status.status_code == 200
    body = status.json()
    assert body["status"] == "completed" and body["verdict"] is True
    assert body["result"]["run_id"] == str(result.run_id)
    assert (await http.get("/v1/requests/1")).status_code == 404

    text = (await http.get("/metrics")).text
    for name in (
        "idp_events_consumed_total",
        "idp_duplicates_total",
        "idp_inflight",
        "idp_dlq_total",
        "idp_callbacks_total",
        "idp_stage_seconds_bucket",
    ):
        assert name in text, name
    accepted = _value(text, "idp_results_total", status="completed", verdict="true")
    assert accepted is not None and accepted >= (accepted_before or 0) + 1
    assert (_value(text, "idp_events_consumed_total") or 0) >= 1
    assert (_value(text, "idp_stage_seconds_count", stage="ocr") or 0) >= 1
    # The pool's own CPU for the read: measured in the pool process, reported here.
    assert (_value(text, "idp_pool_cpu_seconds_count", function="read_document") or 0) >= 1
    assert (_value(text, "idp_pool_cpu_seconds_sum", function="read_document") or 0) > 0
    # Lag per assigned partition of the input topic, read off Faust's consumer
    # once it has committed past our event (every second).
    topic = pipeline.settings.input_topic
    deadline = time.monotonic() + 15
    while not re.search(rf'idp_consumer_lag{{partition="\d+",topic="{topic}"}} \d', text):
        assert time.monotonic() < deadline, "no idp_consumer_lag for the input topic"
        await asyncio.sleep(0.5)
        text = (await http.get("/metrics")).text

    page = await http.get(f"/requests/{request_id}")
    assert page.status_code == 200 and f"Request {request_id}" in page.text
    assert case.iin not in page.text and case.iin[:6] + "******" in page.text
    listing = await http.get("/")
    assert f"/requests/{request_id}" in listing.text
