"""The CPU time each pool call costs, measured in the pool process itself.

The stage timings (``idp_stage_seconds``) are wall-clock: an ``ocr`` stage
includes the wait for a free pool process. The CPU a call took where it ran
tells the two apart: summed over time it is how many of the pool's cores were
reading (``rate(idp_pool_cpu_seconds_sum[5m])`` near ``OCR_WORKERS`` is a
saturated pool), and per call it is what a kind of document costs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, InvalidStateError
from typing import Any, TypeVar

from .tracing import function_name

T = TypeVar("T")

Observe = Callable[[str, float], None]
"""``(function name, CPU seconds)`` of each call that returned."""


def _metered(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> tuple[T, float]:
    """``fn``'s result and the CPU seconds this process spent on it (run in the pool)."""
    started = time.process_time()
    result = fn(*args, **kwargs)
    return result, time.process_time() - started


class MeteredExecutor(Executor):
    """An executor that reports the CPU time of every call that returns.

    A call that raises reports nothing: its error is what matters, and a crashed
    process has no time to report.
    """

    def __init__(self, inner: Executor, observe: Observe) -> None:
        self._inner = inner
        self._observe = observe

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        function = function_name(fn)
        inner = self._inner.submit(_metered, fn, *args, **kwargs)
        outer: Future[T] = Future()
        # The caller cancels what it holds (asyncio does when its task is cancelled).
        outer.add_done_callback(lambda done: inner.cancel() if done.cancelled() else None)
        inner.add_done_callback(lambda done: self._settle(function, done, outer))
        return outer

    def _settle(self, function: str, done: Future[tuple[T, float]], outer: Future[T]) -> None:
        try:
            if done.cancelled():
                outer.cancel()
            elif (error := done.exception()) is not None:
                outer.set_exception(error)
            else:
                result, cpu_seconds = done.result()
                self._observe(function, cpu_seconds)
                outer.set_result(result)
        except InvalidStateError:
            pass  # the caller cancelled ``outer`` first

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._inner.shutdown(wait=wait, cancel_futures=cancel_futures)
