"""In-process retries: the first try outside tenacity, the backoff as before."""

from __future__ import annotations

import pytest

from stream.retry import retry_transient


class Transient(Exception):
    retriable = True


async def test_success_at_once_never_sleeps() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    async def op() -> str:
        return "ok"

    assert await retry_transient(op, attempts=3, sleep=sleep) == "ok"
    assert slept == []


async def test_backoff_doubles_from_the_first_retry() -> None:
    slept: list[float] = []
    calls = 0

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    async def op() -> str:
        nonlocal calls
        calls += 1
        if calls < 4:
            raise Transient()
        return "ok"

    assert await retry_transient(op, attempts=5, initial_s=1, max_s=100, sleep=sleep) == "ok"
    assert calls == 4
    # 1, 2, 4 seconds, each plus up to a second of jitter.
    assert [int(s) for s in slept] == [1, 2, 4]


async def test_gives_up_after_the_attempts() -> None:
    calls = 0

    async def sleep(seconds: float) -> None:
        return None

    async def op() -> None:
        nonlocal calls
        calls += 1
        raise Transient()

    with pytest.raises(Transient):
        await retry_transient(op, attempts=3, sleep=sleep)
    assert calls == 3


async def test_a_permanent_error_is_not_retried() -> None:
    calls = 0

    async def op() -> None:
        nonlocal calls
        calls += 1
        raise ValueError("bad")

    with pytest.raises(ValueError):
        await retry_transient(op, attempts=5)
    assert calls == 1
