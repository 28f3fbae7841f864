"""The reaper: resumes requests whose work was lost.

A worker killed mid-document, or Faust committing past an in-flight message,
leaves a request open with an expired lease (or no lease at all). The ledger
stores the event, so the reaper sends the request back to the reading stage;
one that already used up its attempts ends ``failed`` and is dead-lettered.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import structlog

from schemas import LoanDelayEvent
from schemas.stage import StageTask
from sinks import LedgerEntry, MessageSink, SinkError, request_key
from sinks.ledger import Ledger
from sinks.tracecontext import current_traceparent, traceparent_in

from . import tracing
from .attempts import Attempts

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class ReaperPolicy:
    read_topic: str
    max_attempts: int
    stale_after_s: float = 600.0
    interval_s: float = 15.0
    batch: int = 100


class Reaper:
    def __init__(
        self, *, policy: ReaperPolicy, ledger: Ledger, forward: MessageSink, attempts: Attempts
    ) -> None:
        self._policy = policy
        self._ledger = ledger
        self._forward = forward
        self._attempts = attempts

    async def run(self) -> None:
        while True:
            try:
                await self.sweep()
            except SinkError as exc:
                log.warning("reaper.unavailable", error=str(exc))
            await asyncio.sleep(self._policy.interval_s)

    async def sweep(self) -> int:
        """Resume what is due now; how many requests were handed back."""
        entries = await self._ledger.take_expired(
            stale_after_s=self._policy.stale_after_s, limit=self._policy.batch
        )
        for entry in entries:
            task = task_from_entry(entry)
            if task is not None:
                # Resumed work continues the trace its input message started.
                with tracing.unit_of_work("resume", task):
                    await self._resume(entry, task)
        return len(entries)

    async def _resume(self, entry: LedgerEntry, task: StageTask) -> None:
        if entry.attempts >= self._policy.max_attempts:
            await self._attempts.give_up(
                task,
                stage="resume",
                message="every attempt ended without a decision (crash or stall)",
                owner=None,
            )
            return
        task = task.model_copy(update={"traceparent": current_traceparent() or task.traceparent})
        await self._forward.send(
            self._policy.read_topic, key=request_key(entry.request_id), value=task.to_bytes()
        )
        log.info(
            "reaper.resumed",
            request_id=entry.request_id,
            run_id=str(entry.run_id),
            attempts=entry.attempts,
            resumed=entry.resumed,
        )


def task_from_entry(entry: LedgerEntry) -> StageTask | None:
    """The stage task a request started with, rebuilt from its ledger row."""
    if entry.event is None:
        return None
    return StageTask(
        run_id=entry.run_id,
        event=LoanDelayEvent.model_validate(entry.event),
        reference_time=entry.reference_time or entry.received_at,
        received_at=entry.received_at,
        attempt=entry.attempts,
        traceparent=traceparent_in(entry.raw.headers) if entry.raw else None,
    )
