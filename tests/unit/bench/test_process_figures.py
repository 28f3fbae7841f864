"""Without psutil, CPU and memory of a process tree come from /proc alike."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from stream.bench._worker import _cpu_seconds, _proc_tree_sum, _rss_bytes, own_cpu_seconds


def test_a_tree_counts_its_children() -> None:
    # A child that burns a little CPU, then waits to be counted.
    with subprocess.Popen(
        [sys.executable, "-c", "sum(i * i for i in range(4_000_000)); print(flush=True); input()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None and child.stdin is not None
        child.stdout.readline()
        mine = own_cpu_seconds(os.getpid())
        tree = _proc_tree_sum([os.getpid()], _cpu_seconds)
        assert tree >= mine + own_cpu_seconds(child.pid) - 0.05
        assert own_cpu_seconds(child.pid) > 0.05
        rss = _proc_tree_sum([os.getpid()], _rss_bytes)
        assert rss > _proc_tree_sum([child.pid], _rss_bytes) > 0
        child.stdin.write("\n")
        child.stdin.flush()


def test_an_unknown_process_counts_nothing() -> None:
    assert _proc_tree_sum([2**22 + 12345], _cpu_seconds) == pytest.approx(0.0)
