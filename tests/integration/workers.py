"""``idp worker`` processes for the tests, and the topics and databases of their own.

A worker with settings of its own (short leases, a broken S3, another broker)
gets topics, a consumer group and a database apart from the session worker's:
workers sharing topics share the work, and workers sharing a ledger share
their reaper and relay, so either would take the other's requests.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import asyncpg
import pytest

from stream.localstack import free_port
from stream.settings import Settings

WORKER_READY_TIMEOUT_S = 120

# What every test worker runs with: tansu holds a group join for the whole
# rebalance timeout, so it is kept short; one OCR process each leaves the
# machine to the others.
WORKER_ENV = {"KAFKA_REBALANCE_TIMEOUT_S": "3", "OCR_WORKERS": "1", "LOG_LEVEL": "info"}

# Short leases, a quick reaper and a quick session timeout: work a dead worker
# held is noticed and taken over within seconds.
QUICK_RECOVERY = {
    "KAFKA_SESSION_TIMEOUT_S": "6",
    "LEASE_S": "4",
    "STALE_AFTER_S": "8",
    "REAPER_INTERVAL_S": "1",
}


class WorkerProcess:
    """``idp worker`` in a child process, logging to a file."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "stream.cli", "worker"],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + WORKER_READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the worker exited with {self.process.returncode}:\n{self.log_tail()}")
            if "Worker ready" in self.log_path.read_text(errors="replace"):
                return
            time.sleep(0.2)
        pytest.fail(f"the worker was not ready in {WORKER_READY_TIMEOUT_S} s:\n{self.log_tail()}")

    def stop(self) -> int | None:
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def worker_env(env: Mapping[str, str]) -> dict[str, str]:
    """The environment of an ``idp worker`` on ``env``, with an HTTP port of its own."""
    return {**os.environ, **WORKER_ENV, **env, "HTTP_PORT": str(free_port())}


def settings_of(env: Mapping[str, str]) -> Settings:
    """The settings a worker reads from ``env``, for the test's own clients."""
    return Settings(**{name.lower(): value for name, value in env.items()})  # type: ignore[arg-type]


def own_topics(name: str) -> dict[str, str]:
    """Topics and group of a worker kept apart from the session worker's."""
    return {
        "INPUT_TOPIC": f"{name}-in",
        "READ_TOPIC": f"{name}-in.stage.read",
        "CHECK_TOPIC": f"{name}-in.stage.check",
        "RETRY_TOPIC": f"{name}-in.stage.retry",
        "RESULT_TOPIC": f"{name}-verdicts",
        "DLQ_TOPIC": f"{name}-dlq",
        "CALLBACK_DLQ_TOPIC": f"{name}-callbacks-dlq",
        "CONSUMER_GROUP": name,
    }


def create_database(database_url: str, name: str) -> str:
    """A fresh, empty database ``name`` beside the one of ``database_url``; its URL."""

    async def create() -> None:
        conn = await asyncpg.connect(database_url)
        try:
            await conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            await conn.execute(f"CREATE DATABASE {name}")
        finally:
            await conn.close()

    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # callable from async fixtures too
        pool.submit(asyncio.run, create()).result()
    base, _, _ = database_url.rpartition("/")
    return f"{base}/{name}"


def own_stack(stack_env: Mapping[str, str], name: str) -> dict[str, str]:
    """The session stack's servers, with topics, a group and a database ``idp_<name>``
    of ``name``'s own."""
    database = create_database(stack_env["DATABASE_URL"], f"idp_{name}")
    return {**stack_env, **own_topics(name), "DATABASE_URL": database}
