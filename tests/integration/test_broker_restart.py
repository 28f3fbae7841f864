"""A broker restart with documents in flight: every request still gets exactly one decision.

The session's broker keeps topics in memory, so this test runs a broker of its
own whose topics, offsets and groups live in a bucket of its own S3 server
(``LocalStack(broker_storage="s3")``). The worker uses the session's
PostgreSQL (a database of its own) and the session's S3 for documents.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import AsyncIterator, Iterator

import pytest

from schemas import VerificationResult
from sinks import KafkaProducer
from stream.connections import make_producer
from stream.localstack import LocalStack
from stream.settings import Settings
from stream.submit import new_request_id

from .conftest import Pipeline, SpawnWorker, event_payload, read_topic, results_by_request
from .workers import QUICK_RECOVERY, create_database, settings_of

pytestmark = pytest.mark.integration

DOWN_S = 5


@pytest.fixture(scope="module")
def durable_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    stack = LocalStack(
        tmp_path_factory.mktemp("durable-broker"), services={"kafka", "s3"}, broker_storage="s3"
    )
    with stack.running():
        yield stack


@pytest.fixture(scope="module")
def broker_env(stack_env: dict[str, str], durable_broker: LocalStack) -> dict[str, str]:
    endpoints = durable_broker.endpoints()
    assert endpoints is not None and endpoints.kafka_bootstrap
    return {
        **stack_env,
        "KAFKA_BOOTSTRAP_SERVERS": endpoints.kafka_bootstrap,
        "KAFKA_ENABLE_IDEMPOTENCE": "false",
        "DATABASE_URL": create_database(stack_env["DATABASE_URL"], "idp_broker_restart"),
    }


@pytest.fixture(scope="module")
def broker_settings(broker_env: dict[str, str]) -> Settings:
    return settings_of(broker_env)


@pytest.fixture
async def producer(broker_settings: Settings) -> AsyncIterator[KafkaProducer]:
    producer = make_producer(broker_settings, client_id="idp-tests-broker-restart")
    await producer.start()
    yield producer
    await producer.stop()


async def _wait_for_results(
    settings: Settings, ids: set[int], timeout: float
) -> dict[int, list[VerificationResult]]:
    deadline = time.monotonic() + timeout
    while True:
        found = await results_by_request(settings, ids)
        if all(found.values()) or time.monotonic() > deadline:
            return found
        await asyncio.sleep(1)


async def test_broker_restart_with_documents_in_flight(
    spawn_worker: SpawnWorker,
    durable_broker: LocalStack,
    broker_env: dict[str, str],
    broker_settings: Settings,
    producer: KafkaProducer,
    pipeline: Pipeline,
    samples,
) -> None:
    s = broker_settings
    worker = spawn_worker({**broker_env, **QUICK_RECOVERY})
    broker = Pipeline(s, pipeline.store, producer, pipeline.watcher)
    cases = [c for c in samples.values() if c.media_type == "application/pdf"][:4]
    cases += [c for c in samples.values() if c.media_type != "application/pdf"][:2]
    ids = {await broker.submit(case) for case in cases}
    poison = f"broker-restart-{new_request_id()}".encode()
    await broker.produce(b"\xff\xfe not utf-8", key=poison)
    await asyncio.sleep(3)
    before = {rid for rid, rs in (await results_by_request(s, ids)).items() if rs}
    # Events the worker has not read when the broker goes: the worker is frozen
    # (SIGSTOP) while they are produced, and thawed while the broker is down. Their
    # files are not there, so once read they are decided quickly.
    assert worker.process is not None
    late = [
        event_payload(cases[0], s3_path=f"s3://loan-docs/uploads/none/late-{n}.pdf")
        for n in range(4)
    ]
    os.kill(worker.process.pid, signal.SIGSTOP)
    try:
        for payload in late:
            await broker.produce(payload)
        await asyncio.to_thread(durable_broker.stop, "kafka")
    finally:
        os.kill(worker.process.pid, signal.SIGCONT)
    late_ids = {payload["request_id"] for payload in late}
    unread = {rid for rid in late_ids if await broker.ledger_row(rid) is None}
    ids |= late_ids
    await asyncio.sleep(DOWN_S)
    started = time.monotonic()
    await asyncio.to_thread(durable_broker.start, "kafka")
    found = await _wait_for_results(s, ids, timeout=180)
    took = time.monotonic() - started

    assert worker.process is not None and worker.process.poll() is None, worker.log_tail()
    assert len(before) < len(ids), "the restart must catch work in flight"
    # A fetch the broker answered just before the SIGSTOP can still hand the worker
    # a late event when it thaws; the scenario needs at least one still unread.
    assert unread, "the restart must catch events not read yet"
    assert {rid for rid, rs in found.items() if rs} == ids, (
        f"a request was lost over the restart:\n{worker.log_tail()}"
    )
    await asyncio.sleep(3)  # room for a wrong second decision to show up
    per_request = await results_by_request(s, ids)
    assert {rid: len({r.run_id for r in rs}) for rid, rs in per_request.items()} == dict.fromkeys(
        ids, 1
    ), "a request was decided twice"
    rows = [await broker.ledger_row(rid) for rid in ids]
    assert all(row is not None and row["status"] == "completed" for row in rows)
    assert {r.error_codes[0] for rid in late_ids for r in per_request[rid]} == {"FILE_NOT_FOUND"}
    # The broker kept what it had before the restart: every event is still on the input topic.
    events = await read_topic(s.kafka_bootstrap_servers or "", s.input_topic)
    assert {int(r.key) for r in events if r.key != poison} == ids
    letters = await read_topic(s.kafka_bootstrap_servers or "", s.dlq_topic)
    assert [(r.key, dict(r.headers)["dlq.reason"]) for r in letters] == [
        (poison, b"INVALID_ENCODING")
    ]
    assert took < 120
