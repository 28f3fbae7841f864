"""The machine endpoints over fakes: probes, metrics, request status and uploads."""

from __future__ import annotations

import asyncio
import json
from uuid import uuid4

import aiohttp
import pytest

from schemas import LoanDelayEvent
from sinks import Arrival
from stream.operator import Probe

from .conftest import INPUT_TOPIC, NAME_MISMATCH, TOKEN, Fakes


async def _ok() -> None:
    return None


async def _refused() -> None:
    raise ConnectionRefusedError("connection refused by 127.0.0.1:5432")


async def _hangs() -> None:
    await asyncio.sleep(30)


async def test_health_answers_while_the_worker_starts(operator_client, fakes: Fakes) -> None:
    fakes.ready = False
    client = await operator_client()
    response = await client.get("/health")
    assert response.status == 200 and await response.json() == {"status": "ok"}


async def test_ready_when_every_dependency_answers(operator_client, fakes: Fakes) -> None:
    fakes.probes = [Probe("kafka", _ok), Probe("postgres", _ok), Probe("s3", _ok)]
    client = await operator_client()
    response = await client.get("/ready")
    assert response.status == 200
    assert await response.json() == {
        "status": "ready",
        "checks": {"kafka": "ok", "postgres": "ok", "s3": "ok"},
    }


async def test_not_ready_names_what_failed_and_why(operator_client, fakes: Fakes) -> None:
    fakes.probes = [Probe("kafka", _ok), Probe("postgres", _refused), Probe("s3", _hangs)]
    client = await operator_client()
    started = asyncio.get_running_loop().time()
    response = await client.get("/ready")
    assert asyncio.get_running_loop().time() - started < 2  # the probes' timeout, not 30 s
    assert response.status == 503
    body = await response.json()
    assert body["status"] == "not_ready"
    assert body["checks"]["kafka"] == "ok"
    assert body["checks"]["postgres"].startswith("ConnectionRefusedError: connection refused")
    assert body["checks"]["s3"] == "no answer within 0.2 s"


async def test_not_ready_while_starting(operator_client, fakes: Fakes) -> None:
    fakes.ready = False
    client = await operator_client()
    response = await client.get("/ready")
    assert response.status == 503 and (await response.json())["status"] == "starting"


async def test_metrics_in_prometheus_text_format(operator_client, fakes: Fakes) -> None:
    fakes.metrics.event_consumed()
    fakes.metrics.result("completed", False)
    client = await operator_client(token=TOKEN)  # scrapes need no token
    response = await client.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    text = await response.text()
    assert "idp_events_consumed_total 1.0" in text
    assert 'idp_results_total{status="completed",verdict="false"} 1.0' in text


async def test_request_status_and_result(operator_client, fakes: Fakes) -> None:
    await fakes.decided(1234567, errors=[NAME_MISMATCH])
    client = await operator_client()
    response = await client.get("/v1/requests/1234567")
    assert response.status == 200
    body = await response.json()
    assert body["request_id"] == 1234567 and body["status"] == "completed"
    assert body["verdict"] is False and body["error_codes"] == ["NAME_MISMATCH"]
    assert body["result"]["errors"][0]["code"] == "NAME_MISMATCH"
    assert body["received_at"].startswith("2026-11-20T05:00:00")


async def test_an_open_request_has_no_result_yet(operator_client, fakes: Fakes) -> None:
    event = LoanDelayEvent(
        request_id=55, s3_path="a.pdf", iin="960125445005", first_name="А", last_name="Б"
    )
    await fakes.ledger.admit(
        [Arrival(event, run_id=uuid4(), reference_time=fakes.clock(), source=None)]
    )
    client = await operator_client()
    body = await (await client.get("/v1/requests/55")).json()
    assert body["status"] == "received" and body["verdict"] is None and body["result"] is None


@pytest.mark.parametrize("path", ["/v1/requests/999", "/v1/requests/abc", "/v1/requests/0"])
async def test_unknown_request_is_404(operator_client, path: str) -> None:
    client = await operator_client()
    response = await client.get(path)
    assert response.status == 404 and (await response.json()) == {"error": "NOT_FOUND"}


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}, {"X": TOKEN}],
)
async def test_request_status_needs_the_token_when_set(
    operator_client, fakes: Fakes, headers: dict[str, str]
) -> None:
    await fakes.decided(1234567)
    client = await operator_client(token=TOKEN)
    response = await client.get("/v1/requests/1234567", headers=headers)
    assert response.status == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Жармаганбет" not in await response.text()


