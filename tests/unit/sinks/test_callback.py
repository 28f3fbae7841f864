from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from uuid import uuid4

import httpx
import pytest

from schemas import Status, VerificationResult
from sinks import CallbackFailed, CallbackSender, sign

SECRET = b"s3cr3t-for-tests"


def _result() -> VerificationResult:
    return VerificationResult(
        request_id=42,
        run_id=uuid4(),
        status=Status.COMPLETED,
        verdict=True,
        processed_at=datetime(2026, 11, 20, tzinfo=UTC),
    )


class Target:
    """A callback target answering a scripted list of responses."""

    def __init__(self, *responses: httpx.Response) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.responses.pop(0)


def _sender(target: Target, sleeps: list[float], **kwargs) -> CallbackSender:
    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    client = httpx.AsyncClient(transport=httpx.MockTransport(target), follow_redirects=False)
    return CallbackSender(
        "https://bank.example/callbacks/idp",
        SECRET,
        client=client,
        clock=lambda: 1763600000.7,
        sleep=sleep,
        **kwargs,
    )


async def test_signed_request_with_idempotency_key() -> None:
    target = Target(httpx.Response(204))
    result = _result()
    delivery = await _sender(target, []).deliver(result)
    assert delivery.attempts == 1
    [request] = target.requests
    body = request.content
    assert body == result.to_bytes()
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Idempotency-Key"] == f"42:{result.run_id}"
    assert request.headers["X-Timestamp"] == "1763600000"
    expected = hmac.new(SECRET, b"1763600000." + body, hashlib.sha256).hexdigest()
    assert request.headers["X-Signature"] == f"sha256={expected}"
    assert sign(SECRET, 1763600000, body) == f"sha256={expected}"


async def test_retries_5xx_and_honours_retry_after_on_429() -> None:
    target = Target(
        httpx.Response(500), httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200)
    )
    sleeps: list[float] = []
    delivery = await _sender(target, sleeps).deliver(_result())
    assert delivery.attempts == 3
    assert sleeps[1] == 7.0
    assert len(target.requests) == 3


@pytest.mark.parametrize("status", [400, 401, 404, 409, 422])
async def test_other_4xx_are_not_retried(status: int) -> None:
    target = Target(httpx.Response(status), httpx.Response(200))
    with pytest.raises(CallbackFailed) as info:
        await _sender(target, []).deliver(_result())
    assert info.value.permanent and info.value.status == status
    assert len(target.requests) == 1


async def test_redirects_are_not_followed() -> None:
    target = Target(httpx.Response(302, headers={"Location": "https://elsewhere.example/"}))
    with pytest.raises(CallbackFailed):
        await _sender(target, []).deliver(_result())
    assert [str(r.url) for r in target.requests] == ["https://bank.example/callbacks/idp"]


async def test_connection_errors_are_retried_until_attempts_run_out() -> None:
    calls = []

    def refuse(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ConnectError("refused", request=request)

    sleeps: list[float] = []
    client = httpx.AsyncClient(transport=httpx.MockTransport(refuse))

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    sender = CallbackSender(
        "https://bank.example/cb", SECRET, client=client, sleep=sleep, max_attempts=4
    )
    with pytest.raises(CallbackFailed) as info:
        await sender.deliver(_result())
    assert not info.value.permanent
    assert len(calls) == 4 and len(sleeps) == 3
