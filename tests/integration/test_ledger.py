"""The PostgreSQL ledger's rules, on the real server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from uuid import uuid4

import asyncpg
import pytest

from schemas import LoanDelayEvent, Status, VerificationResult
from sinks import (
    AdmissionKind,
    Arrival,
    PostgresLedger,
    RawMessage,
    SourcePosition,
    StoreRefused,
)
from sinks.migrate import apply_migrations, bundled_migrations
from stream.settings import Settings
from stream.submit import new_request_id

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 20, 5, 0, tzinfo=UTC)


@pytest.fixture
async def ledger(settings: Settings) -> AsyncIterator[PostgresLedger]:
    assert settings.database_url is not None
    store = await PostgresLedger.connect(settings.database_url.get_secret_value())
    yield store
    await store.close()


def _event() -> LoanDelayEvent:
    return LoanDelayEvent(
        request_id=new_request_id(),
        s3_path="s3://loan-docs/Приказ.pdf",
        iin="960125445005",
        first_name="Айгерим",
        last_name="Жармаганбет",
    )


def _result(event: LoanDelayEvent, run_id, status=Status.COMPLETED, verdict=True):
    return VerificationResult(
        request_id=event.request_id, run_id=run_id, status=status, verdict=verdict, processed_at=NOW
    )


async def test_admit_then_repeats(ledger: PostgresLedger) -> None:
    event, run_id = _event(), uuid4()
    source = SourcePosition("dl-loan-delay", 1, 42)
    raw = RawMessage(
        key=b"1", value=b'{"x": 1}', headers=(("traceparent", b"00-a"),), timestamp_ms=5
    )
    [first] = await ledger.admit(
        [Arrival(event, run_id=run_id, reference_time=NOW, source=source, raw=raw)]
    )
    [again] = await ledger.admit(
        [Arrival(event, run_id=uuid4(), reference_time=NOW, source=source)]
    )
    assert first.kind is AdmissionKind.NEW and first.run_id == run_id
    assert again.kind is AdmissionKind.IN_FLIGHT and again.run_id == run_id
    assert await ledger.decide(_result(event, run_id))
    [late] = await ledger.admit([Arrival(event, run_id=uuid4(), reference_time=NOW, source=source)])
    assert late.kind is AdmissionKind.DUPLICATE and late.status == "completed"
    entry = await ledger.get(event.request_id)
    assert entry is not None
    assert entry.duplicates == 2 and entry.source == source
    assert entry.event["last_name"] == "Жармаганбет"
    assert entry.raw == raw


async def test_exactly_one_decision_under_a_race(ledger: PostgresLedger) -> None:
    event, run_id = _event(), uuid4()
    await ledger.admit([Arrival(event, run_id=run_id, reference_time=NOW, source=None)])
    outcomes = await asyncio.gather(*(ledger.decide(_result(event, run_id)) for _ in range(8)))
    assert sorted(outcomes) == [False] * 7 + [True]
    assert not await ledger.decide(_result(event, uuid4()))  # another run can never decide


async def test_advance_only_while_open(ledger: PostgresLedger) -> None:
    event, run_id = _event(), uuid4()
    await ledger.admit([Arrival(event, run_id=run_id, reference_time=NOW, source=None)])
    assert await ledger.claim(event.request_id, run_id, owner="w", lease_s=30) == 1
    assert await ledger.advance(event.request_id, run_id, "processing")
    assert not await ledger.advance(event.request_id, uuid4(), "processing")
    assert await ledger.decide(_result(event, run_id, Status.FAILED, None))
    assert not await ledger.advance(event.request_id, run_id, "processing")
    entry = await ledger.get(event.request_id)
    assert entry is not None and entry.status == "failed" and entry.attempts == 1


async def test_reject_only_unknown_requests(ledger: PostgresLedger) -> None:
    from sinks.outbox import OutboxMessage

    event = _event()
    rejected = _result(event, uuid4(), Status.REJECTED, None)
    messages = (
        OutboxMessage("message", b"result", topic="verdicts", key=b"1"),
        OutboxMessage("callback", b"result", target="https://bank/"),
    )
    assert await ledger.reject(rejected, source=SourcePosition("in", 2, 9), outbox=messages)
    again = _result(event, uuid4(), Status.REJECTED, None)
    assert not await ledger.reject(again, source=None, outbox=messages)
    entry = await ledger.get(event.request_id)
    assert entry is not None and entry.status == "rejected" and entry.run_id == rejected.run_id
    assert entry.source == SourcePosition("in", 2, 9) and entry.duplicates == 1
    # Queued once, in order, for the run that was recorded.
    async with ledger.connection() as conn:
        rows = await conn.fetch(
            "SELECT run_id, kind, topic FROM outbox WHERE request_id = $1 ORDER BY id",
            event.request_id,
        )
    assert [(r["run_id"], r["kind"], r["topic"]) for r in rows] == [
        (rejected.run_id, "message", "verdicts"),
        (rejected.run_id, "callback", None),
    ]


async def test_migrations_apply_once(ledger: PostgresLedger) -> None:
    async with ledger.connection() as conn:
        assert await apply_migrations(conn) == []
        versions = [r["version"] for r in await conn.fetch("SELECT version FROM schema_migrations")]
    assert versions == [m.version for m in bundled_migrations()]


async def test_leases_guard_the_work_and_the_decision(ledger: PostgresLedger) -> None:
    event, run_id = _event(), uuid4()
    await ledger.admit([Arrival(event, run_id=run_id, reference_time=NOW, source=None)])
    assert await ledger.claim(event.request_id, run_id, owner="w1", lease_s=30) == 1
    assert await ledger.claim(event.request_id, run_id, owner="w2", lease_s=30) is None
    assert await ledger.renew(event.request_id, run_id, owner="w1", lease_s=30)
    assert not await ledger.renew(event.request_id, run_id, owner="w2", lease_s=30)
    # A worker whose lease is gone cannot decide.
    assert not await ledger.decide(_result(event, run_id), owner="w2")
    await ledger.release(event.request_id, run_id, owner="w1")
    taken = await ledger.take_expired(stale_after_s=60, limit=1000)
    assert event.request_id in {e.request_id for e in taken}
    assert event.request_id not in {
        e.request_id for e in await ledger.take_expired(stale_after_s=60, limit=1000)
    }  # handed back once, not on every sweep
    entry = await ledger.get(event.request_id)
    assert entry is not None and entry.lease_owner is None and entry.resumed == 1
    assert entry.reference_time == NOW
    assert await ledger.claim(event.request_id, run_id, owner="w3", lease_s=30) == 2
    assert await ledger.decide(_result(event, run_id), owner="w3")


async def test_decision_and_outbox_rows_commit_together(ledger: PostgresLedger) -> None:
    from sinks.outbox import OutboxMessage
    from sinks.postgres_outbox import PostgresOutbox

    event, run_id = _event(), uuid4()
    await ledger.admit([Arrival(event, run_id=run_id, reference_time=NOW, source=None)])
    messages = (
        OutboxMessage("message", b'{"verdict": true}', topic="verdicts", key=b"1",
                      headers=(("traceparent", b"00-ab"),)),
        OutboxMessage("callback", b'{"verdict": true}'),
    )  # fmt: skip
    assert await ledger.decide(_result(event, run_id), outbox=messages)
    assert not await ledger.decide(_result(event, run_id), outbox=messages)  # no second copy
    outbox = PostgresOutbox(ledger)
    mine = [m for m in await outbox.due(limit=1000) if m.request_id == event.request_id]
    assert [m.message for m in mine] == list(messages)
    assert [m for m in await outbox.due(limit=1000) if m.request_id == event.request_id] == []
    await outbox.mark_sent([mine[0].id])
    await outbox.give_up(mine[1].id, error="410 Gone")
    async with ledger.connection() as conn:
        rows = await conn.fetch(
            "SELECT sent_at, given_up_at, last_error FROM outbox WHERE request_id = $1 ORDER BY id",
            event.request_id,
        )
    assert rows[0]["sent_at"] is not None and rows[1]["given_up_at"] is not None
    assert rows[1]["last_error"] == "410 Gone"


async def test_a_refused_decision_queues_nothing_and_rows_keep_their_order(
    ledger: PostgresLedger,
) -> None:
    from sinks.outbox import OutboxMessage

    event, run_id = _event(), uuid4()
    await ledger.admit([Arrival(event, run_id=run_id, reference_time=NOW, source=None)])
    assert await ledger.claim(event.request_id, run_id, owner="w1", lease_s=30) == 1
    messages = tuple(
        OutboxMessage("message", f"m{i}".encode(), topic=f"t{i}", key=None)
        if i % 2
        else OutboxMessage("callback", f"c{i}".encode(), target=f"https://h{i}/",
                           target_refused=None if i else "not allowed")
        for i in range(7)
    )  # fmt: skip

    async def queued() -> list[OutboxMessage]:
        async with ledger.connection() as conn:
            rows = await conn.fetch(
                "SELECT kind, topic, key, payload, headers, target, target_refused"
                " FROM outbox WHERE request_id = $1 ORDER BY id",
                event.request_id,
            )
        return [
            OutboxMessage(r["kind"], r["payload"], topic=r["topic"], key=r["key"],
                          target=r["target"], target_refused=r["target_refused"])
            for r in rows
        ]  # fmt: skip

    assert not await ledger.decide(_result(event, run_id), outbox=messages, owner="w2")
    assert await queued() == []
    assert (await ledger.get(event.request_id)).status == "downloading"  # type: ignore[union-attr]
    assert await ledger.decide(_result(event, run_id), outbox=messages, owner="w1")
    assert await queued() == list(messages)
    assert (await ledger.get(event.request_id)).status == "completed"  # type: ignore[union-attr]


async def test_a_batch_is_admitted_in_order_with_its_own_repeats(ledger: PostgresLedger) -> None:
    first, second, decided = _event(), _event(), _event()
    decided_run = uuid4()
    await ledger.admit([Arrival(decided, run_id=decided_run, reference_time=NOW)])
    assert await ledger.decide(_result(decided, decided_run))
    batch = [
        Arrival(event, run_id=uuid4(), reference_time=NOW, source=SourcePosition("in", 0, n))
        for n, event in enumerate([second, first, second, decided, first])
    ]
    admissions = await ledger.admit(batch)
    assert [a.kind for a in admissions] == [
        AdmissionKind.NEW,
        AdmissionKind.NEW,
        AdmissionKind.IN_FLIGHT,
        AdmissionKind.DUPLICATE,
        AdmissionKind.IN_FLIGHT,
    ]
    # A repeat reports the run its first delivery started, whatever order the ids sort in.
    assert [a.run_id for a in admissions] == [
        batch[0].run_id,
        batch[1].run_id,
        batch[0].run_id,
        decided_run,
        batch[1].run_id,
    ]
    stored = {e.request_id: await ledger.get(e.request_id) for e in (first, second, decided)}
    assert stored[second.request_id].source == SourcePosition("in", 0, 0)
    assert stored[first.request_id].source == SourcePosition("in", 0, 1)
    assert [stored[e.request_id].duplicates for e in (first, second, decided)] == [1, 1, 1]


async def test_batches_sharing_requests_at_once_admit_each_once(ledger: PostgresLedger) -> None:
    # Ids of their own: new_request_id() repeats within a millisecond now and then.
    base = new_request_id() * 1000
    events = [_event().model_copy(update={"request_id": base + n}) for n in range(1000)]

    def batch(order: list[LoanDelayEvent]) -> list[Arrival]:
        return [Arrival(event, run_id=uuid4(), reference_time=NOW) for event in order]

    # Opposite orders: without a lock order the two statements would deadlock.
    admitted = await asyncio.gather(
        *(ledger.admit(batch(events if n % 2 else events[::-1])) for n in range(6))
    )
    for position, event in enumerate(events):
        kinds = [
            admissions[position if n % 2 else len(events) - 1 - position].kind
            for n, admissions in enumerate(admitted)
        ]
        assert kinds.count(AdmissionKind.NEW) == 1, event.request_id
        entry = await ledger.get(event.request_id)
        assert entry is not None and entry.duplicates == 5


async def test_a_binary_header_with_a_nul_is_recorded_with_its_batch(
    ledger: PostgresLedger,
) -> None:
    # JSONB refuses \u0000: stored as the raw bytes were, such a header failed the
    # statement, and with it every event batched beside it.
    binary, plain = _event(), _event()
    raw = RawMessage(
        key=b"1", value=b"{}", headers=(("trace-bin", b"\x00\x01\xff"),), timestamp_ms=5
    )
    admitted = await ledger.admit(
        [
            Arrival(binary, run_id=uuid4(), reference_time=NOW, raw=raw),
            Arrival(plain, run_id=uuid4(), reference_time=NOW),
        ]
    )
    assert [a.kind for a in admitted] == [AdmissionKind.NEW, AdmissionKind.NEW]
    entry = await ledger.get(binary.request_id)
    assert entry is not None and entry.raw == raw


async def test_a_value_postgresql_cannot_hold_is_refused_not_unavailable(
    ledger: PostgresLedger,
) -> None:
    # Validation keeps such values out of events; should one get past it, the
    # intake must be able to tell it from an outage (waited out) and find it.
    good = _event()
    bad = _event().model_copy(update={"first_name": "Ай\x00гүл"})
    arrivals = [
        Arrival(good, run_id=uuid4(), reference_time=NOW),
        Arrival(bad, run_id=uuid4(), reference_time=NOW),
    ]
    with pytest.raises(StoreRefused) as refused:
        await ledger.admit(arrivals)
    assert refused.value.retriable is False
    assert refused.value.sqlstate.startswith("22")
    assert "Ай" not in str(refused.value)  # the value stays out of the message
    assert await ledger.get(good.request_id) is None  # one statement, refused whole
    [admitted] = await ledger.admit(arrivals[:1])
    assert admitted.kind is AdmissionKind.NEW


async def test_a_trial_admission_leaves_nothing_and_fails_as_admit_would(
    ledger: PostgresLedger,
) -> None:
    await ledger.try_admission()
    assert await ledger.get(2**63 - 1) is None  # undone
    # A ledger that records no event at all (here a check constraint every new
    # request fails) fails the trial too: the intake then waits, dead-letters nothing.
    await ledger.run(
        lambda conn: conn.execute(
            "ALTER TABLE requests ADD CONSTRAINT refuse_all CHECK (request_id < 0) NOT VALID"
        )
    )
    try:
        with pytest.raises(asyncpg.CheckViolationError):
            await ledger.try_admission()
    finally:
        await ledger.run(
            lambda conn: conn.execute("ALTER TABLE requests DROP CONSTRAINT refuse_all")
        )
    assert await ledger.get(2**63 - 1) is None
