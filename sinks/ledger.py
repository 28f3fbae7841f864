"""The request ledger: what the service has seen and decided, per request_id.

The ledger, not Kafka offsets, is what keeps one decision per request: a
final status is written by a conditional update that only the current run of
a still-open request can make.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal, Protocol
from uuid import UUID

from schemas import LoanDelayEvent, VerificationResult

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


class Ledger(Protocol):
    """The ledger's operations. Every method raises ``StoreUnavailable`` when
    the store cannot be reached; none of them half-applies a change."""

    async def admit(
        self,
        event: LoanDelayEvent,
        *,
        run_id: UUID,
        reference_time: datetime,
        source: SourcePosition | None,
    ) -> Admission:
        """Record a valid event, or report that its request is known."""

    async def advance(self, request_id: int, run_id: UUID, status: LedgerStatus) -> bool:
        """Move an open request of this run to another open status; False if it is not open."""

    async def decide(self, result: VerificationResult) -> bool:
        """Write the final status and result; True only for the one call that decided."""

    async def reject(self, result: VerificationResult, *, source: SourcePosition | None) -> bool:
        """Record an invalid event's ``rejected`` result unless the request is known."""

    async def get(self, request_id: int) -> LedgerEntry | None:
        """The stored entry, or None."""
