"""Scale-out: three workers in one consumer group share the partitions, each request
is decided once, and when one worker is killed with SIGKILL the others finish its work.

The workers get their own topics, group and database, so nothing else on the
stack takes their requests. Which worker did what is read from each worker's
JSON log lines (``intake.accepted``, ``decision.made``), and the decisions are
checked against the ledger, the outbox and the result topic.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiokafka.partitioner import DefaultPartitioner

from schemas import VerificationResult
from sinks import FINAL_STATUSES, KafkaProducer, ensure_topics, request_key
from stream.connections import make_producer, open_document_store
from stream.localstack import free_port
from stream.samples import SampleCase
from stream.settings import Settings
from stream.submit import ApplicantFields, ResultWatcher, new_request_id, submit_document

from .conftest import WorkerProcess, read_topic

pytestmark = pytest.mark.integration

PARTITIONS = 6
WORKERS = 3
TOPICS = {
    "INPUT_TOPIC": "scale-in",
    "READ_TOPIC": "scale-in.stage.read",
    "CHECK_TOPIC": "scale-in.stage.check",
    "RETRY_TOPIC": "scale-in.stage.retry",
    "RESULT_TOPIC": "scale-verdicts",
    "DLQ_TOPIC": "scale-dlq",
    "CALLBACK_DLQ_TOPIC": "scale-callbacks-dlq",
    "CONSUMER_GROUP": "scale",
}


@pytest.fixture(scope="module")
def scale_database(stack_env: dict[str, str]) -> str:
    async def create() -> None:
        conn = await asyncpg.connect(stack_env["DATABASE_URL"])
        try:
            await conn.execute("DROP DATABASE IF EXISTS idp_scale")
            await conn.execute("CREATE DATABASE idp_scale")
        finally:
            await conn.close()

    asyncio.run(create())
    base, _, _ = stack_env["DATABASE_URL"].rpartition("/")
    return f"{base}/idp_scale"


@pytest.fixture(scope="module")
def scale_settings(settings: Settings, scale_database: str) -> Settings:
    from pydantic import SecretStr

    update: dict[str, object] = {k.lower(): v for k, v in TOPICS.items()}
    return settings.model_copy(
        update={**update, "database_url": SecretStr(scale_database), "topic_partitions": PARTITIONS}
    )


@pytest.fixture
def workers(
    stack_env: dict[str, str], scale_database: str, tmp_path: Path
) -> Iterator[list[WorkerProcess]]:
    env = {
        **os.environ,
        **stack_env,
        **TOPICS,
        "DATABASE_URL": scale_database,
        "TOPIC_PARTITIONS": str(PARTITIONS),
        # tansu holds a group join for the whole rebalance timeout: keep it short,
        # and let a killed member be noticed after a few seconds.
        "KAFKA_REBALANCE_TIMEOUT_S": "3",
        "KAFKA_SESSION_TIMEOUT_S": "6",
        "OCR_WORKERS": "1",
        "LEASE_S": "4",
        "STALE_AFTER_S": "8",
        "REAPER_INTERVAL_S": "1",
        "LOG_LEVEL": "info",
    }
    started = [
        WorkerProcess({**env, "HTTP_PORT": str(free_port())}, tmp_path / f"worker-{n}.log")
        for n in range(WORKERS)
    ]
    yield started
    with ThreadPoolExecutor(WORKERS) as pool:  # each may take seconds to drain
        list(pool.map(WorkerProcess.stop, started))


def log_events(worker: WorkerProcess, event: str) -> set[int]:
    """The request ids of this worker's JSON log lines for ``event``."""
    found = set()
    for line in worker.log_path.read_text(errors="replace").splitlines():
        if not line.startswith("{"):
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("event") == event and "request_id" in record:
            found.add(int(record["request_id"]))
    return found


def ids_covering_every_partition() -> list[int]:
    """One fresh request id per input partition, so every worker's share gets work."""
    partitioner, partitions = DefaultPartitioner(), list(range(PARTITIONS))
    chosen: dict[int, int] = {}
    while len(chosen) < PARTITIONS:
        request_id = new_request_id()
        chosen.setdefault(partitioner(request_key(request_id), partitions, partitions), request_id)
        time.sleep(0.001)
    return list(chosen.values())


async def submit_all(
    s: Settings, producer: KafkaProducer, cases: list[SampleCase], ids: list[int]
) -> None:
    async with open_document_store(s) as store:
        for case, request_id in zip(cases, ids, strict=True):
            await submit_document(
                store=store,
                sink=producer,
                topic=s.input_topic,
                bucket=s.s3_bucket,
                filename=case.filename,
                content=case.content,
                content_type=case.media_type,
                applicant=ApplicantFields(
                    iin=case.iin,
                    last_name=case.last_name,
                    first_name=case.first_name,
                    second_name=case.second_name,
                    reason=case.reason,
                ),
                request_id=request_id,
            )


