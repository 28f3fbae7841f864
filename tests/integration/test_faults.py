"""Faults on the real stack: every request still gets exactly one decision.

These workers use their own topics and consumer group, so killing them does
not disturb the session's worker; leases and the reaper are set short.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys

import pytest

from schemas import VerificationResult
from stream.connections import watch_results
from stream.localstack import free_port
from stream.settings import Settings

from .conftest import Pipeline, SpawnWorker, connect_ledger, read_topic, results_by_request
from .gate import TcpGate
from .workers import QUICK_RECOVERY, WorkerProcess, own_stack, settings_of

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def fault_env(stack_env: dict[str, str]) -> dict[str, str]:
    """Topics, group and database of their own: the session worker's reaper and relay
    work on whatever the ledger holds, and must not take the fault workers' requests."""
    return own_stack(stack_env, "faults")


@pytest.fixture
def start_worker(spawn_worker: SpawnWorker, fault_env: dict[str, str]) -> SpawnWorker:
    return lambda **extra: spawn_worker({**fault_env, **QUICK_RECOVERY, **extra})


@pytest.fixture(scope="module")
def fault_settings(fault_env: dict[str, str]) -> Settings:
    return settings_of(fault_env)


async def test_kill_9_with_documents_in_flight_then_restart(
    start_worker, fault_settings: Settings, pipeline: Pipeline, samples
) -> None:
    first = start_worker()
    faults = Pipeline(fault_settings, pipeline.store, pipeline.producer, pipeline.watcher)
    cases = [c for c in samples.values() if c.media_type != "application/pdf"][:2]
    cases += [c for c in samples.values() if c.media_type == "application/pdf"][:4]
    async with watch_results(fault_settings) as watcher:
        ids = {await faults.submit(case) for case in cases}
        # Kill the worker without warning once it has claimed a document and is
        # reading it (not after a fixed time: how long reading takes is not the test's).
        claimed = await _claimed(faults, ids, timeout=60)
        assert claimed, "the kill must catch work in flight"
        assert first.process is not None
        os.kill(first.process.pid, signal.SIGKILL)
        first.process.wait()
        start_worker()
        found = await watcher.wait_for(ids, timeout=180)
    assert found.keys() == ids, "a request was lost"
    await asyncio.sleep(2)
    per_request = await results_by_request(fault_settings, ids)
    repeated = {
        rid: {r.run_id for r in rs}
        for rid, rs in per_request.items()
        if len({r.run_id for r in rs}) != 1
    }
    assert not repeated, "a request was decided twice"
    rows = [await faults.ledger_row(rid) for rid in ids]
    assert all(row is not None and row["status"] == "completed" for row in rows)
    # Work the dead worker had claimed came back through the reaper or a redelivery.
    assert any(row["resumed"] or row["attempts"] > 1 or row["duplicates"] for row in rows)


async def _claimed(pipeline: Pipeline, ids: set[int], *, timeout: float) -> set[int]:
    """The requests the worker is downloading or reading, as soon as there is one."""
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        rows = [await pipeline.ledger_row(rid) for rid in ids]
        claimed = {
            row["request_id"]
            for row in rows
            if row is not None and row["status"] in ("downloading", "processing")
        }
        if claimed:
            return claimed
        await asyncio.sleep(0.05)
    return set()


async def _logged(worker: WorkerProcess, events: tuple[str, ...], *, timeout: float) -> bool:
    """Whether ``worker`` logs one of ``events`` within ``timeout`` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        tail = worker.log_tail(2000)
        if any(event in tail for event in events):
            return True
        await asyncio.sleep(0.5)
    return False


async def test_every_event_sent_three_times(
    start_worker, fault_settings: Settings, pipeline: Pipeline, samples
) -> None:
    start_worker()
    faults = Pipeline(fault_settings, pipeline.store, pipeline.producer, pipeline.watcher)
    cases = [c for c in samples.values() if c.media_type == "application/pdf"][:4]
    async with watch_results(fault_settings) as watcher:
        ids = set()
        for case in cases:
            request_id = await faults.submit(case)
            ids.add(request_id)
            for _ in range(2):  # the same event twice more, straight after the first
                await faults.resend(request_id)
        found = await watcher.wait_for(ids, timeout=120)
    assert found.keys() == ids
    await asyncio.sleep(3)
    per_request = await results_by_request(fault_settings, ids)
    assert {rid: len(rs) for rid, rs in per_request.items()} == dict.fromkeys(ids, 1)
    for rid in ids:
        assert (await faults.ledger_row(rid))["duplicates"] == 2


class CallbackTarget:
    """A bank endpoint on loopback that fails the first ``failures`` calls with 500."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls: list[tuple[int, dict[str, str], bytes]] = []

    async def handle(self, request):  # type: ignore[no-untyped-def]
        from aiohttp import web

        body = await request.read()
        status = 500 if len(self.calls) < self.failures else 200
        self.calls.append((status, dict(request.headers), body))
        return web.Response(status=status)


