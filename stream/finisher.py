"""Ends a request: the decision in the ledger first, then the result and the callback.

Only the call whose conditional ledger update succeeds publishes, so a
repeated or racing delivery of the same work never yields a second result.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import structlog

from schemas import VerificationResult
from sinks import (
    CallbackDeadLetters,
    CallbackFailed,
    CallbackSender,
    Ledger,
    ResultPublisher,
    SinkError,
    SourcePosition,
)

from .retry import retry_transient

log = structlog.get_logger(__name__)


class Finisher:
    def __init__(
        self,
        *,
        ledger: Ledger,
        results: ResultPublisher,
        callbacks: CallbackSender | None = None,
        callback_dead_letters: CallbackDeadLetters | None = None,
        publish_attempts: int = 5,
    ) -> None:
        self._ledger = ledger
        self._results = results
        self._callbacks = callbacks
        self._callback_dead_letters = callback_dead_letters
        self._publish_attempts = publish_attempts
        self._pending: set[asyncio.Task[None]] = set()

    async def finish(
        self, result: VerificationResult, *, headers: Sequence[tuple[str, bytes]] = ()
    ) -> bool:
        """Decide and announce; False when the request was already decided."""
        decided = await retry_transient(
            lambda: self._ledger.decide(result), attempts=self._publish_attempts
        )
        if not decided:
            log.info("decision.skipped", request_id=result.request_id, reason="already decided")
            return False
        await self._announce(result, headers)
        return True

    async def finish_rejected(
        self, result: VerificationResult, *, source: SourcePosition | None
    ) -> bool:
        """Record and announce an invalid event's result unless its request is known."""
        recorded = await retry_transient(
            lambda: self._ledger.reject(result, source=source), attempts=self._publish_attempts
        )
        if recorded:
            await self._announce(result, [])
        return recorded

    async def _announce(
        self, result: VerificationResult, headers: Sequence[tuple[str, bytes]]
    ) -> None:
        await retry_transient(
            lambda: self._results.publish(result, headers=headers), attempts=self._publish_attempts
        )
        log.info(
            "result.published",
            request_id=result.request_id,
            run_id=str(result.run_id),
            status=result.status.value,
            verdict=result.verdict,
            errors=result.error_codes,
        )
        if self._callbacks is not None:
            # The callback may retry for a minute; the stage must not wait for it.
            task = asyncio.create_task(self._deliver(result))
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)

    async def _deliver(self, result: VerificationResult) -> None:
        assert self._callbacks is not None
        try:
            delivery = await self._callbacks.deliver(result)
            log.info("callback.delivered", request_id=result.request_id, attempts=delivery.attempts)
        except CallbackFailed as exc:
            log.warning("callback.undelivered", request_id=result.request_id, error=str(exc))
            if self._callback_dead_letters is not None:
                try:
                    await self._callback_dead_letters.publish(result, error=str(exc), attempts=0)
                except SinkError:
                    log.exception("callback.dead_letter_failed", request_id=result.request_id)

    async def drain(self, timeout: float) -> None:
        """Wait for callbacks under way, up to ``timeout`` seconds."""
        if self._pending:
            await asyncio.wait(set(self._pending), timeout=timeout)
