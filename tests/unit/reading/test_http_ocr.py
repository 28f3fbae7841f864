"""The OCR service client against a real HTTP server on 127.0.0.1: the request it
sends, what it retries and what it gives up on at once."""

from __future__ import annotations

import socket
from pathlib import Path

import cv2
import numpy as np
import pytest
from pydantic import SecretStr

from processors.errors import OcrFailure
from processors.reading import HttpOcrClient, OcrRefused
from tests.pki import TestCa

from .conftest import MakeClient
from .fake_ocr import FakeOcrService, Reply

PAGE = cv2.imencode(".png", np.full((40, 60), 255, np.uint8))[1].tobytes()


def text(value: str, confidence: object = 90.0) -> Reply:
    return Reply(body={"text": value, "confidence": confidence})


def error(status: int, **headers: str) -> Reply:
    return Reply(status=status, body={"error": "scripted"}, headers=headers)


async def test_the_page_goes_as_multipart_png_with_the_languages_and_the_token(
    fake_ocr: FakeOcrService, make_ocr_client: MakeClient
) -> None:
    fake_ocr.answer(text("ПРИКАЗ № 45-к", 91.25))
    answer = await make_ocr_client().recognise(PAGE, dpi=300, page=3)
    assert answer.text == "ПРИКАЗ № 45-к" and answer.confidence == 91.25
    (request,) = fake_ocr.requests
    assert (request.page, request.dpi, request.lang) == ("3", "300", "rus+kaz+eng")
    assert request.image == PAGE
    assert request.headers["Authorization"] == "Bearer ocr-test-token"


@pytest.mark.parametrize(
    ("confidence", "expected"), [(None, None), ("high", None), (True, None), (140, 100.0)]
)
async def test_confidence_is_optional_and_kept_within_0_to_100(
    fake_ocr: FakeOcrService, make_ocr_client: MakeClient, confidence: object, expected: object
) -> None:
    fake_ocr.answer(text("Справка", confidence))
    assert (await make_ocr_client().recognise(PAGE, dpi=300, page=1)).confidence == expected


async def test_server_errors_are_retried_with_backoff(
    fake_ocr: FakeOcrService, make_ocr_client: MakeClient
) -> None:
    fake_ocr.answer(error(500), error(502), text("Бұйрық"))
    client = make_ocr_client()
    assert (await client.recognise(PAGE, dpi=300, page=1)).text == "Бұйрық"
    assert len(fake_ocr.requests) == 3
    sleeps = client.sleeps  # type: ignore[attr-defined]
    assert len(sleeps) == 2 and all(0 < s <= 10 for s in sleeps)


async def test_429_waits_as_long_as_retry_after_says(
    fake_ocr: FakeOcrService, make_ocr_client: MakeClient
) -> None:
    fake_ocr.answer(error(429, **{"Retry-After": "7"}), error(503, **{"Retry-After": "900"}))
    fake_ocr.answer(text("Анықтама"))
    client = make_ocr_client(max_retry_after_s=30.0)
    assert (await client.recognise(PAGE, dpi=300, page=1)).text == "Анықтама"
    assert client.sleeps == [7.0, 30.0]  # type: ignore[attr-defined]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 413, 422])
async def test_client_errors_are_refused_at_once(
    fake_ocr: FakeOcrService, make_ocr_client: MakeClient, status: int
) -> None:
    fake_ocr.answer(error(status))
    with pytest.raises(OcrRefused) as caught:
        await make_ocr_client().recognise(PAGE, dpi=300, page=1)
    assert len(fake_ocr.requests) == 1
    assert isinstance(caught.value, OcrFailure)
    assert caught.value.stage == "ocr" and caught.value.retriable is False
    assert caught.value.details["status"] == status


async def test_a_service_that_stays_down_is_a_retriable_failure(
    fake_ocr: FakeOcrService, make_ocr_client: MakeClient
) -> None:
    fake_ocr.answer(*[error(503)] * 4)
    with pytest.raises(OcrFailure) as caught:
        await make_ocr_client(max_attempts=4).recognise(PAGE, dpi=300, page=1)
    assert not isinstance(caught.value, OcrRefused)
    assert caught.value.retriable and caught.value.stage == "ocr"
    assert caught.value.details == {"stage": "ocr", "status": 503, "attempts": 4}
    assert len(fake_ocr.requests) == 4


async def test_a_page_that_takes_too_long_is_retried_then_fails(
    fake_ocr: FakeOcrService, make_ocr_client: MakeClient
) -> None:
    fake_ocr.answer(*[Reply(body={"text": "late"}, delay_s=5.0)] * 2)
    with pytest.raises(OcrFailure) as caught:
        await make_ocr_client(timeout_s=0.3, max_attempts=2).recognise(PAGE, dpi=300, page=1)
    assert caught.value.retriable
    assert "ReadTimeout" in caught.value.message
    assert len(fake_ocr.requests) == 2


async def test_a_timeout_then_an_answer_succeeds(
    fake_ocr: FakeOcrService, make_ocr_client: MakeClient
) -> None:
    fake_ocr.answer(Reply(body={"text": "late"}, delay_s=5.0), text("вовремя"))
    client = make_ocr_client(timeout_s=0.3)
    assert (await client.recognise(PAGE, dpi=300, page=1)).text == "вовремя"


@pytest.mark.parametrize("body", ["<html>gateway</html>", {"result": "no text field"}])
async def test_answers_without_text_are_retried(
    fake_ocr: FakeOcrService, make_ocr_client: MakeClient, body: object
) -> None:
    fake_ocr.answer(Reply(body=body), text("Приказ"))  # type: ignore[arg-type]
    assert (await make_ocr_client().recognise(PAGE, dpi=300, page=1)).text == "Приказ"
    assert len(fake_ocr.requests) == 2


async def test_nobody_listening_is_a_retriable_failure() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    client = HttpOcrClient(f"http://127.0.0.1:{port}/v1/ocr", max_attempts=3, sleep=sleep)
    try:
        with pytest.raises(OcrFailure) as caught:
            await client.recognise(PAGE, dpi=300, page=1)
    finally:
        await client.close()
    assert caught.value.retriable and "ConnectError" in caught.value.message
    assert len(sleeps) == 2


async def test_tls_is_verified_against_the_ca_bundle(tmp_path: Path) -> None:
    ca = TestCa(tmp_path)
    service = FakeOcrService(token=None, ssl_context=ca.server_context(ca.issue("server")))
    await service.start()
    service.answer(text("Приказ"))
    trusting = HttpOcrClient(service.url, ca_bundle=ca.ca_file, max_attempts=1)
    default = HttpOcrClient(service.url, max_attempts=3)
    try:
        assert (await trusting.recognise(PAGE, dpi=300, page=1)).text == "Приказ"
        with pytest.raises(OcrRefused, match="OCR_HTTP_CA_BUNDLE"):
            await default.recognise(PAGE, dpi=300, page=1)
    finally:
        await trusting.close()
        await default.close()
        await service.stop()
    assert len(service.requests) == 1  # the untrusted handshake never sent the page
    assert service.problems == []


async def test_no_token_no_authorization_header() -> None:
    service = FakeOcrService(token=None)
    await service.start()
    service.answer(text("Справка"))
    client = HttpOcrClient(service.url, token=SecretStr(""))
    try:
        await client.recognise(PAGE, dpi=300, page=1)
    finally:
        await client.close()
        await service.stop()
    assert "Authorization" not in service.requests[0].headers
    assert service.problems == []