async def test_callback_answering_500_then_200(
    start_worker, fault_settings: Settings, pipeline: Pipeline, samples
) -> None:
    import hashlib
    import hmac

    from aiohttp import web

    target = CallbackTarget(failures=2)
    app = web.Application()
    app.router.add_post("/callbacks/idp", target.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        start_worker(
            CALLBACK_URL=f"http://127.0.0.1:{port}/callbacks/idp",
            CALLBACK_SECRET="fault-test-secret",
        )
        faults = Pipeline(fault_settings, pipeline.store, pipeline.producer, pipeline.watcher)
        case = next(c for c in samples.values() if c.media_type == "application/pdf")
        async with watch_results(fault_settings) as watcher:
            request_id = await faults.submit(case)
            result = (await watcher.wait_for([request_id], timeout=120))[request_id]
        for _ in range(300):  # the relay backs off 1 s, then 2 s
            if any(status == 200 for status, _, _ in target.calls):
                break
            await asyncio.sleep(0.2)
    finally:
        await runner.cleanup()
    assert [status for status, _, _ in target.calls] == [500, 500, 200]
    keys = {headers["Idempotency-Key"] for _, headers, _ in target.calls}
    assert keys == {f"{request_id}:{result.run_id}"}
    _, headers, body = target.calls[-1]
    assert VerificationResult.model_validate_json(body) == result
    expected = hmac.new(
        b"fault-test-secret", headers["X-Timestamp"].encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert headers["X-Signature"] == f"sha256={expected}"


async def test_postgres_stopped_for_twenty_seconds(
    start_worker, fault_settings: Settings, pipeline: Pipeline, samples, local_stack
) -> None:
    # Longer than the intake's round of ledger retries (~16 s): a batch whose
    # events were never recorded must be waited out, not acked and lost.
    if local_stack is None:
        pytest.fail("this fault test stops the embedded PostgreSQL; run it on the local stack")
    start_worker()
    faults = Pipeline(fault_settings, pipeline.store, pipeline.producer, pipeline.watcher)
    cases = [c for c in samples.values() if c.media_type == "application/pdf"][:3]
    async with watch_results(fault_settings) as watcher:
        local_stack.stop("postgres")
        try:
            ids = {await faults.submit(case) for case in cases}
            await asyncio.sleep(20)
        finally:
            local_stack.start("postgres")
        found = await watcher.wait_for(ids, timeout=150)
    assert found.keys() == ids, "a request was lost while PostgreSQL was down"
    await asyncio.sleep(2)
    per_request = await results_by_request(fault_settings, ids)
    assert {rid: len({r.run_id for r in rs}) for rid, rs in per_request.items()} == dict.fromkeys(
        ids, 1
    )


async def test_a_ledger_refusing_every_new_request_holds_the_intake_back(
    start_worker, fault_settings: Settings, pipeline: Pipeline, samples
) -> None:
    # Not an outage: PostgreSQL answers, and refuses each insert (here a check
    # constraint; in life a schema out of step with the code, a read-only
    # primary). Before, the batch was logged and acked, and its events lost.
    worker = start_worker()
    faults = Pipeline(fault_settings, pipeline.store, pipeline.producer, pipeline.watcher)
    cases = [c for c in samples.values() if c.media_type == "application/pdf"][:3]
    async with connect_ledger(fault_settings) as conn:
        await conn.execute(
            "ALTER TABLE requests ADD CONSTRAINT refuse_new CHECK (request_id < 0) NOT VALID"
        )
    try:
        async with watch_results(fault_settings) as watcher:
            ids = {await faults.submit(case) for case in cases}
            # The intake has met the refusal (the old intake logged the batch as crashed).
            assert await _logged(worker, ("intake.ledger_failing", "stage.crashed"), timeout=90)
            await asyncio.sleep(6)  # past a round's pause
            early = await watcher.wait_for(ids, timeout=1)
            assert early == {}, "a request went on without being recorded"
            async with connect_ledger(fault_settings) as conn:
                await conn.execute("ALTER TABLE requests DROP CONSTRAINT refuse_new")
            found = await watcher.wait_for(ids, timeout=90)
    finally:
        async with connect_ledger(fault_settings) as conn:
            await conn.execute("ALTER TABLE requests DROP CONSTRAINT IF EXISTS refuse_new")
    assert found.keys() == ids, "a request was lost while the ledger refused it"
    assert "intake.ledger_failing" in worker.log_tail(4000)
    per_request = await results_by_request(fault_settings, ids)
    assert {rid: len({r.run_id for r in rs}) for rid, rs in per_request.items()} == dict.fromkeys(
        ids, 1
    )


async def test_an_event_a_bug_fails_in_the_ledger_is_dead_lettered_and_the_rest_go_on(
    start_worker, fault_settings: Settings, pipeline: Pipeline, samples
) -> None:
    # A bug keyed to one event (here a trigger raising for its request id): the
    # ledger records every other event meanwhile. Before, the event held its
    # partition until an operator skipped it by hand.
    from stream.submit import new_request_id

    worker = start_worker()
    faults = Pipeline(fault_settings, pipeline.store, pipeline.producer, pipeline.watcher)
    cases = [c for c in samples.values() if c.media_type == "application/pdf"][:3]
    poison = new_request_id()
    async with connect_ledger(fault_settings) as conn:
        await conn.execute(
            f"""
            CREATE FUNCTION fail_one_request() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.request_id = {poison} THEN
                    RAISE EXCEPTION 'a bug keyed to one event';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER fail_one_request BEFORE INSERT ON requests
                FOR EACH ROW EXECUTE FUNCTION fail_one_request();
            """
        )
    try:
        async with watch_results(fault_settings) as watcher:
            ids = {await faults.submit(case) for case in cases[:2]}
            await faults.submit(cases[2], request_id=poison)
            found = await watcher.wait_for(ids, timeout=120)
            # Three rounds of the ledger failing it alone, ~5 s apart.
            assert await _logged(worker, ("intake.event_at_fault",), timeout=60)
    finally:
        async with connect_ledger(fault_settings) as conn:
            await conn.execute(
                "DROP TRIGGER IF EXISTS fail_one_request ON requests;"
                " DROP FUNCTION IF EXISTS fail_one_request();"
            )
    assert found.keys() == ids, "the other requests were held back"
    [letter] = await _dead_letters_for(fault_settings, {str(poison).encode()})
    headers = dict(letter.headers)
    assert headers["dlq.reason"] == b"MAX_ATTEMPTS" and headers["dlq.attempts"] == b"3"
    assert b"RaiseError" in headers["dlq.error"]
    async with connect_ledger(fault_settings) as conn:
        stored = "SELECT count(*) FROM requests WHERE request_id = $1"
        assert await conn.fetchval(stored, poison) == 0


async def test_sigterm_stops_within_30_s_and_nothing_is_lost(
    start_worker, fault_settings: Settings, pipeline: Pipeline, samples
) -> None:
    import time

    first = start_worker()
    faults = Pipeline(fault_settings, pipeline.store, pipeline.producer, pipeline.watcher)
    cases = [c for c in samples.values() if c.media_type != "application/pdf"][:3]
    async with watch_results(fault_settings) as watcher:
        ids = {await faults.submit(case) for case in cases}
        await watcher.wait_for(ids, timeout=3)
        started = time.monotonic()
        code = await asyncio.to_thread(first.stop)
        took = time.monotonic() - started
        start_worker()
        found = await watcher.wait_for(ids, timeout=150)
    assert took < 30, f"shutdown took {took:.1f} s"
    assert code == 0, first.log_tail()
    assert found.keys() == ids
    per_request = await results_by_request(fault_settings, ids)
    assert {rid: len({r.run_id for r in rs}) for rid, rs in per_request.items()} == dict.fromkeys(
        ids, 1
    )


async def _dead_letters_for(settings: Settings, keys: set[bytes]) -> list:
    records = await read_topic(settings.kafka_bootstrap_servers or "", settings.dlq_topic)
    return [r for r in records if r.key in keys]


async def test_s3_failing_for_twelve_seconds(
    start_worker, fault_settings: Settings, pipeline: Pipeline, samples, stack_env
) -> None:
    from stream.submit import new_request_id

    cases = [c for c in samples.values() if c.media_type == "application/pdf"][:4]
    faults = Pipeline(fault_settings, pipeline.store, pipeline.producer, pipeline.watcher)
    with TcpGate(stack_env["S3_ENDPOINT_URL"]) as s3:
        # Each failed download goes to the retry topic at once (one try in process);
        # retries come back within 8 s and outlast the outage; the reaper stays out of it.
        start_worker(
            S3_ENDPOINT_URL=s3.url,
            STAGE_MAX_ATTEMPTS="1",
            MAX_ATTEMPTS="10",
            RETRY_BACKOFF_INITIAL_S="1",
            RETRY_BACKOFF_MAX_S="8",
            STALE_AFTER_S="60",
        )
        async with watch_results(fault_settings) as watcher:
            before = {await faults.submit(case) for case in cases[:2]}
            await asyncio.sleep(1)
            with s3.shut_for_a_while():
                # Uploads go to S3 directly; only the worker's side is cut off.
                during = {await faults.submit(case) for case in cases[2:]}
                poison = f"s3-outage-{new_request_id()}".encode()
                await faults.produce(b"{not json", key=poison)
                await asyncio.sleep(12)
                decided_while_down = await watcher.wait_for(during, timeout=0.1)
            ids = before | during
            found = await watcher.wait_for(ids, timeout=150)
    assert not decided_while_down, "a document was decided without its file"
    assert found.keys() == ids, "a request was lost while S3 was down"
    await asyncio.sleep(2)
    per_request = await results_by_request(fault_settings, ids)
    assert {rid: len({r.run_id for r in rs}) for rid, rs in per_request.items()} == dict.fromkeys(
        ids, 1
    )
    assert all(r.status.value == "completed" for r in found.values())
    assert not {c for r in found.values() for c in r.error_codes} & {
        "PROCESSING_FAILED",
        "FILE_NOT_FOUND",
        "FILE_CORRUPT",
    }
    # Work that met the outage went round the retry topic (a later attempt, the error kept).
    rows = [await faults.ledger_row(rid) for rid in ids]
    assert any(row["attempts"] > 1 and row["last_error"] for row in rows), "no outage was felt"
    letters = await _dead_letters_for(fault_settings, {poison} | {str(i).encode() for i in ids})
    assert [(r.key, dict(r.headers)["dlq.reason"]) for r in letters] == [(poison, b"INVALID_JSON")]


def _idp(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stream.cli", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_replayed_max_attempts_letter_reopens_the_failed_request(
    start_worker, fault_settings: Settings, fault_env, pipeline: Pipeline, samples, stack_env
) -> None:
    from datetime import UTC, datetime

    since = datetime.now(UTC).isoformat()
    case = next(c for c in samples.values() if c.media_type == "application/pdf")
    faults = Pipeline(fault_settings, pipeline.store, pipeline.producer, pipeline.watcher)
    with TcpGate(stack_env["S3_ENDPOINT_URL"]) as s3:
        s3.shut()
        start_worker(S3_ENDPOINT_URL=s3.url, MAX_ATTEMPTS="1", STAGE_MAX_ATTEMPTS="1")
        async with watch_results(fault_settings) as watcher:
            request_id = await faults.submit(case)
            failed = (await watcher.wait_for([request_id], timeout=120))[request_id]
        assert failed.status.value == "failed" and failed.error_codes == ["PROCESSING_FAILED"]
        key = str(request_id).encode()
        for _ in range(100):  # the relay sends the dead letter with the result
            letters = await _dead_letters_for(fault_settings, {key})
            if letters:
                break
            await asyncio.sleep(0.2)
        assert [dict(r.headers)["dlq.reason"] for r in letters] == [b"MAX_ATTEMPTS"]
        s3.open()
        args = ("dlq", "replay", "--reason", "MAX_ATTEMPTS", "--since", since)
        replayed = await asyncio.to_thread(_idp, *args, env=fault_env)
        assert replayed.returncode == 0, replayed.stderr[-2000:]
        assert "replayed 1 dead letters" in replayed.stderr
        assert "(1 reopen failed requests" in replayed.stderr
        for _ in range(300):
            results = (await results_by_request(fault_settings, {request_id}))[request_id]
            if len(results) == 2:
                break
            await asyncio.sleep(0.5)
        # The same letter replayed again reopens nothing: the new run is decided.
        again = await asyncio.to_thread(_idp, *args, env=fault_env)
        assert again.returncode == 0, again.stderr[-2000:]
        await asyncio.sleep(5)
    results = (await results_by_request(fault_settings, {request_id}))[request_id]
    assert [r.status.value for r in results] == ["failed", "completed"]
    assert results[0].run_id == failed.run_id and results[1].run_id != failed.run_id
    row = await faults.ledger_row(request_id)
    assert (row["status"], row["run_id"], row["reopened"]) == (
        "completed",
        results[1].run_id,
        1,
    )
    [earlier] = json.loads(row["earlier_runs"])  # a plain connection: jsonb comes as text
    assert earlier["run_id"] == str(failed.run_id) and earlier["status"] == "failed"
    assert earlier["reopened_by"].startswith(f"{fault_settings.dlq_topic}:")