async def decisions_on_record(s: Settings, ids: set[int]) -> dict[str, Any]:
    """What the result topic, the ledger and the outbox hold for ``ids``."""
    results: dict[int, list[VerificationResult]] = defaultdict(list)
    for record in await read_topic(s.kafka_bootstrap_servers or "", s.result_topic):
        result = VerificationResult.model_validate_json(record.value)
        if result.request_id in ids:
            results[result.request_id].append(result)
    conn = await asyncpg.connect(s.database_url.get_secret_value())  # type: ignore[union-attr]
    try:
        rows = await conn.fetch(
            "SELECT request_id, run_id, status FROM requests WHERE request_id = ANY($1)", list(ids)
        )
        outbox = await conn.fetch(
            """SELECT request_id, count(*) AS n FROM outbox
                WHERE kind = 'message' AND topic = $2 AND request_id = ANY($1)
                GROUP BY request_id""",
            list(ids),
            s.result_topic,
        )
    finally:
        await conn.close()
    return {
        "results": dict(results),
        "ledger": {row["request_id"]: (row["run_id"], row["status"]) for row in rows},
        "outbox": {row["request_id"]: row["n"] for row in outbox},
    }


def assert_decided_once(record: dict[str, Any], ids: set[int]) -> None:
    results, ledger = record["results"], record["ledger"]
    assert results.keys() == ids, f"no result for {ids - results.keys()}"
    for request_id in ids:
        # The relay delivers at least once: a copy of the same result is allowed,
        # a second decision (another run, another verdict) is not.
        distinct = {r.model_dump_json(exclude={"timings_ms"}) for r in results[request_id]}
        assert len(distinct) == 1, f"{request_id} was decided {len(distinct)} times"
        run_id, status = ledger[request_id]
        assert status in FINAL_STATUSES
        assert results[request_id][0].run_id == run_id
    assert record["outbox"] == dict.fromkeys(ids, 1)


# A hard cap: the waits below bound a healthy run to well under it.
@pytest.mark.timeout(300)
async def test_workers_share_the_partitions_and_take_over_a_killed_one(
    workers: list[WorkerProcess], scale_settings: Settings, samples: dict[str, SampleCase]
) -> None:
    s = scale_settings
    await ensure_topics(
        s.kafka_bootstrap_servers or "",
        [TOPICS[name] for name in TOPICS if name != "CONSUMER_GROUP"],
        partitions=PARTITIONS,
        replication_factor=1,
    )
    # All three join the group; once each has its first assignment, the group's
    # current generation includes them all.
    await asyncio.gather(*(asyncio.to_thread(worker.start) for worker in workers))

    pdfs = [c for c in samples.values() if c.media_type == "application/pdf"]
    slow = [c for c in samples.values() if c.media_type != "application/pdf" or "scan" in c.name]
    producer = make_producer(s, client_id="scale-tests")
    await producer.start()
    try:
        async with ResultWatcher(s.kafka_bootstrap_servers or "", s.result_topic) as watcher:
            # Round one: a request on every partition; every worker takes a share.
            first = ids_covering_every_partition()
            await submit_all(s, producer, pdfs[:PARTITIONS], first)
            found = await watcher.wait_for(first, timeout=90)
            assert found.keys() == set(first), "round one was not decided in time"
            for n, worker in enumerate(workers):
                assert log_events(worker, "intake.accepted") & set(first), f"worker {n} idle"
                assert log_events(worker, "decision.made") & set(first), f"worker {n} decided none"

            # Round two: slow documents; kill -9 a worker while it holds one of them.
            second = ids_covering_every_partition()
            cases = (slow * PARTITIONS)[:PARTITIONS]
            await submit_all(s, producer, cases, second)
            victim, in_flight = await _worker_with_work_in_flight(workers, set(second))
            assert victim.process is not None
            os.kill(victim.process.pid, signal.SIGKILL)
            victim.process.wait()
            survivors = [w for w in workers if w is not victim]
            found = await watcher.wait_for(second, timeout=120)
            assert found.keys() == set(second), (
                f"after the kill, {set(second) - found.keys()} were not decided"
            )
    finally:
        await producer.stop()

    await asyncio.sleep(2)  # a relay that raced the kill may still send a copy
    every = set(first) | set(second)
    assert_decided_once(await decisions_on_record(s, every), every)
    decided_by = {id(w): log_events(w, "decision.made") for w in workers}
    for request_id in every:
        deciders = [w for w in workers if request_id in decided_by[id(w)]]
        assert len(deciders) == 1, f"{request_id} decided by {len(deciders)} workers"
    # What the killed worker held was finished by the others.
    left = in_flight - decided_by[id(victim)]
    assert left, "the killed worker had finished everything before it died"
    taken_over = set().union(*(decided_by[id(w)] for w in survivors))
    assert left <= taken_over


async def _worker_with_work_in_flight(
    workers: list[WorkerProcess], ids: set[int], timeout: float = 60
) -> tuple[WorkerProcess, set[int]]:
    """A worker that accepted one of ``ids`` and has not decided it yet."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for worker in workers:
            held = (log_events(worker, "intake.accepted") & ids) - log_events(
                worker, "decision.made"
            )
            if held:
                return worker, held
        await asyncio.sleep(0.1)
    pytest.fail("no worker took any of the second round's requests")
