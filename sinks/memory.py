"""An in-memory ``Ledger`` with the same rules as the PostgreSQL one, for unit tests."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from schemas import LoanDelayEvent, VerificationResult

from .ledger import (
    OPEN_STATUSES,
    Admission,
    AdmissionKind,
    LedgerEntry,
    LedgerStatus,
    SourcePosition,
)


class MemoryLedger:
    def __init__(self) -> None:
        self.entries: dict[int, LedgerEntry] = {}

    async def admit(
        self,
        event: LoanDelayEvent,
        *,
        run_id: UUID,
        reference_time: datetime,
        source: SourcePosition | None,
    ) -> Admission:
        entry = self.entries.get(event.request_id)
        if entry is None:
            self.entries[event.request_id] = _new_entry(
                event.request_id, run_id, "received", source, event=event.model_dump(mode="json")
            )
            return Admission(AdmissionKind.NEW, run_id, "received")
        entry.duplicates += 1
        kind = AdmissionKind.IN_FLIGHT if entry.status in OPEN_STATUSES else AdmissionKind.DUPLICATE
        return Admission(kind, entry.run_id, entry.status)

    async def advance(self, request_id: int, run_id: UUID, status: LedgerStatus) -> bool:
        if status not in OPEN_STATUSES:
            raise ValueError(f"advance() moves between open statuses, not to {status}")
        entry = self.entries.get(request_id)
        if entry is None or entry.run_id != run_id or entry.status not in OPEN_STATUSES:
            return False
        entry.status = status
        entry.attempts += 1 if status == "downloading" else 0
        entry.updated_at = datetime.now(UTC)
        return True

    async def decide(self, result: VerificationResult) -> bool:
        entry = self.entries.get(result.request_id)
        if entry is None or entry.run_id != result.run_id or entry.status not in OPEN_STATUSES:
            return False
        payload = result.model_dump(mode="json")
        entry.status = result.status.value  # type: ignore[assignment]
        entry.verdict = result.verdict
        entry.errors = payload["errors"]
        entry.document = payload["document"]
        entry.result = payload
        entry.timings_ms = dict(result.timings_ms)
        entry.completed_at = entry.updated_at = datetime.now(UTC)
        return True

    async def reject(self, result: VerificationResult, *, source: SourcePosition | None) -> bool:
        entry = self.entries.get(result.request_id)
        if entry is not None:
            entry.duplicates += 1
            return False
        payload = result.model_dump(mode="json")
        entry = _new_entry(result.request_id, result.run_id, "rejected", source)
        entry.errors, entry.result, entry.completed_at = (
            payload["errors"],
            payload,
            entry.updated_at,
        )
        self.entries[result.request_id] = entry
        return True

    async def get(self, request_id: int) -> LedgerEntry | None:
        entry = self.entries.get(request_id)
        return copy.deepcopy(entry)


def _new_entry(
    request_id: int,
    run_id: UUID,
    status: LedgerStatus,
    source: SourcePosition | None,
    *,
    event: dict[str, Any] | None = None,
) -> LedgerEntry:
    now = datetime.now(UTC)
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
