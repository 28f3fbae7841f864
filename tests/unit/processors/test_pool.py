from __future__ import annotations

import os
from concurrent.futures.process import BrokenProcessPool

import pytest

from processors.pool import ProcessPool


def _crash() -> None:
    os.abort()  # what a segfault in a native library looks like to the pool


def _square(n: int) -> int:
    return n * n


def _omp_limit() -> str | None:
    return os.environ.get("OMP_THREAD_LIMIT")


def _set_limit() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"


def test_a_dead_worker_fails_its_task_and_the_pool_recovers() -> None:
    pool = ProcessPool(1)
    try:
        assert pool.submit(_square, 3).result(timeout=60) == 9
        with pytest.raises(BrokenProcessPool):
            pool.submit(_crash).result(timeout=60)
        assert pool.submit(_square, 4).result(timeout=60) == 16
        assert pool.renewals == 1
    finally:
        pool.shutdown()


def test_initializer_runs_in_every_process() -> None:
    pool = ProcessPool(2, initializer=_set_limit)
    try:
        pool.warm_up()
        assert {pool.submit(_omp_limit).result(timeout=60) for _ in range(4)} == {"1"}
    finally:
        pool.shutdown()
