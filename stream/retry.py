"""In-process retries of transient failures, read from the errors' ``retriable`` flag."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from tenacity import (
    AsyncRetrying,
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
    retrying = AsyncRetrying(
        stop=stop_after_attempt(attempts),
        wait=wait_exponential_jitter(initial=initial_s, max=max_s),
        retry=retry_if_exception(is_retriable),
        reraise=True,
        **({"sleep": sleep} if sleep else {}),
    )
    async for attempt in retrying:
        with attempt:
            return await op()
    raise AssertionError("unreachable")  # AsyncRetrying either returns or raises
