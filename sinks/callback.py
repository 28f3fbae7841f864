"""The signed REST callback of CONTRACT section 7."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Mapping

import httpx

from processors.http_retry import retry_after

from .callback_targets import CallbackAllowlist
from .errors import CallbackFailed

_RETRY_STATUSES = frozenset({408, 429}) | frozenset(range(500, 600))


def idempotency_key(request_id: int, run_id: object) -> str:
    return f"{request_id}:{run_id}"


def sign(secret: bytes, timestamp: int, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256 over ``"<timestamp>.<body>"``."""
    digest = hmac.new(secret, str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class CallbackSender:
    """Signs and POSTs one result to ``url`` (or a target ``allowlist`` admits),
    never following redirects.

    It makes one attempt per call; the outbox relay decides when to try again
    (5xx, 408, 429 with ``Retry-After``, timeouts and connection errors) and
    when to give up (other 4xx, or attempts exhausted).
    """

    def __init__(
        self,
        url: str,
        secret: bytes,
        *,
        client: httpx.AsyncClient | None = None,
        timeout_s: float = 10.0,
        clock: Callable[[], float] = time.time,
        allowlist: CallbackAllowlist | None = None,
    ) -> None:
        self._url = url
        self._allowlist = allowlist
        self._secret = secret
        self._client = client or httpx.AsyncClient(
            timeout=timeout_s, follow_redirects=False, verify=True
        )
        self._clock = clock

    async def close(self) -> None:
        await self._client.aclose()

    async def post_once(
        self,
        body: bytes,
        *,
        idempotency_key: str,
        url: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> int:
        """One signed POST to ``url`` (default: the sender's own): the 2xx status,
        or ``CallbackFailed`` (with ``permanent`` and ``retry_after`` set from
        the answer). A ``url`` the allowlist refuses is never called: permanent.
        ``extra_headers`` (the trace context) are sent too, never over the signed ones."""
        if url is not None and url != self._url:
            reason = "no allowlist" if self._allowlist is None else self._allowlist.refusal(url)
            if reason is not None:
                raise CallbackFailed(f"callback target refused: {reason}", permanent=True)
        timestamp = int(self._clock())
        headers = {
            **(extra_headers or {}),
            "Content-Type": "application/json",
            "Idempotency-Key": idempotency_key,
            "X-Timestamp": str(timestamp),
            "X-Signature": sign(self._secret, timestamp, body),
        }
        try:
            response = await self._client.post(url or self._url, content=body, headers=headers)
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
        failure.retry_after = retry_after(response)
        raise failure
