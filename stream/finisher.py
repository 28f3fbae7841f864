"""Ends a request: the decision, the result message and the callback in one transaction.

Only the call whose conditional ledger update succeeds queues anything, so a
repeated or racing delivery of the same work never yields a second result.
The outbox relay sends what was queued; ``wake`` tells it to look now.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import structlog

from schemas import VerificationResult
from sinks import Ledger, SourcePosition, request_key
from sinks.outbox import OutboxMessage

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
    ) -> None:
        self.ledger = ledger
        self._result_topic = result_topic
        self._callbacks = callbacks
        self._wake = wake
        self._store_attempts = store_attempts

    def messages(
        self, result: VerificationResult, headers: Sequence[tuple[str, bytes]] = ()
    ) -> list[OutboxMessage]:
        """What announcing ``result`` means: the result message, and the callback if set."""
        body = result.to_bytes()
        messages = [
            OutboxMessage(
                "message",
                body,
                topic=self._result_topic,
                key=request_key(result.request_id),
                headers=tuple(headers),
            )
        ]
        if self._callbacks:
            messages.append(OutboxMessage("callback", body))
        return messages

    async def finish(
        self,
        result: VerificationResult,
        *,
        headers: Sequence[tuple[str, bytes]] = (),
        owner: str | None = None,
        extra: Sequence[OutboxMessage] = (),
    ) -> bool:
        """Decide and queue the announcements; False when the request was already
        decided (or, with ``owner``, is no longer ours to decide)."""
        outbox = [*self.messages(result, headers), *extra]
        decided = await retry_transient(
            lambda: self.ledger.decide(result, outbox=outbox, owner=owner),
            attempts=self._store_attempts,
        )
        self._log(result, decided)
        return decided

    async def finish_rejected(
        self, result: VerificationResult, *, source: SourcePosition | None
    ) -> bool:
        """Record and announce an invalid event's result unless its request is known."""
        outbox = self.messages(result)
        recorded = await retry_transient(
            lambda: self.ledger.reject(result, source=source, outbox=outbox),
            attempts=self._store_attempts,
        )
        self._log(result, recorded)
        return recorded

    def _log(self, result: VerificationResult, decided: bool) -> None:
        if not decided:
            log.info("decision.skipped", request_id=result.request_id, reason="already decided")
            return
        self._wake()
        log.info(
            "decision.made",
            request_id=result.request_id,
            run_id=str(result.run_id),
            status=result.status.value,
            verdict=result.verdict,
            errors=result.error_codes,
        )
