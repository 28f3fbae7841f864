"""How a read document reaches the checking stage.

``CheckHere`` runs the checks inside the reading stage's own unit of work,
under the lease it already holds. With the rules checker the checks take a
few milliseconds of the pool, and a hop over the check topic (a write and a
read on the broker, a lease renewal, the document serialised to JSON and
parsed again, another consumer span) cost the worker's event loop more than
that: ~7 % of a cached text PDF's CPU (docs/PERFORMANCE.md).

``PublishCheck`` sends the task to the check topic, where the checking agent
takes it with its own concurrency (``CHECK_CONCURRENCY``). That hop pays for
itself when the checks wait seconds on an LLM: a reading slot is then not
held while they do.

The checking agent reads the check topic either way, so tasks published
before a switch to ``CheckHere`` are still checked.
"""

from __future__ import annotations

from typing import Protocol

from schemas.stage import CheckTask
from sinks import Ledger, MessageSink, request_key

from . import tracing
from .checking import CheckingStage
from .retry import retry_transient


class CheckHandOver(Protocol):
    async def hand_over(self, task: CheckTask) -> None:
        """Have ``task`` checked; its lease (``task.lease``) is held by the caller."""
        ...


class CheckHere:
    """The checks run now, in the caller's unit of work and lease."""

    def __init__(self, checking: CheckingStage) -> None:
        self._checking = checking

    async def hand_over(self, task: CheckTask) -> None:
        with tracing.span("checking"):
            await self._checking.check(task)


class PublishCheck:
    """The task goes to the check topic; the checking agent inherits the lease."""

    def __init__(
        self, *, ledger: Ledger, sink: MessageSink, topic: str, lease_s: float, attempts: int
    ) -> None:
        self._ledger = ledger
        self._sink = sink
        self._topic = topic
        self._lease_s = lease_s
        self._attempts = attempts

    async def hand_over(self, task: CheckTask) -> None:
        assert task.lease is not None, "a task is handed over by the stage that claimed it"
        # The checking stage inherits the lease; give it a full term.
        await self._ledger.renew(
            task.request_id, task.run_id, owner=task.lease, lease_s=self._lease_s
        )
        await retry_transient(
            lambda: self._sink.send(
                self._topic, key=request_key(task.request_id), value=task.to_bytes()
            ),
            attempts=self._attempts,
        )
