"""Detached server processes: spawn, identify, stop, and read their logs."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ._errors import LocalStackError

LOOPBACK = "127.0.0.1"

# `sh` backgrounds the server and prints its pid, so the server is a grandchild: it is
# re-parented to init when sh exits, outlives this process, and leaves no Popen behind
# (a Popen still running at garbage collection warns, and filterwarnings=error fails tests).
# A forked Python child would do the same but fork() in a threaded process is unsafe.
# Background jobs of a non-interactive shell ignore SIGINT, so stop servers with SIGTERM.
_SPAWN_SCRIPT = 'log=$1; shift; "$@" </dev/null >>"$log" 2>&1 & echo $!'


@dataclass(frozen=True)
class ProcessRef:
    """A pid plus its start time, so a reused pid is never mistaken for our server."""

    pid: int
    started: float


_EPHEMERAL_RANGE_FILE = Path("/proc/sys/net/ipv4/ip_local_port_range")
# Linux's default ephemeral range, where the file cannot be read.
_EPHEMERAL_DEFAULT = (32768, 60999)
# Servers' ports are drawn from here up to the ephemeral range: clear of the
# well-known ports of real servers (PostgreSQL 5432, Kafka 9092, MinIO 9000).
_LOWEST_PORT = 15000


def ephemeral_ports() -> tuple[int, int]:
    """The range the kernel takes the local ports of outgoing connections from."""
    try:
        low, high = (int(v) for v in _EPHEMERAL_RANGE_FILE.read_text().split())
    except (OSError, ValueError):
        return _EPHEMERAL_DEFAULT
    return low, high


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now, outside the kernel's
    ephemeral range where there is room below it.

    A server is stopped and started again on its port (``LocalStack.restart``,
    the fault tests): a port from the ephemeral range may meanwhile be the
    local end of some outgoing connection (a client retrying the stopped
    server, say), and the server could not bind it again.
    """
    low, _high = ephemeral_ports()
    if low - _LOWEST_PORT >= 1000:
        for port in random.sample(range(_LOWEST_PORT, low), 50):
            if port_is_free(port):
                return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int) -> bool:
    """True when nothing listens on 127.0.0.1:port (TIME_WAIT leftovers do not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # The servers themselves bind with SO_REUSEADDR; test the same way.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((LOOPBACK, port))
        except OSError:
            return False
        return True


def identify(pid: int) -> ProcessRef | None:
    """The live process with this pid, or None (zombies count as gone)."""
    import psutil

    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return None
        return ProcessRef(pid, proc.create_time())
    except psutil.Error:
        return None


def is_running(ref: ProcessRef | None) -> bool:
    """True when the recorded process still runs (same pid and same start time)."""
    if ref is None:
        return False
    now = identify(ref.pid)
    return now is not None and abs(now.started - ref.started) < 1.0


def spawn_detached(
    argv: Sequence[str], log: Path, *, env: Mapping[str, str] | None = None
) -> ProcessRef:
    """Start argv in its own session, stdout and stderr appended to log; return its pid."""
    with log.open("a", encoding="utf-8") as fh:
        fh.write(f"\n--- {time.strftime('%Y-%m-%d %H:%M:%S')} starting: {' '.join(argv)}\n")
    try:
        out = subprocess.run(
            ["/bin/sh", "-c", _SPAWN_SCRIPT, "sh", str(log), *argv],
            capture_output=True,
            text=True,
            check=True,
            env=dict(env) if env is not None else None,
            start_new_session=True,
            timeout=10,
        )
        pid = int(out.stdout.strip())
    except (subprocess.SubprocessError, ValueError) as exc:
        raise LocalStackError(f"could not start {argv[0]}: {exc}") from exc
    ref = identify(pid)
    if ref is None:
        raise LocalStackError(f"{argv[0]} exited at once\n{log_tail(log)}")
    return ref


def terminate(ref: ProcessRef | None, *, grace: float, sig: int = signal.SIGTERM) -> None:
    """Send sig, wait up to grace seconds, then SIGKILL. A process already gone is fine."""
    if not is_running(ref):
        return
    assert ref is not None
    try:
        os.kill(ref.pid, sig)
    except ProcessLookupError:
        return
    if wait_gone(ref, grace):
        return
    try:
        os.kill(ref.pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    if not wait_gone(ref, 5.0):
        raise LocalStackError(f"process {ref.pid} survived SIGKILL")


def wait_gone(ref: ProcessRef, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while is_running(ref):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def log_tail(log: Path, lines: int = 40) -> str:
    """The last lines of a server log, framed for an error message."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"(no log at {log})"
    tail = "\n".join(text.rstrip().splitlines()[-lines:])
    return f"--- last {lines} lines of {log} ---\n{tail}"
