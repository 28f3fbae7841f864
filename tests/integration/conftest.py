"""The real local stack and a real worker process, started once per session.

The stack is the embedded one (tansu, PostgreSQL from pgserver, moto's S3);
when KAFKA_BOOTSTRAP_SERVERS, DATABASE_URL and S3_ENDPOINT_URL are all set,
those servers are used instead, and with IDP_TEST_SERVERS=containers (where a
container engine exists) Kafka, PostgreSQL and MinIO run in testcontainers.
A server that does not come up fails the session: integration tests are never skipped silently.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from processors.storage import S3DocumentStore
from schemas import VerificationResult
from sinks import KafkaProducer, ensure_topics
from stream.connections import make_producer, open_document_store
from stream.localstack import LocalStack, free_port
from stream.samples import SampleCase, build_samples
from stream.settings import Settings
from stream.submit import (
    ApplicantFields,
    ResultWatcher,
    new_request_id,
    produce_event,
    submit_document,
)

pytestmark = pytest.mark.integration

_CONNECTIONS = ("KAFKA_BOOTSTRAP_SERVERS", "DATABASE_URL", "S3_ENDPOINT_URL")
WORKER_READY_TIMEOUT_S = 120


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack | None]:
    """The embedded stack, or None when the tests run against other servers."""
    external = all(os.environ.get(name) for name in _CONNECTIONS)
    if external or os.environ.get("IDP_TEST_SERVERS") == "containers":
        yield None
        return
    stack = LocalStack(tmp_path_factory.mktemp("stack"))
    try:
        stack.up()
        yield stack
    finally:
        stack.down()


@pytest.fixture(scope="session")
def stack_env(local_stack: LocalStack | None) -> Iterator[dict[str, str]]:
    if local_stack is not None:
        endpoints = local_stack.endpoints()
        assert endpoints is not None
        yield endpoints.as_env()
        return
    if all(os.environ.get(name) for name in _CONNECTIONS):
        prefixes = ("KAFKA_", "DATABASE_", "S3_", "AWS_")
        yield {name: value for name, value in os.environ.items() if name.startswith(prefixes)}
        return
    with _containers() as env:
        yield env


@contextlib.contextmanager
def _containers() -> Iterator[dict[str, str]]:
    """Apache Kafka, PostgreSQL and MinIO in containers, where an engine exists."""
    import boto3
    from testcontainers.community.kafka import KafkaContainer
    from testcontainers.community.postgres import PostgresContainer
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.wait_strategies import HttpWaitStrategy

    key, secret = "idp-tests", "idp-tests-secret"
    minio = (
        DockerContainer("minio/minio:latest")
        .with_command("server /data")
        .with_env("MINIO_ROOT_USER", key)
        .with_env("MINIO_ROOT_PASSWORD", secret)
        .with_exposed_ports(9000)
        .waiting_for(HttpWaitStrategy(9000, "/minio/health/live"))
    )
    with (
        KafkaContainer("apache/kafka:3.9.0") as kafka,
        PostgresContainer("postgres:16", driver=None) as postgres,
        minio,
    ):
        endpoint = f"http://{minio.get_container_host_ip()}:{minio.get_exposed_port(9000)}"
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=key,
            aws_secret_access_key=secret,
            region_name="us-east-1",
        ).create_bucket(Bucket="loan-docs")
        yield {
            "KAFKA_BOOTSTRAP_SERVERS": kafka.get_bootstrap_server(),
            "DATABASE_URL": postgres.get_connection_url(),
            "S3_ENDPOINT_URL": endpoint,
            "S3_BUCKET": "loan-docs",
            "AWS_ACCESS_KEY_ID": key,
            "AWS_SECRET_ACCESS_KEY": secret,
            "AWS_DEFAULT_REGION": "us-east-1",
        }


@pytest.fixture(scope="session")
def settings(stack_env: dict[str, str]) -> Settings:
    return Settings(**{k.lower(): v for k, v in stack_env.items()})  # type: ignore[arg-type]


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


@pytest.fixture(scope="session")
def worker(
    stack_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WorkerProcess]:
    env = {
        **os.environ,
        **stack_env,
        "KAFKA_REBALANCE_TIMEOUT_S": "3",
        "HTTP_PORT": str(free_port()),
        "OCR_WORKERS": "2",
        "LOG_LEVEL": "info",
    }
    process = WorkerProcess(env, tmp_path_factory.mktemp("worker") / "worker.log")
    process.start()
    yield process
    process.stop()


async def read_topic(bootstrap: str, topic: str) -> list[Any]:
    """Every record on ``topic`` now, from the beginning."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False
    )
    await consumer.start()
    try:
        partitions = consumer.partitions_for_topic(topic) or set()
        if not partitions:
            await consumer._client.force_metadata_update()
            partitions = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in partitions]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        records: list[Any] = []
        while [tp for tp in tps if await consumer.position(tp) < ends[tp]]:
            for batch in (await consumer.getmany(timeout_ms=500)).values():
                records.extend(batch)
        return records
    finally:
        await consumer.stop()


