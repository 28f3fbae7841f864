"""The outbox relay: sends what the decisions queued, marks it sent.

Kafka messages are retried until the broker takes them; a callback is tried
once per pass and scheduled again with backoff (or the target's
``Retry-After``) until ``callback_max_attempts``, then dead-lettered to
``CALLBACK_DLQ_TOPIC`` and marked given up in the outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import structlog
from opentelemetry.trace import SpanKind
from structlog.contextvars import bound_contextvars

from .callback import CallbackSender, idempotency_key
from .errors import CallbackFailed, SinkError
from .kafka import MessageSink
from .outbox import Outbox, OutboxKind, PendingMessage
from .tracecontext import TRACER, continued, current_trace_fields

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class RelayPolicy:
    batch: int = 100
    poll_s: float = 1.0
    backoff_initial_s: float = 1.0
    backoff_max_s: float = 300.0
    callback_max_attempts: int = 8
    callback_dlq_topic: str = "dl-loan-delay-callbacks-dlq"


class RelayObserver(Protocol):
    """Told what became of each callback and dead letter (``stream.metrics.Metrics``)."""

    def callback(self, outcome: str) -> None: ...

    def dead_lettered(self, reason: str) -> None: ...


class _Unobserved:
    def callback(self, outcome: str) -> None:
        pass

    def dead_lettered(self, reason: str) -> None:
        pass


class OutboxRelay:
    def __init__(
        self,
        *,
        outbox: Outbox,
        sink: MessageSink,
        callbacks: CallbackSender | None,
        policy: RelayPolicy = RelayPolicy(),
        jitter: Callable[[], float] = random.random,
        observer: RelayObserver | None = None,
    ) -> None:
        self._outbox = outbox
        self._sink = sink
        self._callbacks = callbacks
        self._policy = policy
        self._jitter = jitter
        self._observer = observer or _Unobserved()
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Look at the outbox now (a decision was just committed)."""
        self._wake.set()

    async def run(self) -> None:
        """Relay until cancelled; store outages are waited out, never raised."""
        while True:
            # Cleared before the pass, not after it: a decision committed while the
            # pass runs (after it read the due rows) wakes the next pass at once,
            # instead of waiting for the poll (the last results of a burst did).
            self._wake.clear()
            try:
                sent = await self.relay_once()
            except SinkError as exc:
                log.warning("relay.store_unavailable", error=str(exc))
                sent = 0
            if sent < self._policy.batch:
                # Woken by a new decision, or by the poll timeout.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=self._policy.poll_s)

    async def relay_once(self) -> int:
        """One pass over the due rows; how many were handled."""
        # A worker without a callback target leaves callbacks to workers that have one.
        kinds: tuple[OutboxKind, ...] = (
            ("message", "callback") if self._callbacks is not None else ("message",)
        )
        due = await self._outbox.due(limit=self._policy.batch, kinds=kinds)
        by_request: dict[int, list[PendingMessage]] = {}
        for pending in due:
            by_request.setdefault(pending.request_id, []).append(pending)
        # Requests side by side, so a batch costs about one broker round trip rather
        # than one per row; each request's own rows stay in their order.
        outcomes = await asyncio.gather(
            *(self._relay_in_order(rows) for rows in by_request.values()), return_exceptions=True
        )
        sent: list[int] = []
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome
            sent += outcome
        if sent:
            # One statement for the batch. A crash before it sends these rows
            # again, as a crash between a send and its own mark always could.
            await self._outbox.mark_sent(sent)
        return len(due)

    async def _relay_in_order(self, rows: list[PendingMessage]) -> list[int]:
        """Each row in turn; the ids of those the broker or the target took."""
        sent: list[int] = []
        for pending in rows:
            # Each row continues the trace of the decision that queued it.
            ids = {"request_id": pending.request_id, "run_id": str(pending.run_id)}
            with continued(pending.message.headers), bound_contextvars(**ids):
                if await self._relay(pending):
                    sent.append(pending.id)
        return sent

    async def _relay(self, pending: PendingMessage) -> bool:
        """Send one row; False when it was scheduled again or given up instead."""
        message = pending.message
        try:
            if message.kind == "message":
                assert message.topic is not None
                await self._sink.send(
                    message.topic, key=message.key, value=message.payload, headers=message.headers
                )
            else:
                await self._call_back(pending)
        except CallbackFailed as exc:
            await self._callback_failed(pending, exc)
            return False
        except SinkError as exc:
            await self._outbox.retry_later(
                pending.id, error=str(exc), delay_s=self._backoff(pending.attempts)
            )
            return False
        return True

    async def _call_back(self, pending: PendingMessage) -> None:
        assert self._callbacks is not None, (
            "due() only hands callbacks to a relay that has a target"
        )
        key = idempotency_key(pending.request_id, pending.run_id)
        with TRACER.start_as_current_span("callback", kind=SpanKind.CLIENT) as span:
            status = await self._callbacks.post_once(
                pending.message.payload,
                idempotency_key=key,
                url=pending.message.target,
                extra_headers=current_trace_fields(),
            )
            span.set_attribute("http.response.status_code", status)
        self._observer.callback("delivered")
        log.info("callback.delivered", request_id=pending.request_id, status=status)

    async def _callback_failed(self, pending: PendingMessage, exc: CallbackFailed) -> None:
        attempts = pending.attempts + 1
        if not exc.permanent and attempts < self._policy.callback_max_attempts:
            delay = self._backoff(attempts)
            if exc.retry_after is not None:  # the receiver's wish, within our own longest wait
                delay = min(exc.retry_after, self._policy.backoff_max_s)
            await self._outbox.retry_later(pending.id, error=str(exc), delay_s=delay)
            self._observer.callback("retrying")
            return
        log.warning("callback.undelivered", request_id=pending.request_id, error=str(exc))
        headers = (
            ("dlq.reason", b"CALLBACK_UNDELIVERED"),
            ("dlq.error", str(exc).encode()),
            ("dlq.attempts", str(attempts).encode()),
        )
        try:
            await self._sink.send(
                self._policy.callback_dlq_topic,
                key=str(pending.request_id).encode(),
                value=pending.message.payload,
                headers=headers,
            )
        except SinkError as send_error:
            # Keep the row: the dead letter must not be lost either.
            await self._outbox.retry_later(
                pending.id, error=str(send_error), delay_s=self._backoff(attempts)
            )
            return
        await self._outbox.give_up(pending.id, error=str(exc))
        self._observer.callback("dead_lettered")
        self._observer.dead_lettered("CALLBACK_UNDELIVERED")

    def _backoff(self, attempts: int) -> float:
        base = self._policy.backoff_initial_s * 2 ** max(0, attempts - 1)
        return min(self._policy.backoff_max_s, base) * (0.5 + self._jitter() / 2)
