from __future__ import annotations

import json

import pytest
from structlog.testing import capture_logs

from schemas import ErrorCode, Status, VerificationResult
from schemas.stage import StageTask
from sinks import MessageTooLarge, RecordingSink, StoreRefused, StoreUnavailable
from stream.intake import IntakeOutcome

from .conftest import EVENT, make_intake


async def test_valid_event_is_recorded_and_forwarded(wiring, record) -> None:
    outcome = await wiring.intake.handle(record())
    assert outcome is IntakeOutcome.FORWARDED
    [(key, value, _)] = wiring.sink.on("read")
    task = StageTask.model_validate_json(value)
    assert key == b"1234567"
    assert task.request_id == 1234567
    assert task.run_id == wiring.run_ids[0]
    assert task.reference_time.isoformat() == "2026-11-20T10:00:00+05:00"
    assert task.traceparent.startswith("00-0af7")
    entry = await wiring.ledger.get(1234567)
    assert entry.status == "received" and entry.source.offset == 0


async def test_reference_time_defaults_to_the_record_timestamp(wiring, record) -> None:
    await wiring.intake.handle(record(created_at=None))
    task = StageTask.model_validate_json(wiring.sink.on("read")[0][1])
    assert int(task.reference_time.timestamp() * 1000) == 1763600000000


async def test_repeat_while_in_flight_and_after_decision_is_not_forwarded(wiring, record) -> None:
    assert await wiring.intake.handle(record()) is IntakeOutcome.FORWARDED
    assert await wiring.intake.handle(record()) is IntakeOutcome.IN_FLIGHT
    entry = await wiring.ledger.get(1234567)
    entry_run = entry.run_id
    wiring.ledger.entries[1234567].status = "completed"
    assert await wiring.intake.handle(record()) is IntakeOutcome.DUPLICATE
    assert len(wiring.sink.on("read")) == 1
    assert (await wiring.ledger.get(1234567)).run_id == entry_run
    assert (await wiring.ledger.get(1234567)).duplicates == 2


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\xff\xfe\x00garbage", "INVALID_ENCODING"),
        (b"{not json", "INVALID_JSON"),
        (b"", "INVALID_JSON"),
        (b"[1, 2]", "INVALID_EVENT"),
        (json.dumps({"request_id": "abc"}).encode(), "INVALID_EVENT"),
    ],
)
async def test_poison_without_readable_id_goes_only_to_the_dlq(wiring, record, raw, reason) -> None:
    rec = record(raw=raw)
    assert await wiring.intake.handle(rec) is IntakeOutcome.DEAD_LETTERED
    [(key, value, headers)] = wiring.sink.on("dlq")
    assert value == raw and key == rec.key
    names = dict(headers)
    assert names["dlq.reason"] == reason.encode()
    assert names["dlq.original.topic"] == b"dl-loan-delay"
    assert names["dlq.original.offset"] == str(rec.offset).encode()
    assert names["dlq.consumer_group"] == b"nohd_MSB"
    assert names["traceparent"].startswith(b"00-")
    assert await wiring.verdicts() == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"iin": "960125445006"}, "iin"),
        ({"reason": "holiday"}, "reason"),
        ({"first_name": ""}, "first_name"),
        ({"s3_path": "s3://other-bucket/doc.pdf"}, "s3_path"),
    ],
)
async def test_invalid_event_with_readable_id_is_rejected_once(
    wiring, record, changes, field
) -> None:
    await wiring.intake.handle(record(**changes))
    await wiring.intake.handle(record(**changes))
    assert len(wiring.sink.on("dlq")) == 2
    [(key, value, _)] = await wiring.verdicts()
    result = VerificationResult.model_validate_json(value)
    assert key == b"1234567"
    assert result.status is Status.REJECTED and result.verdict is None
    assert result.errors[0].code is ErrorCode.INVALID_EVENT
    assert result.errors[0].details["problems"][0]["field"] == field
    assert (await wiring.ledger.get(1234567)).status == "rejected"


