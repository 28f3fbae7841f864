"""Lost work comes back: the reaper, the retry stage and lease release on cancel."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from uuid import uuid4

from schemas import LoanDelayEvent, Status, VerificationResult
from schemas.stage import StageTask
from sinks import Arrival, MemoryLedger, RawMessage, SourcePosition
from stream.lease import held
from stream.reaper import Reaper, ReaperPolicy
from stream.retrying import RetryStage

from .conftest import EVENT, NOW, Wiring


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):  # type: ignore[no-untyped-def]
        return self.now


async def _admit(ledger: MemoryLedger) -> LoanDelayEvent:
    event = LoanDelayEvent.model_validate(EVENT)
    raw = RawMessage(key=b"1234567", value=b"{}", timestamp_ms=1)
    await ledger.admit(
        [
            Arrival(
                event,
                run_id=uuid4(),
                reference_time=NOW,
                source=SourcePosition("in", 0, 5),
                raw=raw,
            )
        ]
    )
    return event


def _reaper(wiring: Wiring) -> Reaper:
    return Reaper(
        policy=ReaperPolicy(read_topic="read", max_attempts=2, stale_after_s=60),
        ledger=wiring.ledger,
        forward=wiring.sink,
        attempts=wiring.attempts,
    )


async def test_an_expired_lease_is_resumed_once(wiring: Wiring) -> None:
    clock = Clock()
    wiring.ledger._clock = clock  # the fake ledger reads time from here
    event = await _admit(wiring.ledger)
    entry = await wiring.ledger.get(event.request_id)
    assert await wiring.ledger.claim(event.request_id, entry.run_id, owner="dead", lease_s=30) == 1
    assert await _reaper(wiring).sweep() == 0  # lease still valid
    clock.now += timedelta(seconds=31)
    assert await _reaper(wiring).sweep() == 1
    assert await _reaper(wiring).sweep() == 0  # not handed back on every sweep
    [(key, value, _)] = wiring.sink.on("read")
    task = StageTask.model_validate_json(value)
    assert key == b"1234567" and task.run_id == entry.run_id and task.reference_time == NOW
    assert (await wiring.ledger.get(event.request_id)).resumed == 1


async def test_a_request_out_of_attempts_is_failed_and_dead_lettered(wiring: Wiring) -> None:
    clock = Clock()
    wiring.ledger._clock = clock
    event = await _admit(wiring.ledger)
    run_id = (await wiring.ledger.get(event.request_id)).run_id
    for owner in ("w1", "w2"):
        await wiring.ledger.claim(event.request_id, run_id, owner=owner, lease_s=30)
        clock.now += timedelta(seconds=31)
    await _reaper(wiring).sweep()
    assert wiring.sink.on("read") == []
    [(_, value, _)] = await wiring.verdicts()
    result = VerificationResult.model_validate_json(value)
    assert result.status is Status.FAILED and result.errors[0].details["stage"] == "resume"
    assert dict(wiring.sink.on("dlq")[0][2])["dlq.reason"] == b"MAX_ATTEMPTS"


async def test_retry_stage_waits_for_the_due_time() -> None:
    from sinks import RecordingSink

    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    sink = RecordingSink()
    stage = RetryStage(read_topic="read", forward=sink, clock=lambda: NOW, sleep=sleep)
    task = StageTask(
        run_id=uuid4(),
        event=LoanDelayEvent.model_validate(EVENT),
        reference_time=NOW,
        received_at=NOW,
        attempt=1,
        not_before=NOW + timedelta(seconds=12),
    )
    await stage.handle(task)
    assert slept == [12.0]
    forwarded = StageTask.model_validate_json(sink.on("read")[0][1])
    assert forwarded.not_before is None and forwarded.attempt == 1


async def test_cancelled_work_releases_its_lease() -> None:
    ledger = MemoryLedger()
    event = await _admit(ledger)
    run_id = (await ledger.get(event.request_id)).run_id
    await ledger.claim(event.request_id, run_id, owner="me", lease_s=300)

    async def work() -> None:
        async with held(ledger, event.request_id, run_id, token="me", lease_s=300):
            await asyncio.sleep(60)

    task = asyncio.create_task(work())
    await asyncio.sleep(0.01)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    entry = await ledger.get(event.request_id)
    assert entry.lease_expires_at <= entry.updated_at  # expired now: resumable at once


async def test_the_lease_is_renewed_while_work_runs() -> None:
    ledger = MemoryLedger()
    event = await _admit(ledger)
    run_id = (await ledger.get(event.request_id)).run_id
    await ledger.claim(event.request_id, run_id, owner="me", lease_s=0.3)
    first = (await ledger.get(event.request_id)).lease_expires_at
    async with held(ledger, event.request_id, run_id, token="me", lease_s=0.3):
        await asyncio.sleep(0.25)
    assert (await ledger.get(event.request_id)).lease_expires_at > first
