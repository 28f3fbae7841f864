"""In-memory ``Ledger`` and ``Outbox`` with the PostgreSQL rules, for unit tests.

Time comes from an injected clock, so tests move leases past their expiry.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from schemas import VerificationResult

from .ledger import (
    OPEN_STATUSES,
    Admission,
    Arrival,
    LedgerEntry,
    LedgerStatus,
    SourcePosition,
    admission_of,
)
from .outbox import OutboxKind, OutboxMessage, PendingMessage

Clock = Callable[[], datetime]


class MemoryLedger:
    def __init__(self, *, clock: Clock = lambda: datetime.now(UTC)) -> None:
        self.entries: dict[int, LedgerEntry] = {}
        self.outbox = MemoryOutbox(clock=clock)
        self._clock = clock

    async def admit(self, arrivals: Sequence[Arrival]) -> list[Admission]:
        return [self._admit_one(arrival) for arrival in arrivals]

    async def try_admission(self) -> None:
        """The memory ledger records whatever it is given."""

    def _admit_one(self, arrival: Arrival) -> Admission:
        entry = self.entries.get(arrival.event.request_id)
        if entry is None:
            entry = self._new_entry(
                arrival.event.request_id,
                arrival.run_id,
                "received",
                arrival.source,
                event=arrival.event.model_dump(mode="json"),
            )
            entry.reference_time, entry.raw = arrival.reference_time, arrival.raw
            self.entries[arrival.event.request_id] = entry
            return admission_of(True, arrival.run_id, "received")
        entry.duplicates += 1
        return admission_of(False, entry.run_id, entry.status)

    def _open(self, request_id: int, run_id: UUID) -> LedgerEntry | None:
        entry = self.entries.get(request_id)
        if entry is None or entry.run_id != run_id or entry.status not in OPEN_STATUSES:
            return None
        return entry

    async def advance(self, request_id: int, run_id: UUID, status: LedgerStatus) -> bool:
        if status not in OPEN_STATUSES:
            raise ValueError(f"advance() moves between open statuses, not to {status}")
        entry = self._open(request_id, run_id)
        if entry is None:
            return False
        entry.status = status
        entry.updated_at = self._clock()
        return True

    async def claim(
        self, request_id: int, run_id: UUID, *, owner: str, lease_s: float
    ) -> int | None:
        entry = self._open(request_id, run_id)
        now = self._clock()
        if entry is None or not (
            entry.lease_owner in (None, owner)
            or (entry.lease_expires_at is not None and entry.lease_expires_at < now)
        ):
            return None
        entry.status = "downloading"
        entry.attempts += 1
        entry.lease_owner, entry.lease_expires_at = owner, now + timedelta(seconds=lease_s)
        entry.updated_at = now
        return entry.attempts

    async def renew(self, request_id: int, run_id: UUID, *, owner: str, lease_s: float) -> bool:
        entry = self._open(request_id, run_id)
        if entry is None or entry.lease_owner != owner:
            return False
        entry.lease_expires_at = self._clock() + timedelta(seconds=lease_s)
        return True

    async def release(self, request_id: int, run_id: UUID, *, owner: str) -> None:
        entry = self._open(request_id, run_id)
        if entry is not None and entry.lease_owner == owner:
            entry.lease_expires_at = entry.updated_at = self._clock()

    async def hand_back(self, request_id: int, run_id: UUID, *, owner: str, error: str) -> bool:
        entry = self._open(request_id, run_id)
        if entry is None or entry.lease_owner != owner:
            return False
        entry.lease_owner = entry.lease_expires_at = None
        entry.updated_at = self._clock()
        return True

    async def take_expired(self, *, stale_after_s: float, limit: int) -> list[LedgerEntry]:
        now = self._clock()
        stale_before = now - timedelta(seconds=stale_after_s)
        taken: list[LedgerEntry] = []
        for entry in sorted(self.entries.values(), key=lambda e: e.updated_at):
            if len(taken) == limit:
                break
            if entry.status not in OPEN_STATUSES:
                continue
            expired = entry.lease_expires_at is not None and entry.lease_expires_at < now
            stale = entry.lease_expires_at is None and entry.updated_at < stale_before
            if expired or stale:
                entry.lease_owner = entry.lease_expires_at = None
                entry.resumed += 1
                entry.updated_at = now
                taken.append(copy.deepcopy(entry))
        return taken

    async def decide(
        self,
        result: VerificationResult,
        *,
        outbox: Sequence[OutboxMessage] = (),
        owner: str | None = None,
    ) -> bool:
        entry = self._open(result.request_id, result.run_id)
        if entry is None or (owner is not None and entry.lease_owner != owner):
            return False
        payload = result.model_dump(mode="json")
        entry.status = result.status.value  # type: ignore[assignment]
        entry.verdict = result.verdict
        entry.errors = payload["errors"]
        entry.document = payload["document"]
        entry.result = payload
        entry.timings_ms = dict(result.timings_ms)
        entry.lease_owner = entry.lease_expires_at = None
        entry.completed_at = entry.updated_at = self._clock()
        self.outbox.queue(result.request_id, result.run_id, outbox)
        return True

    async def reject(
        self,
        result: VerificationResult,
        *,
        source: SourcePosition | None,
        outbox: Sequence[OutboxMessage] = (),
    ) -> bool:
        entry = self.entries.get(result.request_id)
        if entry is not None:
            entry.duplicates += 1
            return False
        payload = result.model_dump(mode="json")
        entry = self._new_entry(result.request_id, result.run_id, "rejected", source)
        entry.errors, entry.result, entry.completed_at = (
            payload["errors"],
            payload,
            entry.updated_at,
        )
        self.entries[result.request_id] = entry
        self.outbox.queue(result.request_id, result.run_id, outbox)
        return True

    async def get(self, request_id: int) -> LedgerEntry | None:
        entry = self.entries.get(request_id)
        return copy.deepcopy(entry)

    async def reopen(
        self, request_id: int, run_id: UUID, *, new_run_id: UUID, reopened_by: str
    ) -> LedgerEntry | None:
        entry = self.entries.get(request_id)
        if entry is None or entry.run_id != run_id or entry.status != "failed":
            return None
        if any(run.get("reopened_by") == reopened_by for run in entry.earlier_runs):
            return None
        now = self._clock()
        entry.earlier_runs.append(
            {
                "run_id": str(entry.run_id), "status": entry.status, "errors": entry.errors,
                "attempts": entry.attempts, "completed_at": entry.completed_at,
                "reopened_at": now, "reopened_by": reopened_by,
            }
        )  # fmt: skip
        entry.run_id, entry.status, entry.reopened = new_run_id, "received", entry.reopened + 1
        entry.verdict = entry.document = entry.result = entry.completed_at = None
        entry.errors, entry.timings_ms, entry.attempts, entry.resumed = [], {}, 0, 0
        entry.lease_owner = entry.lease_expires_at = None
        entry.updated_at = now
        return copy.deepcopy(entry)

    async def recent(self, *, limit: int, status: LedgerStatus | None = None) -> list[LedgerEntry]:
        chosen = [e for e in self.entries.values() if status is None or e.status == status]
        chosen.sort(key=lambda e: (e.received_at, e.request_id), reverse=True)
        return [copy.deepcopy(e) for e in chosen[:limit]]

    def _new_entry(
        self,
        request_id: int,
        run_id: UUID,
        status: LedgerStatus,
        source: SourcePosition | None,
        *,
        event: dict[str, Any] | None = None,
    ) -> LedgerEntry:
        now = self._clock()
        return LedgerEntry(
            request_id=request_id,
            run_id=run_id,
            status=status,
            event=event,
            verdict=None,
            errors=[],
            document=None,
            result=None,
            timings_ms={},
            attempts=0,
            duplicates=0,
            received_at=now,
            updated_at=now,
            source=source,
        )


class MemoryOutbox:
    """The outbox rows, with their send state, in a list."""

    def __init__(self, *, clock: Clock = lambda: datetime.now(UTC)) -> None:
        self._clock = clock
        self._ids = itertools.count(1)
        self.rows: dict[int, dict[str, Any]] = {}

    def queue(self, request_id: int, run_id: UUID, messages: Sequence[OutboxMessage]) -> None:
        now = self._clock()
        for message in messages:
            self.rows[next(self._ids)] = {
                "request_id": request_id,
                "run_id": run_id,
                "message": message,
                "attempts": 0,
                "created_at": now,
                "next_attempt_at": now,
                "last_error": None,
                "sent_at": None,
                "given_up_at": None,
            }

    async def due(
        self, *, limit: int, kinds: tuple[OutboxKind, ...] = ("message", "callback")
    ) -> list[PendingMessage]:
        now = self._clock()
        due = [
            PendingMessage(
                id=row_id,
                request_id=row["request_id"],
                run_id=row["run_id"],
                message=row["message"],
                attempts=row["attempts"],
                created_at=row["created_at"],
                last_error=row["last_error"],
            )
            for row_id, row in sorted(self.rows.items())
            if row["sent_at"] is None
            and row["given_up_at"] is None
            and row["next_attempt_at"] <= now
            and row["message"].kind in kinds
        ][:limit]
        for pending in due:
            self.rows[pending.id]["next_attempt_at"] = now + timedelta(seconds=30)
        return due

    async def mark_sent(self, message_ids: Sequence[int]) -> None:
        for message_id in message_ids:
            row = self.rows[message_id]
            row["attempts"] += 1
            row["sent_at"] = self._clock()

    async def retry_later(self, message_id: int, *, error: str, delay_s: float) -> None:
        row = self.rows[message_id]
        row["attempts"] += 1
        row["last_error"] = error
        row["next_attempt_at"] = self._clock() + timedelta(seconds=delay_s)

    async def give_up(self, message_id: int, *, error: str) -> None:
        row = self.rows[message_id]
        row["attempts"] += 1
        row["last_error"] = error
        row["given_up_at"] = self._clock()

    def unsent(self) -> list[OutboxMessage]:
        return [r["message"] for r in self.rows.values() if r["sent_at"] is None]
