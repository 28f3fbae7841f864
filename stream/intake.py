"""Intake: decode, validate, record and dedupe each input event.

Bad input never stops the worker: it is dead-lettered with the reason, and
when a request id can be read a ``rejected`` result is published too.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import partial
from typing import Any
from uuid import UUID, uuid4

import structlog
from pydantic import ValidationError

from schemas import DeadLetter, DeadLetterReason, LoanDelayEvent, S3Location
from schemas.dlq import REOPEN_HEADER, REPLAY_FROM_HEADER
from schemas.stage import StageTask
from sinks import (
    Admission,
    AdmissionKind,
    Arrival,
    DeadLetterPublisher,
    Ledger,
    MessageSink,
    MessageTooLarge,
    RawMessage,
    SourcePosition,
    StoreRefused,
    request_key,
)

from . import results, tracing
from .finisher import Finisher
from .metrics import Metrics
from .records import InputRecord
from .retry import is_retriable, retry_transient

log = structlog.get_logger(__name__)

# Between rounds of retries while the ledger stays unreachable (a round is
# ``store_attempts`` tries with backoff, ~16 s with the default 8).
_LEDGER_ROUND_PAUSE_S = 5.0
# Rounds in a row in which the ledger fails one event alone while it records a
# made-up one: then the event itself is at fault (a bug keyed to it) and is
# dead-lettered, instead of holding its partition back until the code is mended.
_AT_FAULT_ROUNDS = 3


class IntakeOutcome(StrEnum):
    FORWARDED = "forwarded"
    DUPLICATE = "duplicate"
    IN_FLIGHT = "in_flight"
    DEAD_LETTERED = "dead_lettered"
    FAILED = "failed"
    """Forwarding or dead-lettering failed past its retries; logged. A recorded
    request stays open and the reaper forwards it again."""


class InvalidEvent(Exception):
    """The record is not a valid event, or not one the service can take in; says
    why, without personal data. ``attempts``: how often it was tried."""

    def __init__(
        self,
        reason: DeadLetterReason,
        problems: list[dict[str, str]],
        payload: Any = None,
        *,
        attempts: int = 1,
    ):
        super().__init__("; ".join(f"{p['field']}: {p['problem']}" for p in problems))
        self.reason = reason
        self.problems = problems
        self.payload = payload
        self.attempts = attempts


class _AtFault(Exception):
    """The ledger keeps failing these arrivals while it records others."""

    def __init__(self, cause: Exception, rounds: int) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.cause = cause
        self.rounds = rounds


@dataclass(frozen=True, slots=True)
class IntakePolicy:
    read_topic: str
    consumer_group: str
    default_bucket: str
    allowed_buckets: Collection[str]
    # Events are well under 4 KiB; a message above this is refused before decoding.
    max_event_bytes: int = 64 * 1024


def parse_event(value: bytes | None, policy: IntakePolicy) -> LoanDelayEvent:
    """The event in ``value``, or ``InvalidEvent`` saying why not."""
    if value is None:
        raise InvalidEvent(
            DeadLetterReason.INVALID_JSON, [{"field": "$", "problem": "empty message"}]
        )
    if len(value) > policy.max_event_bytes:
        problem = f"{len(value)} bytes, above the limit of {policy.max_event_bytes}"
        raise InvalidEvent(DeadLetterReason.EVENT_TOO_LARGE, [{"field": "$", "problem": problem}])
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidEvent(
            DeadLetterReason.INVALID_ENCODING, [{"field": "$", "problem": "not UTF-8"}]
        ) from None
    try:
        payload = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise InvalidEvent(
            DeadLetterReason.INVALID_JSON, [{"field": "$", "problem": "not JSON"}]
        ) from None
    if not isinstance(payload, dict):
        raise InvalidEvent(
            DeadLetterReason.INVALID_EVENT,
            [{"field": "$", "problem": "not a JSON object"}],
            payload,
        )
    try:
        event = LoanDelayEvent.model_validate(payload)
    except ValidationError as exc:
        # Field names and rule messages only: the input values are personal data.
        problems = [
            {"field": ".".join(str(p) for p in err["loc"]) or "$", "problem": err["msg"]}
            for err in exc.errors(include_url=False, include_input=False)
        ]
        raise InvalidEvent(DeadLetterReason.INVALID_EVENT, problems, payload) from None
    try:
        location = S3Location.parse(event.s3_path, default_bucket=policy.default_bucket)
    except ValueError as exc:
        raise InvalidEvent(
            DeadLetterReason.INVALID_EVENT, [{"field": "s3_path", "problem": str(exc)}], payload
        ) from None
    if location.bucket not in policy.allowed_buckets:
        raise InvalidEvent(
            DeadLetterReason.INVALID_EVENT,
            [{"field": "s3_path", "problem": "bucket is not allowed"}],
            payload,
        )
    return event


def _refused_event(event: LoanDelayEvent, refused: StoreRefused) -> InvalidEvent:
    """A valid event holding a value the ledger cannot store: invalid all the same,
    said without the value (PostgreSQL's own message may quote it)."""
    problem = f"holds a value the ledger cannot store (SQLSTATE {refused.sqlstate})"
    return InvalidEvent(
        DeadLetterReason.INVALID_EVENT,
        [{"field": "$", "problem": problem}],
        {"request_id": event.request_id},
    )


def _unrecordable_event(fault: _AtFault) -> InvalidEvent:
    """A valid event the ledger fails on while it records others: given up on
    (``MAX_ATTEMPTS``) without a result, which the ledger could not hold either;
    replayed once the ledger is mended, it is taken in as new."""
    problem = (
        f"the ledger failed to record it {fault.rounds} times while recording other "
        f"events ({type(fault.cause).__name__})"
    )
    return InvalidEvent(
        DeadLetterReason.MAX_ATTEMPTS, [{"field": "$", "problem": problem}], attempts=fault.rounds
    )


def _positions(arrivals: Sequence[Arrival]) -> list[tuple[int, int]]:
    """(partition, offset) of each arrival read from the input topic."""
    return [(a.source.partition, a.source.offset) for a in arrivals if a.source is not None]


def readable_request_id(payload: Any) -> int | None:
    """The request id of an invalid event, when it is itself valid."""
    if not isinstance(payload, dict):
        return None
    value = payload.get("request_id")
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and 0 < value < 2**63:
        return value
    return None


class IntakeStage:
    def __init__(
        self,
        *,
        policy: IntakePolicy,
        ledger: Ledger,
        forward: MessageSink,
        dead_letters: DeadLetterPublisher,
        finisher: Finisher,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        new_run_id: Callable[[], UUID] = uuid4,
        store_attempts: int = 8,
        metrics: Metrics | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._policy = policy
        self._ledger = ledger
        self._forward = forward
        self._dead_letters = dead_letters
        self._finisher = finisher
        self._clock = clock
        self._new_run_id = new_run_id
        self._store_attempts = store_attempts
        self._metrics = metrics or Metrics()
        self._sleep = sleep

    async def handle(self, record: InputRecord) -> IntakeOutcome:
        [outcome] = await self.handle_batch([record])
        return outcome

    async def handle_batch(self, records: Sequence[InputRecord]) -> list[IntakeOutcome]:
        """Each record's outcome, in order. The valid events are recorded in one
        ledger call (a repeat costs a share of one statement, not a round trip of
        its own); then each new one is forwarded under its own span, all at once.

        While the ledger is unreachable or failing this waits, retrying, however
        long it takes: the batch is not acked until its events are recorded, so
        an outage holds the intake back (Faust pauses fetching) and loses
        nothing. When the ledger refuses a value of the batch (``StoreRefused``),
        each event is recorded alone and only the refused one is dead-lettered
        as ``INVALID_EVENT``, with a ``rejected`` result."""
        self._metrics.event_consumed(len(records))
        started = time.perf_counter()
        try:
            return await self._handle_batch(records)
        finally:
            elapsed = time.perf_counter() - started
            for _ in records:
                self._metrics.stage_seconds("intake", elapsed)

    async def _handle_batch(self, records: Sequence[InputRecord]) -> list[IntakeOutcome]:
        outcomes: list[IntakeOutcome | None] = [None] * len(records)
        # Each record's own work, by its position: dead letters, forwards, reopens.
        work: dict[int, Callable[[], Awaitable[IntakeOutcome]]] = {}
        valid: list[tuple[int, InputRecord, LoanDelayEvent]] = []
        for position, record in enumerate(records):
            try:
                valid.append((position, record, parse_event(record.value, self._policy)))
            except InvalidEvent as invalid:
                work[position] = self._dead_letter_unit(record, invalid)

        now = self._clock()
        arrivals = [self._arrival(record, event, now) for _, record, event in valid]
        admissions = await self._admit([record for _, record, _ in valid], arrivals)
        repeats: dict[AdmissionKind, list[int]] = {}
        for (position, record, event), arrival, admission in zip(
            valid, arrivals, admissions, strict=True
        ):
            if isinstance(admission, StoreRefused):
                work[position] = self._dead_letter_unit(record, _refused_event(event, admission))
            elif isinstance(admission, _AtFault):
                log.error(
                    "intake.event_at_fault",
                    request_id=event.request_id,
                    partition=record.partition,
                    offset=record.offset,
                    rounds=admission.rounds,
                    error=str(admission),
                )
                work[position] = self._dead_letter_unit(record, _unrecordable_event(admission))
            elif admission.status == "failed" and record.header(REOPEN_HEADER) is not None:
                reopen = partial(self._reopen, record, event, admission)
                work[position] = partial(self._unit, record, reopen)
            elif admission.kind is AdmissionKind.NEW:
                accept = partial(
                    self._accept, record, event, arrival.run_id, arrival.reference_time
                )
                work[position] = partial(self._unit, record, accept)
            else:
                repeats.setdefault(admission.kind, []).append(event.request_id)
                outcomes[position] = IntakeOutcome(admission.kind.value)
        self._report_repeats(repeats)

        done = await asyncio.gather(*(own_work() for own_work in work.values()))
        for position, outcome in zip(work, done, strict=True):
            outcomes[position] = outcome
        return [outcome for outcome in outcomes if outcome is not None]

    async def _admit(
        self, records: Sequence[InputRecord], arrivals: Sequence[Arrival]
    ) -> list[Admission | StoreRefused | _AtFault]:
        """Each arrival's admission, or why the ledger would not record it."""
        if not arrivals:
            return []
        with tracing.batch_of_work("intake.admit", records):
            try:
                return list(await self._admit_waiting(arrivals))
            except (StoreRefused, _AtFault) as given_up:
                if len(arrivals) == 1:
                    return [given_up]
                # The batch is one statement, failed whole: find the arrivals at fault.
                # (A refusal's message names its SQLSTATE, never the value.)
                refused = isinstance(given_up, StoreRefused)
                log.warning(
                    "intake.batch_refused" if refused else "intake.batch_at_fault",
                    records=len(arrivals),
                    error=str(given_up),
                    positions=_positions(arrivals),
                )
            return [await self._admit_alone(arrival) for arrival in arrivals]

    async def _admit_alone(self, arrival: Arrival) -> Admission | StoreRefused | _AtFault:
        try:
            [admission] = await self._admit_waiting([arrival])
        except (StoreRefused, _AtFault) as given_up:
            return given_up
        return admission

    async def _admit_waiting(self, arrivals: Sequence[Arrival]) -> list[Admission]:
        """The ledger's admissions, retried for as long as it fails.

        Raises ``StoreRefused`` when a value of the statement, not the ledger, is
        at fault. Any other error that is not an outage (a schema not migrated, a
        read-only primary after a failover, a bug) is waited out too, logged as an
        error each round: acking the batch would lose its events, and holding it
        back shows as lag until the ledger is mended. Unless the ledger records a
        made-up event meanwhile: then the arrivals are at fault (``_AtFault``), a
        batch at once (to be admitted event by event), an event alone after
        ``_AT_FAULT_ROUNDS`` such rounds in a row."""
        rounds = at_fault = 0
        while True:
            try:
                return await retry_transient(
                    lambda: self._ledger.admit(arrivals),
                    attempts=self._store_attempts,
                    sleep=self._sleep,
                )
            except StoreRefused:
                raise
            except Exception as exc:
                rounds += 1
                fields = {
                    "records": len(arrivals),
                    "rounds": rounds,
                    "retry_in_s": _LEDGER_ROUND_PAUSE_S,
                    "error": f"{type(exc).__name__}: {exc}",
                }
                if is_retriable(exc):
                    at_fault = 0
                    self._metrics.ledger_wait("unreachable")
                    log.warning("intake.ledger_unreachable", **fields)
                else:
                    others = await self._records_others()
                    at_fault = at_fault + 1 if others else 0
                    if at_fault and (len(arrivals) > 1 or at_fault >= _AT_FAULT_ROUNDS):
                        raise _AtFault(exc, rounds) from exc
                    self._metrics.ledger_wait("failing")
                    # Where the held events are, and whether the ledger records
                    # others (then they are at fault): docs/OPERATIONS.md.
                    log.error(
                        "intake.ledger_failing",
                        positions=_positions(arrivals),
                        records_others=others,
                        **fields,
                    )
                await self._sleep(_LEDGER_ROUND_PAUSE_S)

    async def _records_others(self) -> bool:
        """Whether the ledger records a made-up event (undone at once)."""
        try:
            await self._ledger.try_admission()
        except Exception:
            return False
        return True

    def _arrival(self, record: InputRecord, event: LoanDelayEvent, now: datetime) -> Arrival:
        return Arrival(
            event=event,
            run_id=self._new_run_id(),
            reference_time=event.created_at or record.timestamp or now,
            source=SourcePosition(record.topic, record.partition, record.offset),
            raw=RawMessage(
                key=record.key,
                value=record.value or b"",
                headers=tuple(record.headers),
                timestamp_ms=record.timestamp_ms,
            ),
        )

    def _report_repeats(self, repeats: dict[AdmissionKind, list[int]]) -> None:
        # One line per kind and batch: under a replay storm a line per repeat
        # costs more than the repeat itself. The ledger counts each request's.
        for kind, request_ids in repeats.items():
            self._metrics.duplicate(len(request_ids))
            log.info(f"intake.{kind.value}", count=len(request_ids), request_ids=request_ids)

    def _dead_letter_unit(
        self, record: InputRecord, invalid: InvalidEvent
    ) -> Callable[[], Awaitable[IntakeOutcome]]:
        """The record's own work when it is to be dead-lettered: ``_dead_letter`` as a unit."""
        return partial(self._unit, record, partial(self._dead_letter, record, invalid))

    async def _unit(
        self, record: InputRecord, work: Callable[[], Awaitable[IntakeOutcome]]
    ) -> IntakeOutcome:
        """One record's own work, under its own span and log context; an error
        that outlasts its retries fails this record only."""
        with tracing.unit_of_work("intake", record) as span:
            try:
                return await work()
            except Exception as exc:
                tracing.failed(span, exc)
                log.exception("intake.failed", partition=record.partition, offset=record.offset)
                return IntakeOutcome.FAILED

    async def _accept(
        self, record: InputRecord, event: LoanDelayEvent, run_id: UUID, reference_time: datetime
    ) -> IntakeOutcome:
        """Forward a recorded request to the reading stage."""
        tracing.bind_request(event.request_id, run_id, event)
        task = StageTask(
            run_id=run_id,
            event=event,
            reference_time=reference_time,
            received_at=self._clock(),
            # The intake span's context, so reading continues this trace under it.
            traceparent=tracing.current_traceparent() or record.header("traceparent"),
        )
        await retry_transient(
            lambda: self._forward.send(
                self._policy.read_topic, key=request_key(event.request_id), value=task.to_bytes()
            ),
            attempts=self._store_attempts,
        )
        log.info("intake.accepted", offset=record.offset, partition=record.partition)
        return IntakeOutcome.FORWARDED

    async def _reopen(
        self, record: InputRecord, event: LoanDelayEvent, admission: Admission
    ) -> IntakeOutcome:
        """A replayed MAX_ATTEMPTS letter: run the failed request again, with a new
        run id; the ledger refuses when the request is not failed or this letter
        already reopened it (then it is a repeat like any other)."""
        reopened_by = record.header(REPLAY_FROM_HEADER) or (
            f"{record.topic}:{record.partition}:{record.offset}"
        )
        entry = await retry_transient(
            lambda: self._ledger.reopen(
                event.request_id,
                admission.run_id,
                new_run_id=self._new_run_id(),
                reopened_by=reopened_by,
            ),
            attempts=self._store_attempts,
        )
        if entry is None:
            self._report_repeats({AdmissionKind.DUPLICATE: [event.request_id]})
            return IntakeOutcome.DUPLICATE
        log.info(
            "intake.reopened",
            request_id=event.request_id,
            run_id=str(entry.run_id),
            earlier_run_id=str(admission.run_id),
            reopened_by=reopened_by,
        )
        # The date checks keep counting from the original request, not the replay.
        reference_time = entry.reference_time or entry.received_at
        return await self._accept(record, event, entry.run_id, reference_time)

    async def _dead_letter(self, record: InputRecord, invalid: InvalidEvent) -> IntakeOutcome:
        """The record to the dead-letter topic, and a rejected result when its
        request id is readable."""
        now = self._clock()
        letter = DeadLetter(
            reason=invalid.reason,
            error=str(invalid)[:1000],
            original_topic=record.topic,
            original_partition=record.partition,
            original_offset=record.offset,
            original_timestamp_ms=record.timestamp_ms,
            consumer_group=self._policy.consumer_group,
            attempts=invalid.attempts,
            failed_at=now,
        )
        value = record.value or b""
        try:
            await self._publish_dead_letter(record, value, letter)
        except MessageTooLarge:
            # The dead-letter topic takes less than the input topic delivered: the
            # envelope still goes out, pointing at the original by its dlq.original.*.
            omitted = f"; its {len(value)} bytes are omitted, above the dead-letter topic's limit"
            letter = letter.model_copy(update={"error": letter.error[:900] + omitted})
            await self._publish_dead_letter(record, b"", letter)
        self._metrics.dead_lettered(invalid.reason.value)
        request_id = readable_request_id(invalid.payload)
        log.warning(
            "intake.dead_lettered",
            reason=invalid.reason.value,
            request_id=request_id,
            partition=record.partition,
            offset=record.offset,
        )
        if request_id is not None:
            result = results.rejected(
                request_id, self._new_run_id(), problems=invalid.problems, now=now
            )
            source = SourcePosition(record.topic, record.partition, record.offset)
            await self._finisher.finish_rejected(result, source=source)
        return IntakeOutcome.DEAD_LETTERED

    async def _publish_dead_letter(
        self, record: InputRecord, value: bytes, letter: DeadLetter
    ) -> None:
        await retry_transient(
            lambda: self._dead_letters.publish(
                key=record.key, value=value, original_headers=record.headers, letter=letter
            ),
            attempts=self._store_attempts,
        )
