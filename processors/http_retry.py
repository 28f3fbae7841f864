"""What the service's HTTP clients of other services (the LLM, the OCR service)
share: which answers are worth another request, how long the server asks us to
wait (the callback sender in ``sinks`` reads ``Retry-After`` here too), and the
retry loop that honours it.

Each client turns the last ``Transient`` into its own retriable error, and
raises its own non-retriable error for what no retry can mend.
"""

from __future__ import annotations

import ssl
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

T = TypeVar("T")

RETRY_STATUSES = frozenset({408, 429}) | frozenset(range(500, 600))


class Transient(Exception):
    """A failure worth another request; ``retry_after`` is the server's wish, if any."""

    def __init__(self, reason: str, *, status: int | None = None, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


class Retries:
    """Jittered exponential backoff between attempts, or the server's ``Retry-After``
    up to ``max_retry_after_s``; ``sleep`` is a seam for tests."""

    def __init__(
        self,
        *,
        max_attempts: int,
        backoff_initial_s: float,
        backoff_max_s: float,
        max_retry_after_s: float,
        sleep: Callable[[float], Awaitable[None]],
    ) -> None:
        self.max_attempts = max_attempts
        self._backoff = wait_exponential_jitter(initial=backoff_initial_s, max=backoff_max_s)
        self._max_retry_after_s = max_retry_after_s
        self._sleep = sleep

    async def call(self, attempt: Callable[[], Awaitable[T]]) -> T:
        """``attempt()`` until it returns or raises anything but ``Transient``; after
        ``max_attempts`` the last ``Transient`` is raised."""
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.max_attempts),
            wait=self._wait,
            retry=retry_if_exception_type(Transient),
            reraise=True,
            sleep=self._sleep,
        )
        async for trial in retrying:
            with trial:
                return await attempt()
        raise AssertionError("unreachable")  # AsyncRetrying either returns or raises

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            return float(min(retry_after, self._max_retry_after_s))
        return float(self._backoff(state))


def retry_after(response: httpx.Response, now: datetime | None = None) -> float | None:
    """``Retry-After`` in seconds (RFC 9110: whole seconds, or an HTTP date, from
    ``now``); None when absent or malformed. Callers cap what they honour."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    # Digits only: "inf", "nan", "1e9" or "-5" are no delay a server may ask for.
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def untrusted_certificate(exc: BaseException) -> bool:
    """True when a certificate check failed anywhere in ``exc``'s chain."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
