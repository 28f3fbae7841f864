"""In-process retries of transient failures, read from the errors' ``retriable`` flag."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar, cast

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

T = TypeVar("T")


def is_retriable(exc: BaseException) -> bool:
    return bool(getattr(exc, "retriable", False))


async def retry_transient(
    op: Callable[[], Awaitable[T]],
    *,
    attempts: int,
    initial_s: float = 0.2,
    max_s: float = 5.0,
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> T:
    """Run ``op``; retry errors flagged retriable with jittered backoff; re-raise the last."""
    # The first try outside tenacity: its set-up costs ~60 µs a call, ten calls an
    # event, and almost every call succeeds at once.
    try:
        return await op()
    except Exception as exc:
        if attempts <= 1 or not is_retriable(exc):
            raise
    backoff = wait_exponential_jitter(initial=initial_s, max=max_s)
    await (sleep or asyncio.sleep)(backoff(_as_state(1)))
    retrying = AsyncRetrying(
        stop=stop_after_attempt(attempts - 1),
        # Tenacity counts from the second try on; the backoff counts from the first.
        wait=lambda state: backoff(_as_state(state.attempt_number + 1)),
        retry=retry_if_exception(is_retriable),
        reraise=True,
        sleep=sleep or asyncio.sleep,
    )
    async for attempt in retrying:
        with attempt:
            return await op()
    raise AssertionError("unreachable")  # AsyncRetrying either returns or raises


@dataclass(frozen=True, slots=True)
class _Attempt:
    """What tenacity's wait strategies read of a retry state."""

    attempt_number: int


def _as_state(attempt_number: int) -> RetryCallState:
    return cast(RetryCallState, _Attempt(attempt_number))