async def test_dlq_error_text_holds_no_personal_data(wiring, record) -> None:
    await wiring.intake.handle(record(iin="960125445006", last_name=""))
    [(_, _, headers)] = wiring.sink.on("dlq")
    error = dict(headers)["dlq.error"].decode()
    assert "iin" in error and "last_name" in error
    assert "960125445006" not in error and EVENT["first_name"] not in error


async def test_a_batch_gets_an_outcome_per_record_in_order(wiring, record, caplog) -> None:
    decided = record(request_id=7)
    await wiring.intake.handle(decided)
    wiring.ledger.entries[7].status = "completed"
    batch = [
        record(request_id=11),
        record(raw=b"{not json"),
        record(request_id=12),
        record(request_id=11),
        record(request_id=7),
        record(request_id=13, iin="960125445006"),
    ]
    outcomes = await wiring.intake.handle_batch(batch)
    assert outcomes == [
        IntakeOutcome.FORWARDED,
        IntakeOutcome.DEAD_LETTERED,
        IntakeOutcome.FORWARDED,
        IntakeOutcome.IN_FLIGHT,
        IntakeOutcome.DUPLICATE,
        IntakeOutcome.DEAD_LETTERED,
    ]
    forwarded = [StageTask.model_validate_json(v).request_id for _, v, _ in wiring.sink.on("read")]
    assert sorted(forwarded) == [7, 11, 12]
    assert len(wiring.sink.on("dlq")) == 2
    entry = await wiring.ledger.get(11)
    assert entry.duplicates == 1 and entry.source.offset == batch[0].offset
    assert (await wiring.ledger.get(13)).status == "rejected"
    assert wiring.metrics.value("idp_events_consumed_total") == 7
    assert wiring.metrics.value("idp_duplicates_total") == 2


async def test_a_forward_that_keeps_failing_fails_its_record_only(wiring, record) -> None:
    class RefusesOne(RecordingSink):
        async def send(self, topic, *, key, value, headers=()):  # type: ignore[no-untyped-def]
            if key == b"21":
                raise MessageTooLarge("read: above the topic's limit")
            await super().send(topic, key=key, value=value, headers=headers)

    wiring.intake._forward = RefusesOne()
    outcomes = await wiring.intake.handle_batch(
        [record(request_id=20), record(request_id=21), record(request_id=22)]
    )
    assert outcomes == [IntakeOutcome.FORWARDED, IntakeOutcome.FAILED, IntakeOutcome.FORWARDED]
    # Recorded all the same: the reaper forwards the failed one again.
    assert (await wiring.ledger.get(21)).status == "received"


@pytest.mark.parametrize(
    ("error", "failures", "calls", "cause", "level"),
    [
        # Longer than one round of three tries: three rounds, the last one good.
        (StoreUnavailable("PostgreSQL: connection refused"), 7, 8, "unreachable", "warning"),
        # A schema not migrated yet, a read-only primary after a failover: not
        # retried within a round (not transient), one try then a pause. Acking
        # the batch would lose its events; holding it back shows as lag.
        (RuntimeError('column "raw_headers" does not exist'), 2, 3, "failing", "error"),
    ],
)
async def test_a_failing_ledger_is_waited_out_and_nothing_is_lost(
    wiring, record, monkeypatch, error, failures, calls, cause, level
) -> None:
    admit, tries, pauses = wiring.ledger.admit, [], []

    async def failing_for_a_while(arrivals):  # type: ignore[no-untyped-def]
        tries.append(len(arrivals))
        if len(tries) <= failures:
            raise error
        return await admit(arrivals)

    async def trial() -> None:  # the whole ledger fails: a made-up event too
        if len(tries) <= failures:
            raise error

    async def pause(seconds: float) -> None:
        pauses.append(seconds)

    monkeypatch.setattr(wiring.ledger, "admit", failing_for_a_while)
    monkeypatch.setattr(wiring.ledger, "try_admission", trial)
    intake = make_intake(
        wiring.ledger,
        wiring.sink,
        wiring.finisher,
        store_attempts=3,
        sleep=pause,
        metrics=wiring.metrics,
    )
    with capture_logs() as logs:
        outcomes = await intake.handle_batch(
            [record(request_id=30), record(raw=b"{not json"), record(request_id=31)]
        )
    assert outcomes == [
        IntakeOutcome.FORWARDED,
        IntakeOutcome.DEAD_LETTERED,
        IntakeOutcome.FORWARDED,
    ]
    assert tries == [2] * calls and len(pauses) == failures
    waits = [line for line in logs if line["event"] == f"intake.ledger_{cause}"]
    assert [line["log_level"] for line in waits] == [level, level]
    assert type(error).__name__ in waits[0]["error"]
    if cause == "failing":  # where the held events are, for the runbook
        assert waits[0]["positions"] == [(0, 0), (0, 2)]
        assert waits[0]["records_others"] is False
    assert wiring.metrics.value("idp_intake_ledger_waits_total", cause=cause) == 2
    assert [key for key, _, _ in wiring.sink.on("read")] == [b"30", b"31"]
    [(_, value, _)] = wiring.sink.on("dlq")  # dead-lettered once, not once a round
    assert value == b"{not json"


