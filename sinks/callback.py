"""The signed REST callback of CONTRACT section 7."""

from __future__ import annotations

import email.utils
import hashlib
import hmac
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from schemas import VerificationResult

from .errors import CallbackFailed

_RETRY_STATUSES = frozenset({408, 429}) | frozenset(range(500, 600))
_MAX_RETRY_AFTER_S = 60.0


def idempotency_key(request_id: int, run_id: object) -> str:
    return f"{request_id}:{run_id}"


def sign(secret: bytes, timestamp: int, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256 over ``"<timestamp>.<body>"``."""
    digest = hmac.new(secret, str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


@dataclass(frozen=True, slots=True)
class Delivery:
    status: int
    attempts: int


class CallbackSender:
    """POSTs each result to ``url``; retries 5xx, 408, 429, timeouts and
    connection errors with jittered backoff, never follows redirects."""

    def __init__(
        self,
        url: str,
        secret: bytes,
        *,
        client: httpx.AsyncClient | None = None,
        max_attempts: int = 5,
        timeout_s: float = 10.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        backoff_initial_s: float = 0.5,
        backoff_max_s: float = 30.0,
    ) -> None:
        self._url = url
        self._secret = secret
        self._client = client or httpx.AsyncClient(
            timeout=timeout_s, follow_redirects=False, verify=True
        )
        self._max_attempts = max_attempts
        self._clock = clock
        self._sleep = sleep
        self._wait = wait_exponential_jitter(initial=backoff_initial_s, max=backoff_max_s)

    async def close(self) -> None:
        await self._client.aclose()

    def _wait_for(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            return min(retry_after, _MAX_RETRY_AFTER_S)
        return self._wait(state)

    async def deliver(self, result: VerificationResult) -> Delivery:
        """Deliver or raise ``CallbackFailed`` (``permanent`` for a refusing 4xx)."""
        body = result.to_bytes()
        attempts = 0
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._max_attempts),
            wait=self._wait_for,
            retry=retry_if_exception(lambda e: isinstance(e, CallbackFailed) and not e.permanent),
            reraise=True,
            **({"sleep": self._sleep} if self._sleep else {}),
        )
        key = idempotency_key(result.request_id, result.run_id)
        async for attempt in retrying:
            with attempt:
                attempts += 1
                status = await self.post_once(body, idempotency_key=key)
        return Delivery(status=status, attempts=attempts)

    async def post_once(self, body: bytes, *, idempotency_key: str) -> int:
        """One signed POST: the 2xx status, or ``CallbackFailed`` (with
        ``permanent`` and ``retry_after`` set from the answer)."""
        timestamp = int(self._clock())
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": idempotency_key,
            "X-Timestamp": str(timestamp),
            "X-Signature": sign(self._secret, timestamp, body),
        }
        try:
            response = await self._client.post(self._url, content=body, headers=headers)
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            raise CallbackFailed(f"callback transport error: {type(exc).__name__}") from exc
        if 200 <= response.status_code < 300:
            return response.status_code
        retriable = response.status_code in _RETRY_STATUSES
        failure = CallbackFailed(
            f"callback answered {response.status_code}",
            permanent=not retriable,
            status=response.status_code,
        )
        failure.retry_after = _retry_after(response)
        raise failure


def _retry_after(response: httpx.Response, now: float | None = None) -> float | None:
    """Seconds to wait, from a ``Retry-After`` of delta-seconds or an HTTP date."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
