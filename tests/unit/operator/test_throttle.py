"""Wrong tokens per client: a few are allowed, then the client waits out the window."""

from __future__ import annotations

import pytest

from stream.operator._throttle import FailureThrottle, retry_after


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_is_refused_after_its_allowance_until_the_oldest_failure_ages_out() -> None:
    clock = Clock()
    throttle = FailureThrottle(limit=3, window_s=60, clock=clock)
    for _ in range(2):
        throttle.failed("10.0.0.7")
        clock.now += 10
    assert throttle.wait_s("10.0.0.7") == 0.0
    throttle.failed("10.0.0.7")  # the third, 20 s after the first
    assert throttle.wait_s("10.0.0.7") == pytest.approx(40.0)
    assert throttle.wait_s("10.0.0.8") == 0.0  # others are not affected
    clock.now += 40
    assert throttle.wait_s("10.0.0.7") == 0.0  # the first failure has left the window
    throttle.failed("10.0.0.7")
    assert throttle.wait_s("10.0.0.7") == pytest.approx(10.0)  # the second leaves next


def test_a_success_forgets_the_clients_failures() -> None:
    throttle = FailureThrottle(limit=2, window_s=60, clock=Clock())
    throttle.failed("a")
    throttle.succeeded("a")
    throttle.failed("a")
    assert throttle.wait_s("a") == 0.0


def test_memory_is_bounded_by_forgetting_the_least_recent_client() -> None:
    clock = Clock()
    throttle = FailureThrottle(limit=1, window_s=60, clock=clock, max_clients=2)
    for client in ("a", "b", "c"):
        throttle.failed(client)
        clock.now += 1
    assert throttle.wait_s("a") == 0.0
    assert throttle.wait_s("b") > 0 and throttle.wait_s("c") > 0


def test_retry_after_is_whole_seconds_rounded_up() -> None:
    assert retry_after(0.2) == "1"
    assert retry_after(40.0) == "40"
    assert retry_after(40.01) == "41"


def test_nonsense_limits_are_refused() -> None:
    with pytest.raises(ValueError):
        FailureThrottle(limit=0, window_s=60)
