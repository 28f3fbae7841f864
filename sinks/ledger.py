"""The request ledger: what the service has seen and decided, per request_id.

The ledger, not Kafka offsets, is what keeps one decision per request: a
final status is written by a conditional update that only the current run of
a still-open request can make.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal, Protocol
from uuid import UUID

from schemas import LoanDelayEvent, VerificationResult

from .outbox import OutboxMessage

OPEN_STATUSES = ("received", "downloading", "processing")
FINAL_STATUSES = ("completed", "failed", "rejected")
LedgerStatus = Literal["received", "downloading", "processing", "completed", "failed", "rejected"]


class AdmissionKind(StrEnum):
    NEW = "new"
    """First sight of the request: process it."""
    DUPLICATE = "duplicate"
    """Already decided: drop the event."""
    IN_FLIGHT = "in_flight"
    """Recorded and still open: another delivery of work already under way."""


@dataclass(frozen=True, slots=True)
class Admission:
    kind: AdmissionKind
    run_id: UUID
    status: LedgerStatus


@dataclass(frozen=True, slots=True)
class SourcePosition:
    """Where an event was read from."""

    topic: str
    partition: int
    offset: int


@dataclass(frozen=True, slots=True)
class RawMessage:
    """The input message as it came, kept for its dead letter."""

    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...] = ()
    timestamp_ms: int | None = None


@dataclass(frozen=True, slots=True)
class Arrival:
    """A valid event to record, with where and how it came."""

    event: LoanDelayEvent
    run_id: UUID
    reference_time: datetime
    source: SourcePosition | None = None
    raw: RawMessage | None = None


def trial_arrival(now: datetime) -> Arrival:
    """A made-up arrival for ``Ledger.try_admission``: plain values, the largest
    request id (no app issues it; and the trial is undone whatever it finds)."""
    event = LoanDelayEvent(
        request_id=2**63 - 1,
        s3_path="s3://trial/trial.pdf",
        iin="960125445005",
        first_name="Айгерим",
        last_name="Сериккызы",
    )
    return Arrival(
        event=event,
        run_id=UUID(int=0),
        reference_time=now,
        source=SourcePosition("trial", 0, 0),
        raw=RawMessage(key=b"trial", value=b"{}"),
    )


def admission_of(inserted: bool, run_id: UUID, status: LedgerStatus) -> Admission:
    """What an admission found: a new row, a repeat still open, or a decided one."""
    if inserted:
        return Admission(AdmissionKind.NEW, run_id, status)
    kind = AdmissionKind.IN_FLIGHT if status in OPEN_STATUSES else AdmissionKind.DUPLICATE
    return Admission(kind, run_id, status)


def admission_rounds(arrivals: Sequence[Arrival]) -> list[list[int]]:
    """Positions of ``arrivals`` in rounds of distinct request ids, in order: the
    second delivery of a request in one batch is admitted after the first, so it
    sees the row the first one made (one statement cannot insert and then count a
    repeat of the same row)."""
    rounds: list[list[int]] = []
    seen: dict[int, int] = {}
    for position, arrival in enumerate(arrivals):
        n = seen.get(arrival.event.request_id, 0)
        seen[arrival.event.request_id] = n + 1
        if n == len(rounds):
            rounds.append([])
        rounds[n].append(position)
    return rounds


@dataclass(slots=True)
class LedgerEntry:
    request_id: int
    run_id: UUID
    status: LedgerStatus
    event: dict[str, Any] | None
    verdict: bool | None
    errors: list[dict[str, Any]]
    document: dict[str, Any] | None
    result: dict[str, Any] | None
    timings_ms: dict[str, int]
    attempts: int
    duplicates: int
    received_at: datetime
    updated_at: datetime
    completed_at: datetime | None = None
    source: SourcePosition | None = field(default=None)
    lease_owner: str | None = None
    lease_expires_at: datetime | None = None
    resumed: int = 0
    reference_time: datetime | None = None
    raw: RawMessage | None = None
    reopened: int = 0
    earlier_runs: list[dict[str, Any]] = field(default_factory=list)
    """Runs a reopen replaced, oldest first: run_id, status, errors, attempts,
    completed_at, reopened_at, and reopened_by (the dead letter that did it)."""


class Ledger(Protocol):
    """The ledger's operations. Every method raises ``StoreUnavailable`` when
    the store cannot be reached; none of them half-applies a change."""

    async def admit(self, arrivals: Sequence[Arrival]) -> list[Admission]:
        """Record each valid event (and the message it came in), or report that
        its request is known (and count the repeat); one admission per arrival,
        in order, as if admitted one after another. All of them or none."""

    async def try_admission(self) -> None:
        """Admit ``trial_arrival`` and undo it: returns when the ledger records
        events, raises as ``admit`` would when it records none (a read-only
        primary, a schema out of step). An event that ``admit`` keeps failing
        on while this returns is itself at fault."""

    async def advance(self, request_id: int, run_id: UUID, status: LedgerStatus) -> bool:
        """Move an open request of this run to another open status; False if it is not open."""

    async def claim(
        self, request_id: int, run_id: UUID, *, owner: str, lease_s: float
    ) -> int | None:
        """Take the lease of an open request of this run (free, expired or already
        ours) and count an attempt; the attempt number, or None when it is not ours
        to work on."""

    async def renew(self, request_id: int, run_id: UUID, *, owner: str, lease_s: float) -> bool:
        """Extend our lease; False when it is no longer ours."""

    async def release(self, request_id: int, run_id: UUID, *, owner: str) -> None:
        """Give our lease up (shutdown): it expires now, so the work is resumed."""

    async def hand_back(self, request_id: int, run_id: UUID, *, owner: str, error: str) -> bool:
        """Give our lease up to try again later (a retry is scheduled): the lease
        is cleared and the clock restarted, so the reaper waits its full
        ``stale_after_s`` before resuming it; the error is recorded."""

    async def take_expired(self, *, stale_after_s: float, limit: int) -> list[LedgerEntry]:
        """Open requests whose lease expired, or that nobody leased for
        ``stale_after_s``: counted as resumed, their lease cleared and their
        clock restarted, so each is handed back once per ``stale_after_s``."""

    async def decide(
        self,
        result: VerificationResult,
        *,
        outbox: Sequence[OutboxMessage] = (),
        owner: str | None = None,
    ) -> bool:
        """Write the final status, the result and its outbox messages in one
        transaction; True only for the one call that decided. With ``owner``, only
        the lease holder can decide."""

    async def reject(
        self,
        result: VerificationResult,
        *,
        source: SourcePosition | None,
        outbox: Sequence[OutboxMessage] = (),
    ) -> bool:
        """Record an invalid event's ``rejected`` result (and its outbox messages)
        unless the request is known."""

    async def get(self, request_id: int) -> LedgerEntry | None:
        """The stored entry, or None."""

    async def reopen(
        self, request_id: int, run_id: UUID, *, new_run_id: UUID, reopened_by: str
    ) -> LedgerEntry | None:
        """Start run ``new_run_id`` of a ``failed`` request whose run is ``run_id``:
        open again (``received``), attempts from zero, the replaced run kept in
        ``earlier_runs``. None when the request is not failed, has another run, or
        ``reopened_by`` (a dead letter's position) already reopened it once."""

    async def recent(self, *, limit: int, status: LedgerStatus | None = None) -> list[LedgerEntry]:
        """The latest requests first (by when they were received), optionally of one
        status; without the stored input message."""
