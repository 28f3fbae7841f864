"""The process pool that does the CPU work: rendering, OCR, image analysis, rules.

PDFium is not thread-safe and Tesseract wants one thread per process, so CPU
work goes to processes, never to threads or the event loop. A native crash
in a worker breaks the whole ``ProcessPoolExecutor``; this pool replaces it,
so one bad document fails alone and the next one gets a fresh pool.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any


class ProcessPool(Executor):
    """An ``Executor`` that renews its ``ProcessPoolExecutor`` after a worker dies."""

    def __init__(self, workers: int, *, initializer: Callable[[], None] | None = None) -> None:
        self.workers = workers
        self._initializer = initializer
        # Fresh interpreters: forking a process that runs an event loop and
        # broker threads copies their locks in whatever state they are in.
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._executor = self._new_executor()
        self.renewals = 0

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=self._context, initializer=self._initializer
        )

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._lock:
            executor = self._executor
        try:
            future = executor.submit(fn, *args, **kwargs)
        except BrokenProcessPool:
            self._renew(executor)
            with self._lock:
                future = self._executor.submit(fn, *args, **kwargs)
        future.add_done_callback(lambda f: self._after(f, executor))
        return future

    def _after(self, future: Future[Any], executor: ProcessPoolExecutor) -> None:
        if not future.cancelled() and isinstance(future.exception(), BrokenProcessPool):
            self._renew(executor)

    def _renew(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is not broken:
                return  # someone else already replaced it
            self._executor = self._new_executor()
            self.renewals += 1
        broken.shutdown(wait=False, cancel_futures=True)

    def warm_up(self) -> None:
        """Start every worker now rather than on the first document."""
        futures = [self.submit(_noop) for _ in range(self.workers)]
        for future in futures:
            future.result()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            executor = self._executor
        executor.shutdown(wait=wait, cancel_futures=cancel_futures)


def _noop() -> None:
    return None