async def test_request_status_with_the_token(operator_client, fakes: Fakes) -> None:
    await fakes.decided(1234567)
    client = await operator_client(token=TOKEN)
    response = await client.get(
        "/v1/requests/1234567", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status == 200


def _form(content: bytes = b"%PDF-1.7 test", **fields: str) -> aiohttp.FormData:
    values = {
        "iin": "960125445005",
        "last_name": "Жармаганбет",
        "first_name": "Айгерим",
        "second_name": "Сериккызы",
        "reason": "maternity_leave",
    } | fields
    form = aiohttp.FormData()
    for name, value in values.items():
        form.add_field(name, value)
    form.add_field("file", content, filename="../Приказ №45.pdf", content_type="application/pdf")
    return form


async def test_upload_stores_the_file_and_produces_the_event(operator_client, fakes: Fakes) -> None:
    client = await operator_client()
    response = await client.post("/v1/documents", data=_form(request_id="777001"))
    assert response.status == 202
    body = await response.json()
    assert body["request_id"] == 777001
    assert response.headers["Location"] == "/v1/requests/777001"
    [(key, value, _)] = fakes.sink.on(INPUT_TOPIC)
    event = LoanDelayEvent.model_validate_json(value)
    assert key == b"777001" and event.request_id == 777001
    assert event.iin == "960125445005" and event.reason == "maternity_leave"
    [(bucket, stored_key)] = fakes.store.objects
    assert event.s3_path == f"s3://{bucket}/{stored_key}" == body["s3_path"]
    assert stored_key.endswith("/Приказ №45.pdf")  # the folder part of the name dropped
    assert fakes.store.objects[(bucket, stored_key)] == b"%PDF-1.7 test"


async def test_upload_without_request_id_gets_a_fresh_one(operator_client, fakes: Fakes) -> None:
    client = await operator_client()
    response = await client.post("/v1/documents", data=_form(second_name="", reason=""))
    assert response.status == 202
    event = LoanDelayEvent.model_validate_json(fakes.sink.on(INPUT_TOPIC)[0][1])
    assert event.request_id == (await response.json())["request_id"] > 0
    assert event.second_name is None and event.reason is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"iin": "960125445006"}, "iin"),  # wrong check digit
        ({"last_name": ""}, "last_name"),
        ({"reason": "holiday"}, "reason"),
        ({"request_id": "-4"}, "request_id"),
        ({"request_id": "12e3"}, "request_id"),
    ],
)
async def test_upload_is_validated_like_the_event_before_anything_is_stored(
    operator_client, fakes: Fakes, fields: dict[str, str], field: str
) -> None:
    client = await operator_client()
    response = await client.post("/v1/documents", data=_form(**fields))
    assert response.status == 422
    body = await response.json()
    assert body["error"] == "INVALID_FIELDS"
    assert [p["field"] for p in body["problems"]] == [field]
    assert "960125445006" not in json.dumps(body)  # values are personal data
    assert fakes.store.objects == {} and fakes.sink.messages == []


async def test_upload_above_the_cap_is_refused_while_reading(operator_client, fakes: Fakes) -> None:
    client = await operator_client(max_file_bytes=1024)
    response = await client.post("/v1/documents", data=_form(content=b"x" * 1025))
    assert response.status == 413
    assert await response.json() == {"error": "FILE_TOO_LARGE", "limit_bytes": 1024}
    assert fakes.store.objects == {} and fakes.sink.messages == []
    accepted = await client.post("/v1/documents", data=_form(content=b"x" * 1024))
    assert accepted.status == 202


async def test_upload_with_a_declared_length_far_above_the_cap_is_refused_unread(
    operator_client, fakes: Fakes
) -> None:
    client = await operator_client(max_file_bytes=1024)
    body = b"x" * (200 * 1024)
    response = await client.post(
        "/v1/documents",
        data=body,
        headers={"Content-Type": "multipart/form-data; boundary=zzz"},
    )
    assert response.status == 413 and fakes.sink.messages == []


async def test_upload_needs_a_file(operator_client, fakes: Fakes) -> None:
    form = aiohttp.FormData()
    form.add_field("iin", "960125445005")
    form.add_field("file", b"", filename="empty.pdf", content_type="application/pdf")
    client = await operator_client()
    response = await client.post("/v1/documents", data=form)
    assert response.status == 422
    assert (await response.json())["problems"] == [
        {"field": "file", "problem": "the document is empty"}
    ]


async def test_upload_must_be_multipart(operator_client) -> None:
    client = await operator_client()
    response = await client.post("/v1/documents", json={"iin": "960125445005"})
    assert response.status == 415


async def test_upload_needs_the_token_when_set(operator_client, fakes: Fakes) -> None:
    client = await operator_client(token=TOKEN)
    refused = await client.post("/v1/documents", data=_form())
    assert refused.status == 401 and fakes.sink.messages == []
    accepted = await client.post(
        "/v1/documents", data=_form(), headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert accepted.status == 202 and len(fakes.sink.on(INPUT_TOPIC)) == 1


async def test_upload_while_starting_is_503(operator_client, fakes: Fakes) -> None:
    fakes.ready = False
    client = await operator_client()
    response = await client.post("/v1/documents", data=_form())
    assert response.status == 503