class Pipeline:
    """What the mobile app and downstream systems do, against the real stack."""

    def __init__(
        self,
        settings: Settings,
        store: S3DocumentStore,
        producer: KafkaProducer,
        watcher: ResultWatcher,
    ) -> None:
        self.settings = settings
        self.store = store
        self.producer = producer
        self.watcher = watcher
        self.events: dict[int, Any] = {}

    async def submit(self, case: SampleCase, **overrides: Any) -> int:
        fields = {
            "iin": case.iin,
            "last_name": case.last_name,
            "first_name": case.first_name,
            "second_name": case.second_name,
            "reason": case.reason,
        } | overrides
        event = await submit_document(
            store=self.store,
            sink=self.producer,
            topic=self.settings.input_topic,
            bucket=self.settings.s3_bucket,
            filename=case.filename,
            content=case.content,
            content_type=case.media_type,
            applicant=ApplicantFields(**fields),
        )
        self.events[event.request_id] = event
        return event.request_id

    async def resend(self, request_id: int) -> None:
        """The same event again, byte for byte, as a redelivery would bring it."""
        event = self.events[request_id]
        await produce_event(
            self.producer, self.settings.input_topic, event.model_dump(mode="json"), request_id
        )

    async def produce(self, payload: dict[str, Any] | bytes, *, key: bytes | None = None) -> None:
        if isinstance(payload, bytes):
            await self.producer.send(self.settings.input_topic, key=key, value=payload)
        else:
            await produce_event(
                self.producer, self.settings.input_topic, payload, int(payload["request_id"])
            )

    async def result(self, request_id: int, timeout: float = 120) -> VerificationResult:
        found = await self.watcher.wait_for([request_id], timeout=timeout)
        assert request_id in found, f"no result for {request_id} within {timeout} s"
        return found[request_id]

    async def results_on_topic(self, request_id: int) -> list[VerificationResult]:
        records = await read_topic(
            self.settings.kafka_bootstrap_servers or "", self.settings.result_topic
        )
        key = str(request_id).encode()
        return [VerificationResult.model_validate_json(r.value) for r in records if r.key == key]

    async def dead_letters(self) -> list[Any]:
        return await read_topic(
            self.settings.kafka_bootstrap_servers or "", self.settings.dlq_topic
        )

    async def ledger_row(self, request_id: int) -> dict[str, Any] | None:
        conn = await asyncpg.connect(self.settings.database_url.get_secret_value())  # type: ignore[union-attr]
        try:
            row = await conn.fetchrow("SELECT * FROM requests WHERE request_id = $1", request_id)
            return None if row is None else dict(row)
        finally:
            await conn.close()


@pytest.fixture(scope="session")
async def pipeline(settings: Settings, worker: WorkerProcess) -> AsyncIterator[Pipeline]:
    assert settings.kafka_bootstrap_servers
    await ensure_topics(
        settings.kafka_bootstrap_servers,
        [settings.input_topic, settings.result_topic, settings.dlq_topic],
        partitions=settings.topic_partitions,
        replication_factor=1,
    )
    async with open_document_store(settings) as store:
        producer = make_producer(settings, client_id="idp-tests")
        await producer.start()
        try:
            async with ResultWatcher(
                settings.kafka_bootstrap_servers, settings.result_topic
            ) as watcher:
                yield Pipeline(settings, store, producer, watcher)
        finally:
            await producer.stop()


@pytest.fixture(scope="session")
def samples() -> dict[str, SampleCase]:
    return {case.name: case for case in build_samples(datetime.now(UTC).date())}


def event_payload(case: SampleCase, **changes: Any) -> dict[str, Any]:
    payload = {
        "request_id": new_request_id(),
        "s3_path": f"s3://loan-docs/{case.filename}",
        "iin": case.iin,
        "last_name": case.last_name,
        "first_name": case.first_name,
        "second_name": case.second_name,
        "reason": case.reason.value if case.reason else None,
    }
    payload.update(changes)
    return json.loads(json.dumps(payload))


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
    """A fresh, empty database ``name`` beside the one of ``database_url``; its URL.

    Workers sharing a ledger share their reaper and relay, so a worker with
    settings of its own gets a database of its own.
    """

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


@pytest.fixture
def spawn_worker(tmp_path: Path) -> Iterator[Callable[[dict[str, str]], WorkerProcess]]:
    """``spawn(env)`` starts an ``idp worker`` with that environment; all stop at the end."""
    started: list[WorkerProcess] = []

    def spawn(env: dict[str, str]) -> WorkerProcess:
        worker = WorkerProcess(
            {**env, "HTTP_PORT": str(free_port())}, tmp_path / f"worker-{len(started)}.log"
        )
        started.append(worker)
        worker.start()
        return worker

    yield spawn
    for worker in started:
        worker.stop()
