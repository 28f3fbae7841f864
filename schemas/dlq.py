"""Headers of the dead-letter envelope (CONTRACT section 6)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

Headers = Sequence[tuple[str, bytes]]

# Headers of a replayed dead letter: where it came from, and (for MAX_ATTEMPTS
# letters) that the failed request is to be reopened with a new run.
REPLAY_FROM_HEADER = "replay.from"
REOPEN_HEADER = "replay.reopen"


class DeadLetterReason(StrEnum):
    """Machine codes of ``dlq.reason``."""

    INVALID_JSON = "INVALID_JSON"
    INVALID_ENCODING = "INVALID_ENCODING"
    INVALID_EVENT = "INVALID_EVENT"
    EVENT_TOO_LARGE = "EVENT_TOO_LARGE"
    MAX_ATTEMPTS = "MAX_ATTEMPTS"


class DeadLetter(BaseModel):
    """Why and from where a message was given up on."""

    model_config = ConfigDict(frozen=True)

    reason: DeadLetterReason
    error: str
    original_topic: str
    original_partition: int
    original_offset: int
    original_timestamp_ms: int | None
    consumer_group: str
    attempts: int
    failed_at: datetime

    def headers(self) -> list[tuple[str, bytes]]:
        """The added headers, UTF-8 text, in the contract's order."""
        values = {
            "dlq.reason": self.reason.value,
            "dlq.error": self.error,
            "dlq.original.topic": self.original_topic,
            "dlq.original.partition": str(self.original_partition),
            "dlq.original.offset": str(self.original_offset),
            "dlq.original.timestamp": ""
            if self.original_timestamp_ms is None
            else str(self.original_timestamp_ms),
            "dlq.consumer_group": self.consumer_group,
            "dlq.attempts": str(self.attempts),
            "dlq.failed_at": self.failed_at.isoformat(),
        }
        return [(name, value.encode()) for name, value in values.items()]

    def envelope_headers(self, original: Headers) -> list[tuple[str, bytes]]:
        """The original headers kept (less any stale ``dlq.*``), then ours."""
        kept = [(k, v) for k, v in original if not k.startswith("dlq.")]
        return kept + self.headers()
