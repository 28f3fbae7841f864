from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest

from sinks import DeadLetterPublisher, MemoryLedger, MessageSink, RecordingSink
from sinks.relay import OutboxRelay
from stream.attempts import AttemptPolicy, Attempts
from stream.finisher import Finisher
from stream.intake import IntakePolicy, IntakeStage
from stream.metrics import Metrics
from stream.records import InputRecord

NOW = datetime(2026, 11, 20, 5, 0, 0, tzinfo=UTC)

EVENT: dict[str, Any] = {
    "request_id": 1234567,
    "s3_path": "s3://loan-docs/2026/11/Приказ - Жармағанбет.pdf",
    "iin": "960125445005",
    "first_name": "Айгерим",
    "last_name": "Жармаганбет",
    "second_name": "Сериккызы",
    "reason": "maternity_leave",
    "created_at": "2026-11-20T10:00:00+05:00",
}


def make_intake(
    ledger: MemoryLedger, sink: MessageSink, finisher: Finisher, **seams: Any
) -> IntakeStage:
    """The intake stage at ``NOW``, forwarding and dead-lettering to ``sink``."""
    return IntakeStage(
        policy=IntakePolicy(
            read_topic="read",
            consumer_group="nohd_MSB",
            default_bucket="loan-docs",
            allowed_buckets={"loan-docs"},
        ),
        ledger=ledger,
        forward=sink,
        dead_letters=DeadLetterPublisher(sink, "dlq"),
        finisher=finisher,
        clock=lambda: NOW,
        **seams,
    )


def make_attempts(
    ledger: MemoryLedger, sink: MessageSink, finisher: Finisher, *, max_attempts: int, **seams: Any
) -> Attempts:
    """The attempt counter at ``NOW``, sending retries and dead letters to ``sink``."""
    return Attempts(
        policy=AttemptPolicy(
            max_attempts=max_attempts,
            retry_topic="retry",
            dlq_topic="dlq",
            consumer_group="nohd_MSB",
        ),
        ledger=ledger,
        forward=sink,
        finisher=finisher,
        clock=lambda: NOW,
        **seams,
    )


class Wiring:
    """The intake stage over in-memory fakes, with what it wrote kept for asserts."""

    def __init__(self) -> None:
        self.ledger = MemoryLedger()
        self.sink = RecordingSink()
        self.metrics = Metrics()
        self.finisher = Finisher(ledger=self.ledger, result_topic="verdicts", metrics=self.metrics)
        self.relay = OutboxRelay(outbox=self.ledger.outbox, sink=self.sink, callbacks=None)
        self.attempts = make_attempts(
            self.ledger, self.sink, self.finisher, max_attempts=2, jitter=lambda: 1.0
        )
        self.run_ids: list[UUID] = []
        self.intake = make_intake(
            self.ledger, self.sink, self.finisher, new_run_id=self._run_id, metrics=self.metrics
        )

    async def verdicts(self) -> list[tuple[bytes | None, bytes, list[tuple[str, bytes]]]]:
        """What reached the result topic once the outbox relay has run."""
        await self.relay.relay_once()
        return self.sink.on("verdicts")

    def _run_id(self) -> UUID:
        self.run_ids.append(uuid4())
        return self.run_ids[-1]


@pytest.fixture
def wiring() -> Wiring:
    return Wiring()


@pytest.fixture
def record() -> Callable[..., InputRecord]:
    offsets = iter(range(10**6))

    def make(value: Any = None, *, raw: bytes | None = None, **fields: Any) -> InputRecord:
        if raw is None:
            payload = dict(EVENT, **fields) if value is None else value
            raw = json.dumps(payload, ensure_ascii=False).encode()
        return InputRecord(
            topic="dl-loan-delay",
            partition=0,
            offset=next(offsets),
            key=b"1234567",
            value=raw,
            headers=[("traceparent", b"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")],
            timestamp_ms=1763600000000,
        )

    return make