def _failing_with(error, admit, request_id: int, calls: list[list[int]], rounds: int = 10**6):  # type: ignore[no-untyped-def]
    """``admit`` raising ``error`` for every statement that holds ``request_id``
    (for its first ``rounds`` such statements); each statement's ids go to ``calls``."""

    async def failing(arrivals):  # type: ignore[no-untyped-def]
        ids = [a.event.request_id for a in arrivals]
        calls.append(ids)
        if request_id in ids and sum(request_id in c for c in calls) <= rounds:
            raise error
        return await admit(arrivals)

    return failing


def _refusing(admit, request_id: int, calls: list[list[int]]):  # type: ignore[no-untyped-def]
    """``admit`` refusing every statement that holds ``request_id``, as PostgreSQL
    refuses a whole statement for one value it cannot hold."""
    refused = StoreRefused("PostgreSQL refused a value (SQLSTATE 22P05)", sqlstate="22P05")
    return _failing_with(refused, admit, request_id, calls)


async def test_a_value_the_ledger_refuses_fails_its_event_only(wiring, record, monkeypatch) -> None:
    calls: list[list[int]] = []
    monkeypatch.setattr(wiring.ledger, "admit", _refusing(wiring.ledger.admit, 41, calls))
    batch = [
        record(request_id=40),
        record(request_id=41),
        record(raw=b"{not json"),
        record(request_id=42),
        record(request_id=40),
    ]
    outcomes = await wiring.intake.handle_batch(batch)
    assert outcomes == [
        IntakeOutcome.FORWARDED,
        IntakeOutcome.DEAD_LETTERED,
        IntakeOutcome.DEAD_LETTERED,
        IntakeOutcome.FORWARDED,
        IntakeOutcome.IN_FLIGHT,
    ]
    # The batch once, then each event alone; a refusal is not retried.
    assert calls == [[40, 41, 42, 40], [40], [41], [42], [40]]
    forwarded = [StageTask.model_validate_json(v).request_id for _, v, _ in wiring.sink.on("read")]
    assert sorted(forwarded) == [40, 42]
    letters = {value: dict(headers) for _, value, headers in wiring.sink.on("dlq")}
    assert set(letters) == {batch[1].value, b"{not json"}
    refused = letters[batch[1].value]
    assert refused["dlq.reason"] == b"INVALID_EVENT"
    assert (
        b"22P05" in refused["dlq.error"]
        and EVENT["first_name"].encode() not in refused["dlq.error"]
    )
    [(key, value, _)] = await wiring.verdicts()
    result = VerificationResult.model_validate_json(value)
    assert key == b"41" and result.status is Status.REJECTED
    assert result.errors[0].code is ErrorCode.INVALID_EVENT
    assert (await wiring.ledger.get(41)).status == "rejected"
    assert (await wiring.ledger.get(40)).duplicates == 1


