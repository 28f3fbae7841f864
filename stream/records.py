"""What a stage needs to know about the Kafka record it handles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class InputRecord:
    """One consumed record, independent of the Kafka client that read it."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]] = field(default_factory=list)
    timestamp_ms: int | None = None

    @classmethod
    def from_faust(cls, message: Any) -> InputRecord:
        """From a ``faust.types.Message`` (timestamps there are float seconds)."""
        headers = message.headers or []
        if isinstance(headers, dict):
            headers = list(headers.items())
        timestamp = getattr(message, "timestamp", None)
        return cls(
            topic=message.topic,
            partition=message.partition,
            offset=message.offset,
            key=message.key,
            value=message.value,
            headers=[(str(k), bytes(v) if v is not None else b"") for k, v in headers],
            timestamp_ms=None if timestamp is None else int(timestamp * 1000),
        )

    @property
    def timestamp(self) -> datetime | None:
        if self.timestamp_ms is None or self.timestamp_ms < 0:
            return None
        return datetime.fromtimestamp(self.timestamp_ms / 1000, tz=UTC)

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value.decode("utf-8", errors="replace")
        return None
