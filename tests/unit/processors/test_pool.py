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


# A worker that holds a pool and prints the pid of the process doing its work.
_WORKER_WITH_POOL = """
import os, sys, time
from functools import partial
from processors.bootstrap import exit_with_parent
from processors.pool import ProcessPool

pool = ProcessPool(1, initializer=partial(exit_with_parent, 0.1))
print(pool.submit(os.getpid).result(timeout=60), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is gone in all but name
        return stat.read().split(") ")[1][0] != "Z"


def test_pool_processes_end_when_their_worker_is_killed() -> None:
    import signal
    import subprocess
    import sys
    import time

    with subprocess.Popen(
        [sys.executable, "-c", _WORKER_WITH_POOL], stdout=subprocess.PIPE, text=True
    ) as worker:
        try:
            assert worker.stdout is not None
            child = int(worker.stdout.readline())
            assert _alive(child)
            worker.send_signal(signal.SIGKILL)  # no chance to shut its pool down
            worker.wait(timeout=10)
            deadline = time.monotonic() + 10
            while _alive(child) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not _alive(child)
        finally:
            worker.kill()
