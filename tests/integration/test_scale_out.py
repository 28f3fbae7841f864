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
from typing import Any

import pytest
from aiokafka.partitioner import DefaultPartitioner

from sinks import FINAL_STATUSES, ensure_topics, request_key
from stream.connections import make_producer, open_document_store, watch_results
from stream.samples import SampleCase
from stream.settings import Settings
from stream.submit import new_request_id

from .conftest import Pipeline, SpawnWorker, connect_ledger, results_by_request
from .workers import QUICK_RECOVERY, WorkerProcess, own_stack, own_topics, settings_of

pytestmark = pytest.mark.integration

PARTITIONS = 6
WORKERS = 3


@pytest.fixture(scope="module")
def scale_env(stack_env: dict[str, str]) -> dict[str, str]:
    return {**own_stack(stack_env, "scale"), "TOPIC_PARTITIONS": str(PARTITIONS)}


@pytest.fixture
def workers(spawn_worker: SpawnWorker, scale_env: dict[str, str]) -> list[WorkerProcess]:
    # Started together by the test; a killed member is noticed after a few seconds.
    return [spawn_worker({**scale_env, **QUICK_RECOVERY}, start=False) for _ in range(WORKERS)]


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


async def decisions_on_record(s: Settings, ids: set[int]) -> dict[str, Any]:
    """What the result topic, the ledger and the outbox hold for ``ids``."""
    results = {rid: rs for rid, rs in (await results_by_request(s, ids)).items() if rs}
    async with connect_ledger(s) as conn:
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
    return {
        "results": results,
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
    workers: list[WorkerProcess], scale_env: dict[str, str], samples: dict[str, SampleCase]
) -> None:
    s = settings_of(scale_env)
    await ensure_topics(
        s.kafka_bootstrap_servers or "",
        [topic for name, topic in own_topics("scale").items() if name.endswith("_TOPIC")],
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
        async with open_document_store(s) as store, watch_results(s) as watcher:
            scale = Pipeline(s, store, producer, watcher)
            # Round one: a request on every partition; every worker takes a share.
            first = ids_covering_every_partition()
            for case, request_id in zip(pdfs[:PARTITIONS], first, strict=True):
                await scale.submit(case, request_id=request_id)
            found = await watcher.wait_for(first, timeout=90)
            assert found.keys() == set(first), "round one was not decided in time"
            for n, worker in enumerate(workers):
                assert log_events(worker, "intake.accepted") & set(first), f"worker {n} idle"
                assert log_events(worker, "decision.made") & set(first), f"worker {n} decided none"

            # Round two: slow documents; kill -9 a worker while it holds one of them.
            second = ids_covering_every_partition()
            cases = (slow * PARTITIONS)[:PARTITIONS]
            for case, request_id in zip(cases, second, strict=True):
                await scale.submit(case, request_id=request_id)
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
