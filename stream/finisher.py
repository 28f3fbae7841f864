"""Ends a request: the decision, the result message and the callback in one transaction.

Only the call whose conditional ledger update succeeds queues anything, so a
repeated or racing delivery of the same work never yields a second result.
The outbox relay sends what was queued; ``wake`` tells it to look now.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import structlog

from schemas import VerificationResult
from sinks import Ledger, SourcePosition, request_key
from sinks.callback_targets import CallbackAllowlist, choose_target
from sinks.outbox import OutboxMessage
from sinks.tracecontext import with_trace_headers

from . import tracing
from .metrics import Metrics
from .retry import retry_transient

log = structlog.get_logger(__name__)


class Finisher:
    def __init__(
        self,
        *,
        ledger: Ledger,
        result_topic: str,
        callbacks: bool = False,
        wake: Callable[[], None] = lambda: None,
        store_attempts: int = 5,
        metrics: Metrics | None = None,
        callback_allowlist: CallbackAllowlist | None = None,
    ) -> None:
        self.ledger = ledger
        self._result_topic = result_topic
        self._callbacks = callbacks
        # Without an allowlist no event's own callback_url is used.
        self._allowlist = callback_allowlist or CallbackAllowlist(frozenset())
        self._wake = wake
        self._store_attempts = store_attempts
        self.metrics = metrics or Metrics()

    def messages(
        self,
        result: VerificationResult,
        headers: Sequence[tuple[str, bytes]] = (),
        *,
        callback_url: str | None = None,
    ) -> list[OutboxMessage]:
        """What announcing ``result`` means: the result message, and the callback if
        set, to the event's ``callback_url`` when the allowlist admits it."""
        body = result.to_bytes()
        messages = [
            OutboxMessage(
                "message",
                body,
                topic=self._result_topic,
                key=request_key(result.request_id),
                # The current span's trace context, so the relay's sends continue it.
                headers=with_trace_headers(headers),
            )
        ]
        if self._callbacks:
            target = choose_target(callback_url, self._allowlist)
            if target.refused is not None:
                # The result still goes to CALLBACK_URL; the outbox row keeps the reason.
                log.warning(
                    "callback.target_refused", request_id=result.request_id, reason=target.refused
                )
            messages.append(
                OutboxMessage(
                    "callback",
                    body,
                    headers=with_trace_headers(()),
                    target=target.url,
                    target_refused=target.refused,
                )
            )
        return messages

    async def finish(
        self,
        result: VerificationResult,
        *,
        headers: Sequence[tuple[str, bytes]] = (),
        owner: str | None = None,
        extra: Sequence[OutboxMessage] = (),
        callback_url: str | None = None,
    ) -> bool:
        """Decide and queue the announcements; False when the request was already
        decided (or, with ``owner``, is no longer ours to decide).
        ``callback_url`` is the event's own, if it has one."""
        outbox = [*self.messages(result, headers, callback_url=callback_url), *extra]
        started = time.perf_counter()
        decided = await retry_transient(
            lambda: tracing.traced(
                "persist", self.ledger.decide(result, outbox=outbox, owner=owner)
            ),
            attempts=self._store_attempts,
        )
        self.metrics.stage_seconds("persist", time.perf_counter() - started)
        self._log(result, decided)
        return decided

    async def finish_rejected(
        self, result: VerificationResult, *, source: SourcePosition | None
    ) -> bool:
        """Record and announce an invalid event's result unless its request is known."""
        outbox = self.messages(result)
        recorded = await retry_transient(
            lambda: tracing.traced(
                "persist", self.ledger.reject(result, source=source, outbox=outbox)
            ),
            attempts=self._store_attempts,
        )
        self._log(result, recorded)
        return recorded

    def _log(self, result: VerificationResult, decided: bool) -> None:
        if not decided:
            log.info("decision.skipped", request_id=result.request_id, reason="already decided")
            return
        self._wake()
        self.metrics.result(result.status.value, result.verdict)
        log.info(
            "decision.made",
            request_id=result.request_id,
            run_id=str(result.run_id),
            status=result.status.value,
            verdict=result.verdict,
            errors=result.error_codes,
        )
