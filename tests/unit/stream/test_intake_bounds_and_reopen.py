"""The intake's size bound, a dead letter the DLQ topic cannot hold, and reopening a
failed request from a replayed MAX_ATTEMPTS letter."""

from __future__ import annotations

import dataclasses
import json
from uuid import uuid4

import pytest

from schemas import Status, VerificationResult
from schemas.stage import StageTask
from sinks import MessageTooLarge, RecordingSink
from stream.intake import IntakeOutcome

from .conftest import EVENT


async def test_a_message_above_the_bound_is_dead_lettered_unread(wiring, record) -> None:
    # Valid JSON with a readable id, padded past 64 KiB: never parsed, so no result either.
    padded = json.dumps(dict(EVENT, note="x" * 70_000)).encode()
    rec = record(raw=padded)
    assert await wiring.intake.handle(rec) is IntakeOutcome.DEAD_LETTERED
    [(key, value, headers)] = wiring.sink.on("dlq")
    assert value == padded and key == rec.key
    names = dict(headers)
    assert names["dlq.reason"] == b"EVENT_TOO_LARGE"
    assert f"{len(padded)} bytes".encode() in names["dlq.error"]
    assert await wiring.verdicts() == [] and await wiring.ledger.get(1234567) is None
    # Just under the bound it is read as usual.
    assert await wiring.intake.handle(record(note="x" * 60_000)) is IntakeOutcome.FORWARDED


class SmallDeadLetterTopic(RecordingSink):
    """A dead-letter topic that refuses values above ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    async def send(self, topic, *, key, value, headers=()):  # type: ignore[no-untyped-def]
        if topic == "dlq" and len(value) > self.limit:
            raise MessageTooLarge(f"{topic}: {len(value)} bytes")
        await super().send(topic, key=key, value=value, headers=headers)


async def test_a_dead_letter_too_large_for_its_topic_goes_out_without_the_value(
    wiring, record, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = SmallDeadLetterTopic(limit=100)
    monkeypatch.setattr(wiring.intake._dead_letters, "_sink", small)
    rec = record(raw=b"{not json" + b" " * 500)
    assert await wiring.intake.handle(rec) is IntakeOutcome.DEAD_LETTERED
    [(key, value, headers)] = small.on("dlq")
    names = dict(headers)
    assert value == b"" and key == rec.key
    assert names["dlq.reason"] == b"INVALID_JSON"
    assert names["dlq.original.offset"] == str(rec.offset).encode()
    assert b"509 bytes are omitted" in names["dlq.error"]


REPLAYED = [("replay.from", b"dl-loan-delay-dlq:2:17"), ("replay.reopen", b"1")]


def _replayed(record, headers=REPLAYED):  # type: ignore[no-untyped-def]
    """The event again, as ``idp dlq replay`` puts it back."""
    return dataclasses.replace(record(), headers=list(headers))


async def _failed_request(wiring, record) -> StageTask:
    """A request that used up its attempts: ``failed``, its letter dead-lettered."""
    await wiring.intake.handle(record())
    task = StageTask.model_validate_json(wiring.sink.on("read")[0][1])
    task = task.model_copy(update={"attempt": 2})
    assert await wiring.attempts.give_up(task, stage="download", message="S3 down", owner=None)
    assert (await wiring.ledger.get(1234567)).status == "failed"
    return task


async def test_a_replayed_max_attempts_letter_reopens_the_failed_request(wiring, record) -> None:
    first = await _failed_request(wiring, record)
    replay = _replayed(record)
    assert await wiring.intake.handle(replay) is IntakeOutcome.FORWARDED
    task = StageTask.model_validate_json(wiring.sink.on("read")[-1][1])
    assert task.run_id != first.run_id and task.run_id == wiring.run_ids[-1]
    assert task.reference_time == first.reference_time  # dates still count from the request
    entry = await wiring.ledger.get(1234567)
    assert (entry.status, entry.run_id, entry.attempts, entry.reopened) == (
        "received",
        task.run_id,
        0,
        1,
    )
    [earlier] = entry.earlier_runs
    assert earlier["run_id"] == str(first.run_id) and earlier["status"] == "failed"
    assert earlier["reopened_by"] == "dl-loan-delay-dlq:2:17"
    # The new run decides for itself: a second result, with the new run id.
    result = VerificationResult(
        request_id=1234567, run_id=task.run_id, status=Status.COMPLETED, verdict=True,
        processed_at=task.received_at,
    )  # fmt: skip
    assert await wiring.finisher.finish(result)
    verdicts = [VerificationResult.model_validate_json(v) for _, v, _ in await wiring.verdicts()]
    assert [(r.status, r.run_id) for r in verdicts] == [
        (Status.FAILED, first.run_id),
        (Status.COMPLETED, task.run_id),
    ]


async def test_each_letter_reopens_once(wiring, record) -> None:
    await _failed_request(wiring, record)
    assert await wiring.intake.handle(_replayed(record)) is IntakeOutcome.FORWARDED
    # The same replay delivered again while the new run works: in flight, not reopened.
    assert await wiring.intake.handle(_replayed(record)) is IntakeOutcome.IN_FLIGHT
    # The new run fails too; the old letter's replay cannot reopen it a second time.
    entry = await wiring.ledger.get(1234567)
    task = StageTask.model_validate_json(wiring.sink.on("read")[-1][1])
    assert await wiring.attempts.give_up(task, stage="download", message="again", owner=None)
    assert await wiring.intake.handle(_replayed(record)) is IntakeOutcome.DUPLICATE
    # The new run's own letter can.
    newer = [("replay.from", b"dl-loan-delay-dlq:2:40"), ("replay.reopen", b"1")]
    assert await wiring.intake.handle(_replayed(record, newer)) is IntakeOutcome.FORWARDED
    assert (await wiring.ledger.get(1234567)).reopened == 2
    assert entry.reopened == 1


@pytest.mark.parametrize("status", ["completed", "rejected"])
async def test_decided_requests_are_never_reopened(wiring, record, status: str) -> None:
    await wiring.intake.handle(record())
    wiring.ledger.entries[1234567].status = status
    assert await wiring.intake.handle(_replayed(record)) is IntakeOutcome.DUPLICATE
    entry = await wiring.ledger.get(1234567)
    assert entry.status == status and entry.reopened == 0 and len(wiring.sink.on("read")) == 1


async def test_a_failed_request_replayed_without_the_reopen_header_is_a_duplicate(
    wiring, record
) -> None:
    await _failed_request(wiring, record)
    plain = _replayed(record, [("replay.from", b"dl-loan-delay-dlq:2:17")])
    assert await wiring.intake.handle(plain) is IntakeOutcome.DUPLICATE
    assert (await wiring.ledger.get(1234567)).status == "failed"


async def test_reopen_needs_the_failed_run(wiring) -> None:
    ledger = wiring.ledger
    assert await ledger.reopen(1, uuid4(), new_run_id=uuid4(), reopened_by="x") is None
