"""The real local stack and a real worker process, started once per session.

The stack is the embedded one (tansu, PostgreSQL from pgserver, moto's S3);
when KAFKA_BOOTSTRAP_SERVERS, DATABASE_URL and S3_ENDPOINT_URL are all set,
those servers are used instead, and with IDP_TEST_SERVERS=containers (where a
container engine exists) Kafka, PostgreSQL and MinIO run in testcontainers.
A server that does not come up fails the session: integration tests are never skipped silently.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import os
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from processors.storage import S3DocumentStore
from schemas import VerificationResult
from sinks import KafkaProducer, ensure_topics
from stream.connections import make_producer, open_document_store, watch_results
from stream.localstack import LocalStack
from stream.samples import SampleCase, build_samples
from stream.settings import Settings
from stream.submit import (
    ApplicantFields,
    ResultWatcher,
    Upload,
    new_request_id,
    produce_event,
    submit_document,
)

from .workers import WorkerProcess, settings_of, worker_env

pytestmark = pytest.mark.integration

_CONNECTIONS = ("KAFKA_BOOTSTRAP_SERVERS", "DATABASE_URL", "S3_ENDPOINT_URL")


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack | None]:
    """The embedded stack, or None when the tests run against other servers."""
    external = all(os.environ.get(name) for name in _CONNECTIONS)
    if external or os.environ.get("IDP_TEST_SERVERS") == "containers":
        yield None
        return
    stack = LocalStack(tmp_path_factory.mktemp("stack"))
    with stack.running():
        yield stack


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
    return settings_of(stack_env)


@pytest.fixture(scope="session")
def worker(
    stack_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WorkerProcess]:
    env = worker_env({**stack_env, "OCR_WORKERS": "2"})
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


async def results_by_request(
    settings: Settings, request_ids: set[int]
) -> dict[int, list[VerificationResult]]:
    """Every result on the result topic now for each of ``request_ids``, in order."""
    found: dict[int, list[VerificationResult]] = {rid: [] for rid in request_ids}
    for record in await read_topic(settings.kafka_bootstrap_servers or "", settings.result_topic):
        result = VerificationResult.model_validate_json(record.value)
        if result.request_id in found:
            found[result.request_id].append(result)
    return found


@contextlib.asynccontextmanager
async def connect_ledger(settings: Settings) -> AsyncIterator[asyncpg.Connection]:
    """A plain connection to the ledger's database: jsonb comes as text."""
    conn = await asyncpg.connect(settings.database_url.get_secret_value())  # type: ignore[union-attr]
    try:
        yield conn
    finally:
        await conn.close()


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

    async def submit(
        self, case: SampleCase, *, request_id: int | None = None, **overrides: Any
    ) -> int:
        applicant = replace(ApplicantFields.of(case), **overrides)
        return await self.upload(
            Upload(case.filename, case.content, case.media_type, applicant, request_id)
        )

    async def upload(self, upload: Upload) -> int:
        """Stores the file and produces its event, as the app does; the request id."""
        event = await submit_document(
            upload,
            store=self.store,
            sink=self.producer,
            topic=self.settings.input_topic,
            bucket=self.settings.s3_bucket,
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
        async with connect_ledger(self.settings) as conn:
            row = await conn.fetchrow("SELECT * FROM requests WHERE request_id = $1", request_id)
        return None if row is None else dict(row)


@contextlib.asynccontextmanager
async def open_pipeline(settings: Settings, *, client_id: str) -> AsyncIterator[Pipeline]:
    """The app's side of a worker on ``settings``: its input, result and DLQ topics
    made, the document store, a producer and a result watcher."""
    assert settings.kafka_bootstrap_servers
    await ensure_topics(
        settings.kafka_bootstrap_servers,
        [settings.input_topic, settings.result_topic, settings.dlq_topic],
        partitions=settings.topic_partitions,
        replication_factor=1,
    )
    async with open_document_store(settings) as store:
        producer = make_producer(settings, client_id=client_id)
        await producer.start()
        try:
            async with watch_results(settings) as watcher:
                yield Pipeline(settings, store, producer, watcher)
        finally:
            await producer.stop()


@pytest.fixture(scope="session")
async def pipeline(settings: Settings, worker: WorkerProcess) -> AsyncIterator[Pipeline]:
    async with open_pipeline(settings, client_id="idp-tests") as opened:
        yield opened


@pytest.fixture(scope="session")
def samples() -> dict[str, SampleCase]:
    return {case.name: case for case in build_samples(datetime.now(UTC).date())}


def event_payload(case: SampleCase, **changes: Any) -> dict[str, Any]:
    payload = case.event(new_request_id(), f"s3://loan-docs/{case.filename}") | changes
    return json.loads(json.dumps(payload))


SpawnWorker = Callable[..., WorkerProcess]


@pytest.fixture
def spawn_worker(tmp_path: Path) -> Iterator[SpawnWorker]:
    """``spawn(env)`` starts an ``idp worker`` on ``env`` (``start=False``: made, not
    started yet); all stop at the end."""
    made: list[WorkerProcess] = []

    def spawn(env: dict[str, str], *, start: bool = True) -> WorkerProcess:
        worker = WorkerProcess(worker_env(env), tmp_path / f"worker-{len(made)}.log")
        made.append(worker)
        if start:
            worker.start()
        return worker

    yield spawn
    with concurrent.futures.ThreadPoolExecutor(len(made) or 1) as pool:  # each may take seconds
        list(pool.map(WorkerProcess.stop, made))
