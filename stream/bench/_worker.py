"""The worker under test: ``idp worker`` in a child process, its memory, its profile."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

READY_LINE = "Worker ready"


class WorkerFailed(RuntimeError):
    """The worker exited, or did not become ready in time."""


class BenchWorker:
    """A real worker process with the given environment, logging to ``log_path``."""

    def __init__(
        self, env: dict[str, str], log_path: Path, *, ready_timeout_s: float = 180
    ) -> None:
        self.env = env
        self.log_path = log_path
        self.ready_timeout_s = ready_timeout_s
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None, "start() first"
        return self.process.pid

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        start = self.log_path.stat().st_size if self.log_path.exists() else 0
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "stream.cli", "worker"],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + self.ready_timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise WorkerFailed(
                    f"the worker exited with {self.process.returncode}: {self.tail()}"
                )
            with self.log_path.open("rb") as log:
                log.seek(start)
                if READY_LINE.encode() in log.read():
                    return
            time.sleep(0.2)
        raise WorkerFailed(
            f"the worker was not ready in {self.ready_timeout_s:.0f} s: {self.tail()}"
        )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if not self.alive():
            return
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def pool_cpu_seconds(self) -> dict[str, float]:
        """The pool's CPU so far by function, from the worker's own metrics
        (``idp_pool_cpu_seconds``); empty when the worker has no HTTP port."""
        port = self.env.get("HTTP_PORT")
        if not port or port == "0":
            return {}
        import httpx
        from prometheus_client.parser import text_string_to_metric_families

        body = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
        return {
            sample.labels["function"]: sample.value
            for family in text_string_to_metric_families(body)
            if family.name == "idp_pool_cpu_seconds"
            for sample in family.samples
            if sample.name == "idp_pool_cpu_seconds_sum"
        }

    def tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


class MemorySampler:
    """Samples the RSS of a process and its children (the pool) in a thread.

    The sum of RSS counts pages shared between the processes once per process,
    so it over-states the real footprint a little: a safe side for a bound.
    """

    def __init__(self, pid: int, *, interval_s: float = 0.1) -> None:
        self._pid = pid
        self._interval_s = interval_s
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._peak = 0
        self._last = 0
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def __enter__(self) -> MemorySampler:
        self._last = self._peak = tree_rss(self._pid)
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()

    def reset(self) -> None:
        with self._lock:
            self._peak = self._last

    @property
    def peak_bytes(self) -> int:
        with self._lock:
            return self._peak

    @property
    def last_bytes(self) -> int:
        with self._lock:
            return self._last

    def _run(self) -> None:
        while not self._stop.is_set():
            total = tree_rss(self._pid)
            with self._lock:
                self._last = total
                self._peak = max(self._peak, total)
            self._stop.wait(self._interval_s)


def tree_rss(pid: int) -> int:
    """RSS in bytes of ``pid`` and all its descendants; 0 when it is gone."""
    try:
        import psutil
    except ImportError:
        return int(_proc_tree_sum([pid], _rss_bytes))
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


def _stat_fields(path: Path) -> list[str] | None:
    """The fields of a /proc/<pid>/stat after the command name (state first)."""
    try:
        return path.read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _proc_tree_sum(pids: list[int], value: Callable[[list[str]], float]) -> float:
    """``value`` of each stat summed over ``pids`` and their descendants, from /proc
    (where psutil is not installed)."""
    children: dict[int, list[int]] = {}
    values: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat_fields(entry / "stat")
        if fields is None:
            continue
        pid, parent = int(entry.name), int(fields[1])
        children.setdefault(parent, []).append(pid)
        values[pid] = value(fields)
    total, todo, seen = 0.0, list(pids), set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        total += values.get(current, 0.0)
        todo.extend(children.get(current, []))
    return total


def _rss_bytes(fields: list[str]) -> float:
    return int(fields[21]) * 4096


def _cpu_seconds(fields: list[str]) -> float:
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Profiler:
    """py-spy recording the worker and its pool while a phase runs (when installed)."""

    def __init__(self, pid: int, out: Path) -> None:
        self._pid = pid
        self._out = out
        self._process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def available() -> bool:
        return (
            shutil.which("py-spy") is not None or (Path(sys.executable).parent / "py-spy").exists()
        )

    def __enter__(self) -> Profiler:
        binary = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
        self._out.parent.mkdir(parents=True, exist_ok=True)
        self._process = subprocess.Popen(
            [binary, "record", "--pid", str(self._pid), "--subprocesses", "--rate", "200",
             "--format", "raw", "--output", str(self._out), "--nonblocking"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGINT)  # py-spy writes its output on SIGINT
            try:
                self._process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds used so far by ``pids`` and their descendants."""
    try:
        import psutil
    except ImportError:
        return _proc_tree_sum(pids, _cpu_seconds)
    total = 0.0
    for pid in pids:
        try:
            root = psutil.Process(pid)
            processes = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        for process in processes:
            try:
                times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
    return total


def machine_busy_seconds() -> float:
    """CPU seconds all of this machine's cores have spent busy since boot (user,
    nice, system, interrupts, stolen: every field of /proc/stat but idle and
    I/O wait); 0.0 where there is no /proc."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    ticks = [int(value) for value in fields]
    # user nice system idle iowait irq softirq steal (guest time is inside user).
    busy = sum(ticks[:3]) + sum(ticks[5:8])
    return busy / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds(pid: int) -> float:
    """User and system CPU seconds used so far by ``pid`` alone (not its children)."""
    fields = _stat_fields(Path(f"/proc/{pid}/stat"))
    return _cpu_seconds(fields) if fields is not None else 0.0
