"""What happens when an attempt at a request fails for a technical reason.

Retriable failures under ``max_attempts`` go to the retry topic with a due
time, so a slow dependency does not hold a partition; the lease is handed
back meanwhile. Otherwise the request ends ``failed`` and its original input
message is dead-lettered (``MAX_ATTEMPTS``) in the same transaction.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import structlog

from processors.errors import ProcessingError
from schemas import DeadLetter, DeadLetterReason
from schemas.stage import StageTask
from sinks import Ledger, MessageSink, request_key
from sinks.outbox import OutboxMessage
from sinks.tracecontext import current_traceparent, with_trace_headers

from . import results
from .finisher import Finisher
from .metrics import Metrics
from .retry import retry_transient

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class AttemptPolicy:
    max_attempts: int
    retry_topic: str
    dlq_topic: str
    consumer_group: str
    backoff_initial_s: float = 5.0
    backoff_max_s: float = 300.0


class Attempts:
    def __init__(
        self,
        *,
        policy: AttemptPolicy,
        ledger: Ledger,
        forward: MessageSink,
        finisher: Finisher,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        jitter: Callable[[], float] = random.random,
        metrics: Metrics | None = None,
    ) -> None:
        self._policy = policy
        self._ledger = ledger
        self._forward = forward
        self._finisher = finisher
        self._clock = clock
        self._jitter = jitter
        self._metrics = metrics or finisher.metrics

    async def failed(
        self, task: StageTask, error: ProcessingError, *, stage: str, timings: dict[str, int]
    ) -> None:
        """Retry later, or give up when attempts are spent or retrying cannot help."""
        if error.retriable and task.attempt < self._policy.max_attempts:
            await self._retry_later(task, error, timings)
            return
        await self.give_up(
            task,
            stage=getattr(error, "stage", stage),
            message=error.message,
            owner=task.lease,
            timings=timings,
        )

    async def _retry_later(
        self, task: StageTask, error: ProcessingError, timings: dict[str, int]
    ) -> None:
        delay = self.backoff(task.attempt)
        due = self._clock() + timedelta(seconds=delay)
        retry = task.model_copy(
            update={
                "not_before": due,
                "lease": None,
                "timings_ms": timings,
                "traceparent": current_traceparent() or task.traceparent,
            }
        )
        await retry_transient(
            lambda: self._forward.send(
                self._policy.retry_topic, key=request_key(task.request_id), value=retry.to_bytes()
            ),
            attempts=5,
        )
        if task.lease is not None:
            await self._ledger.hand_back(
                task.request_id, task.run_id, owner=task.lease, error=error.message
            )
        log.info(
            "attempt.retry_scheduled",
            request_id=task.request_id,
            attempt=task.attempt,
            delay_s=round(delay, 1),
            error=error.message,
        )

    async def give_up(
        self,
        task: StageTask,
        *,
        stage: str,
        message: str,
        owner: str | None,
        timings: dict[str, int] | None = None,
    ) -> bool:
        """End the request ``failed`` and dead-letter its input message, atomically."""
        result = results.failed(
            task,
            stage=stage,
            message=message,
            attempts=task.attempt,
            timings_ms=timings or dict(task.timings_ms),
            now=self._clock(),
        )
        entry = await self._ledger.get(task.request_id)
        extra = []
        if entry is not None and entry.raw is not None:
            letter = DeadLetter(
                reason=DeadLetterReason.MAX_ATTEMPTS,
                error=f"{stage}: {message}"[:1000],
                original_topic=entry.source.topic if entry.source else "",
                original_partition=entry.source.partition if entry.source else -1,
                original_offset=entry.source.offset if entry.source else -1,
                original_timestamp_ms=entry.raw.timestamp_ms,
                consumer_group=self._policy.consumer_group,
                attempts=task.attempt,
                failed_at=self._clock(),
            )
            extra.append(
                OutboxMessage(
                    "message",
                    entry.raw.value,
                    topic=self._policy.dlq_topic,
                    key=entry.raw.key,
                    headers=with_trace_headers(letter.envelope_headers(entry.raw.headers)),
                )
            )
        decided = await self._finisher.finish(
            result, owner=owner, extra=extra, callback_url=task.event.callback_url
        )
        if decided and extra:
            self._metrics.dead_lettered(DeadLetterReason.MAX_ATTEMPTS.value)
        return decided

    def backoff(self, attempt: int) -> float:
        base = self._policy.backoff_initial_s * 2 ** max(0, attempt - 1)
        return min(self._policy.backoff_max_s, base) * (0.5 + self._jitter() / 2)
