"""The outbox relay over the in-memory outbox, a recording sink and a scripted target."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import httpx

from schemas import Status, VerificationResult
from sinks import Arrival, CallbackSender, MemoryLedger, PublishFailed, RecordingSink
from sinks.outbox import OutboxMessage
from sinks.relay import OutboxRelay, RelayPolicy


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 20, 5, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class FlakySink(RecordingSink):
    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures

    async def send(self, topic, *, key, value, headers=()):  # type: ignore[no-untyped-def]
        if self.failures:
            self.failures -= 1
            raise PublishFailed("broker not available")
        await super().send(topic, key=key, value=value, headers=headers)


def _result(request_id: int = 7) -> VerificationResult:
    return VerificationResult(
        request_id=request_id, run_id=uuid4(), status=Status.COMPLETED, verdict=True,
        processed_at=datetime(2026, 11, 20, tzinfo=UTC),
    )  # fmt: skip


async def _decided(
    ledger: MemoryLedger, *messages: OutboxMessage, request_id: int = 7
) -> VerificationResult:
    from schemas import LoanDelayEvent

    result = _result(request_id)
    event = LoanDelayEvent(
        request_id=request_id, s3_path="a.pdf", iin="960125445005", first_name="А", last_name="Б"
    )
    await ledger.admit(
        [Arrival(event, run_id=result.run_id, reference_time=ledger._clock(), source=None)]
    )
    assert await ledger.decide(result, outbox=messages)
    return result


def _callbacks(*responses: httpx.Response) -> tuple[CallbackSender, list[httpx.Request]]:
    seen: list[httpx.Request] = []
    script = list(responses)

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return script.pop(0)

    client = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    return CallbackSender("https://bank.example/cb", b"secret", client=client), seen


async def test_messages_are_sent_once_and_marked() -> None:
    clock = Clock()
    ledger = MemoryLedger(clock=clock)
    sink = RecordingSink()
    result = await _decided(
        ledger, OutboxMessage("message", result_bytes := b'{"r": 1}', topic="verdicts", key=b"7")
    )
    relay = OutboxRelay(outbox=ledger.outbox, sink=sink, callbacks=None)
    assert await relay.relay_once() == 1
    assert await relay.relay_once() == 0
    assert sink.on("verdicts") == [(b"7", result_bytes, [])]
    assert ledger.outbox.unsent() == []
    assert result.request_id == 7


async def test_broker_down_is_retried_later_with_backoff() -> None:
    clock = Clock()
    ledger = MemoryLedger(clock=clock)
    sink = FlakySink(failures=1)
    await _decided(ledger, OutboxMessage("message", b"x", topic="verdicts", key=b"7"))
    relay = OutboxRelay(outbox=ledger.outbox, sink=sink, callbacks=None, jitter=lambda: 1.0)
    await relay.relay_once()
    assert sink.on("verdicts") == [] and len(ledger.outbox.unsent()) == 1
    assert await relay.relay_once() == 0  # not due yet
    clock.advance(1.0)
    await relay.relay_once()
    assert len(sink.on("verdicts")) == 1 and ledger.outbox.unsent() == []


async def test_callback_retried_honouring_retry_after_then_delivered() -> None:
    clock = Clock()
    ledger = MemoryLedger(clock=clock)
    callbacks, seen = _callbacks(
        httpx.Response(503, headers={"Retry-After": "20"}), httpx.Response(200)
    )
    result = await _decided(ledger, OutboxMessage("callback", b"{}"))
    relay = OutboxRelay(outbox=ledger.outbox, sink=RecordingSink(), callbacks=callbacks)
    await relay.relay_once()
    clock.advance(19)
    assert await relay.relay_once() == 0
    clock.advance(1)
    await relay.relay_once()
    assert len(seen) == 2 and ledger.outbox.unsent() == []
    assert seen[1].headers["Idempotency-Key"] == f"7:{result.run_id}"


async def test_a_receivers_wish_longer_than_our_longest_backoff_is_capped() -> None:
    # "Retry-After: 31536000" (a year) must not park the callback for a year.
    clock = Clock()
    ledger = MemoryLedger(clock=clock)
    callbacks, seen = _callbacks(
        httpx.Response(503, headers={"Retry-After": "31536000"}), httpx.Response(200)
    )
    await _decided(ledger, OutboxMessage("callback", b"{}"))
    relay = OutboxRelay(
        outbox=ledger.outbox, sink=RecordingSink(), callbacks=callbacks,
        policy=RelayPolicy(backoff_max_s=300.0),
    )  # fmt: skip
    await relay.relay_once()
    clock.advance(299)
    assert await relay.relay_once() == 0
    clock.advance(1)
    await relay.relay_once()
    assert len(seen) == 2 and ledger.outbox.unsent() == []


async def test_refused_callback_goes_to_the_callback_dlq() -> None:
    clock = Clock()
    ledger = MemoryLedger(clock=clock)
    sink = RecordingSink()
    callbacks, seen = _callbacks(httpx.Response(410))
    await _decided(ledger, OutboxMessage("callback", b'{"r": 1}'))
    relay = OutboxRelay(
        outbox=ledger.outbox, sink=sink, callbacks=callbacks,
        policy=RelayPolicy(callback_dlq_topic="cb-dlq"),
    )  # fmt: skip
    await relay.relay_once()
    [(key, value, headers)] = sink.on("cb-dlq")
    assert key == b"7" and value == b'{"r": 1}'
    assert dict(headers)["dlq.reason"] == b"CALLBACK_UNDELIVERED"
    row = next(iter(ledger.outbox.rows.values()))
    assert row["given_up_at"] is not None and "410" in row["last_error"]
    assert len(seen) == 1


async def test_callback_gives_up_after_max_attempts() -> None:
    clock = Clock()
    ledger = MemoryLedger(clock=clock)
    sink = RecordingSink()
    callbacks, seen = _callbacks(*[httpx.Response(500)] * 3)
    await _decided(ledger, OutboxMessage("callback", b"{}"))
    relay = OutboxRelay(
        outbox=ledger.outbox, sink=sink, callbacks=callbacks,
        policy=RelayPolicy(callback_max_attempts=3, callback_dlq_topic="cb-dlq"),
    )  # fmt: skip
    for _ in range(3):
        await relay.relay_once()
        clock.advance(600)
    assert len(seen) == 3
    assert dict(sink.on("cb-dlq")[0][2])["dlq.attempts"] == b"3"


async def test_a_relay_without_a_target_leaves_callbacks_alone() -> None:
    ledger = MemoryLedger(clock=Clock())
    sink = RecordingSink()
    await _decided(
        ledger,
        OutboxMessage("message", b"r", topic="verdicts", key=b"7"),
        OutboxMessage("callback", b"r"),
    )
    relay = OutboxRelay(outbox=ledger.outbox, sink=sink, callbacks=None)
    assert await relay.relay_once() == 1
    assert [m.kind for m in ledger.outbox.unsent()] == ["callback"]
    assert sink.on("dl-loan-delay-callbacks-dlq") == []


async def test_a_batch_is_marked_sent_in_one_call_without_the_rows_that_failed() -> None:
    clock = Clock()
    ledger = MemoryLedger(clock=clock)
    for request_id in (7, 8, 9):
        message = OutboxMessage("message", b"x", topic="verdicts", key=str(request_id).encode())
        await _decided(ledger, message, request_id=request_id)
    calls: list[list[int]] = []
    mark_sent = ledger.outbox.mark_sent

    async def recording(message_ids):  # type: ignore[no-untyped-def]
        calls.append(list(message_ids))
        await mark_sent(message_ids)

    ledger.outbox.mark_sent = recording  # type: ignore[method-assign]
    relay = OutboxRelay(outbox=ledger.outbox, sink=FlakySink(failures=1), callbacks=None)
    assert await relay.relay_once() == 3
    # The row the broker refused waits for its retry, outside the marked batch.
    assert len(calls) == 1 and len(calls[0]) == 2
    assert len(ledger.outbox.unsent()) == 1


async def test_a_decision_committed_during_a_pass_is_relayed_without_waiting_for_the_poll() -> None:
    import asyncio

    ledger = MemoryLedger()
    sink = RecordingSink()
    await _decided(ledger, OutboxMessage("message", b"first", topic="verdicts", key=b"7"))
    # An hour between polls: only a wake-up can get the second result out.
    relay = OutboxRelay(
        outbox=ledger.outbox, sink=sink, callbacks=None, policy=RelayPolicy(poll_s=3600)
    )
    due = ledger.outbox.due
    passes = 0

    async def due_then_a_decision(**kwargs):  # type: ignore[no-untyped-def]
        nonlocal passes
        passes += 1
        rows = await due(**kwargs)
        if passes == 1:  # decided after this pass read its rows, before it ends
            await _decided(
                ledger,
                OutboxMessage("message", b"second", topic="verdicts", key=b"8"),
                request_id=8,
            )
            relay.wake()
        return rows

    ledger.outbox.due = due_then_a_decision  # type: ignore[method-assign]
    running = asyncio.create_task(relay.run())
    try:
        for _ in range(1000):
            if len(sink.on("verdicts")) == 2:
                break
            await asyncio.sleep(0)
    finally:
        running.cancel()
    assert [value for _, value, _ in sink.on("verdicts")] == [b"first", b"second"]
    assert passes >= 2