async def test_a_refused_event_alone_is_dead_lettered_at_once(wiring, record, monkeypatch) -> None:
    calls: list[list[int]] = []
    monkeypatch.setattr(wiring.ledger, "admit", _refusing(wiring.ledger.admit, 43, calls))
    assert await wiring.intake.handle(record(request_id=43)) is IntakeOutcome.DEAD_LETTERED
    assert calls == [[43]]
    assert wiring.sink.on("read") == []
    assert (await wiring.ledger.get(43)).status == "rejected"


def _failing_on(admit, request_id: int, calls: list[list[int]], rounds: int = 10**6):  # type: ignore[no-untyped-def]
    """``admit`` failing every statement that holds ``request_id`` (for its first
    ``rounds`` tries), as a bug keyed to one event would: not a refusal of a value,
    and the ledger records every other event meanwhile."""
    error = RuntimeError(f"trigger failed for {request_id}")
    return _failing_with(error, admit, request_id, calls, rounds)


async def test_an_event_the_ledger_fails_alone_is_dead_lettered_and_the_rest_go_on(
    wiring, record, monkeypatch
) -> None:
    calls: list[list[int]] = []
    pauses: list[float] = []

    async def pause(seconds: float) -> None:
        pauses.append(seconds)

    monkeypatch.setattr(wiring.ledger, "admit", _failing_on(wiring.ledger.admit, 51, calls))
    intake = make_intake(
        wiring.ledger, wiring.sink, wiring.finisher, sleep=pause, metrics=wiring.metrics
    )
    batch = [record(request_id=50), record(request_id=51), record(raw=b"{not json")]
    batch.append(record(request_id=52))
    with capture_logs() as logs:
        outcomes = await intake.handle_batch(batch)
    assert outcomes == [
        IntakeOutcome.FORWARDED,
        IntakeOutcome.DEAD_LETTERED,
        IntakeOutcome.DEAD_LETTERED,
        IntakeOutcome.FORWARDED,
    ]
    # The batch once, then event by event; the one at fault for three rounds.
    assert calls == [[50, 51, 52], [50], [51], [51], [51], [52]]
    assert pauses == [5.0, 5.0]
    forwarded = [StageTask.model_validate_json(v).request_id for _, v, _ in wiring.sink.on("read")]
    assert forwarded == [50, 52]
    letters = {value: dict(headers) for _, value, headers in wiring.sink.on("dlq")}
    given_up = letters[batch[1].value]
    assert given_up["dlq.reason"] == b"MAX_ATTEMPTS" and given_up["dlq.attempts"] == b"3"
    assert b"RuntimeError" in given_up["dlq.error"]
    # No result: the ledger could not hold one either; replayed, it is taken in anew.
    assert await wiring.verdicts() == [] and await wiring.ledger.get(51) is None
    events = [line["event"] for line in logs]
    assert events.count("intake.batch_at_fault") == 1
    failing = [line for line in logs if line["event"] == "intake.ledger_failing"]
    assert [line["records_others"] for line in failing] == [True, True]
    [at_fault] = [line for line in logs if line["event"] == "intake.event_at_fault"]
    assert at_fault["request_id"] == 51 and at_fault["offset"] == 1
    assert wiring.metrics.value("idp_dlq_total", reason="MAX_ATTEMPTS") == 1


async def test_an_event_failing_for_fewer_rounds_than_that_is_recorded(
    wiring, record, monkeypatch
) -> None:
    calls: list[list[int]] = []

    async def pause(seconds: float) -> None:
        pass

    monkeypatch.setattr(wiring.ledger, "admit", _failing_on(wiring.ledger.admit, 53, calls, 2))
    intake = make_intake(wiring.ledger, wiring.sink, wiring.finisher, sleep=pause)
    assert await intake.handle(record(request_id=53)) is IntakeOutcome.FORWARDED
    assert calls == [[53]] * 3
    assert wiring.sink.on("dlq") == []
