from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

import httpx
import pytest

from processors.http_retry import retry_after
from sinks import CallbackFailed, CallbackSender, sign

SECRET = b"s3cr3t-for-tests"
BODY = b'{"request_id": 42, "verdict": true}'


class Target:
    """A callback target answering a scripted response, or raising."""

    def __init__(self, response: httpx.Response | Exception) -> None:
        self.response = response
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if isinstance(self.response, Exception):
            raise self.response
        return self.response


def _sender(target: Target) -> CallbackSender:
    client = httpx.AsyncClient(transport=httpx.MockTransport(target), follow_redirects=False)
    return CallbackSender(
        "https://bank.example/callbacks/idp", SECRET, client=client, clock=lambda: 1763600000.7
    )


async def test_signed_request_with_idempotency_key() -> None:
    target = Target(httpx.Response(204))
    assert await _sender(target).post_once(BODY, idempotency_key="42:run") == 204
    [request] = target.requests
    assert request.content == BODY
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Idempotency-Key"] == "42:run"
    assert request.headers["X-Timestamp"] == "1763600000"
    expected = hmac.new(SECRET, b"1763600000." + BODY, hashlib.sha256).hexdigest()
    assert request.headers["X-Signature"] == f"sha256={expected}"
    assert sign(SECRET, 1763600000, BODY) == f"sha256={expected}"


@pytest.mark.parametrize("status", [500, 502, 503, 408, 429])
async def test_retriable_answers(status: int) -> None:
    with pytest.raises(CallbackFailed) as info:
        await _sender(Target(httpx.Response(status))).post_once(BODY, idempotency_key="k")
    assert not info.value.permanent and info.value.status == status


@pytest.mark.parametrize("status", [400, 401, 404, 409, 422])
async def test_other_4xx_are_permanent(status: int) -> None:
    with pytest.raises(CallbackFailed) as info:
        await _sender(Target(httpx.Response(status))).post_once(BODY, idempotency_key="k")
    assert info.value.permanent and info.value.status == status


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("7", 7.0),
        (" 120 ", 120.0),
        ("Fri, 21 Nov 2026 01:33:40 GMT", 20.0),
        ("Fri, 21 Nov 2026 01:33:00 GMT", 0.0),  # already past
        ("soon", None),
        ("", None),
        # Not delta-seconds (RFC 9110: digits only): no wait at all rather than forever.
        ("inf", None),
        ("nan", None),
        ("1e9", None),
        ("-5", None),
        ("2.5", None),
    ],
)
async def test_retry_after_in_seconds_or_as_a_date(value: str, seconds: float | None) -> None:
    response = httpx.Response(429, headers={"Retry-After": value})
    assert retry_after(response, now=datetime(2026, 11, 21, 1, 33, 20, tzinfo=UTC)) == seconds


async def test_a_failed_callback_carries_the_receivers_wish() -> None:
    answer = httpx.Response(503, headers={"Retry-After": "45"})
    with pytest.raises(CallbackFailed) as info:
        await _sender(Target(answer)).post_once(BODY, idempotency_key="k")
    assert info.value.retry_after == 45.0


async def test_redirects_are_not_followed() -> None:
    target = Target(httpx.Response(302, headers={"Location": "https://elsewhere.example/"}))
    with pytest.raises(CallbackFailed):
        await _sender(target).post_once(BODY, idempotency_key="k")
    assert [str(r.url) for r in target.requests] == ["https://bank.example/callbacks/idp"]


async def test_connection_errors_are_retriable() -> None:
    refuse = Target(httpx.ConnectError("refused"))
    with pytest.raises(CallbackFailed) as info:
        await _sender(refuse).post_once(BODY, idempotency_key="k")
    assert not info.value.permanent
