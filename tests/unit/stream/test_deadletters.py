from __future__ import annotations

from datetime import UTC, datetime

from sinks import RecordingSink
from stream.deadletters import DeadLetterRecord, replay, select


def _record(offset: int, reason: str, failed_at: str) -> DeadLetterRecord:
    return DeadLetterRecord(
        partition=1,
        offset=offset,
        key=b"42",
        value=b'{"request_id": 42}',
        headers=(
            ("traceparent", b"00-ab"),
            ("dlq.reason", reason.encode()),
            ("dlq.failed_at", failed_at.encode()),
        ),
    )


RECORDS = [
    _record(0, "INVALID_JSON", "2026-11-01T00:00:00+00:00"),
    _record(1, "MAX_ATTEMPTS", "2026-11-10T00:00:00+00:00"),
    _record(2, "MAX_ATTEMPTS", "2026-11-20T00:00:00+00:00"),
]


def test_select_by_reason_and_time() -> None:
    assert [r.offset for r in select(RECORDS, reason="MAX_ATTEMPTS")] == [1, 2]
    since = datetime(2026, 11, 5, tzinfo=UTC)
    assert [r.offset for r in select(RECORDS, since=since)] == [1, 2]
    assert [
        r.offset
        for r in select(RECORDS, reason="MAX_ATTEMPTS", since=datetime(2026, 11, 15, tzinfo=UTC))
    ] == [2]
    assert select(RECORDS, reason="INVALID_EVENT") == []


async def test_replay_puts_back_the_original_message() -> None:
    sink = RecordingSink()
    assert await replay(RECORDS[1:2], sink=sink, input_topic="in", dlq_topic="dlq") == 1
    [(key, value, headers)] = sink.on("in")
    assert key == b"42" and value == b'{"request_id": 42}'
    assert headers == [
        ("traceparent", b"00-ab"),
        ("replay.from", b"dlq:1:1"),
        ("replay.reopen", b"1"),
    ]


async def test_a_max_attempts_letter_is_replayed_to_reopen_its_request() -> None:
    sink = RecordingSink()
    again = DeadLetterRecord(
        partition=0,
        offset=9,
        key=b"42",
        value=b"{}",
        # A letter of a request that was itself replayed once: the stale replay.* go.
        headers=(
            ("replay.from", b"dlq:1:1"),
            ("replay.reopen", b"1"),
            ("dlq.reason", b"MAX_ATTEMPTS"),
        ),
    )
    await replay([RECORDS[0], again], sink=sink, input_topic="in", dlq_topic="dlq")
    [(_, _, invalid), (_, _, reopening)] = sink.on("in")
    assert ("replay.reopen", b"1") not in invalid
    assert reopening == [("replay.from", b"dlq:0:9"), ("replay.reopen", b"1")]
    assert [r.reopens for r in RECORDS] == [False, True, True]
