"""The transactional outbox: what must be sent once a decision is committed.

The decision and its messages are written in one transaction; the relay
sends them afterwards and marks each one sent. A crash between sending and
marking repeats the send of the same message (same ``run_id``), never a
second decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol
from uuid import UUID

OutboxKind = Literal["message", "callback"]


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A Kafka message (``topic`` set) or a callback (``kind="callback"``) to send.

    A callback goes to ``target`` when set (an allowed ``callback_url`` of the
    event), else to ``CALLBACK_URL``; ``target_refused`` records why the
    event's own ``callback_url`` was not used.
    """

    kind: OutboxKind
    payload: bytes
    topic: str | None = None
    key: bytes | None = None
    headers: tuple[tuple[str, bytes], ...] = ()
    target: str | None = None
    target_refused: str | None = None


@dataclass(frozen=True, slots=True)
class PendingMessage:
    """An outbox row not yet sent."""

    id: int
    request_id: int
    run_id: UUID
    message: OutboxMessage
    attempts: int
    created_at: datetime
    last_error: str | None = field(default=None)


class Outbox(Protocol):
    """The relay's view of the outbox; every method raises ``StoreUnavailable``
    when the store cannot be reached."""

    async def due(
        self, *, limit: int, kinds: tuple[OutboxKind, ...] = ("message", "callback")
    ) -> list[PendingMessage]:
        """Unsent rows of these kinds whose next attempt is due, oldest first,
        claimed for a while so two relays do not send the same row at once."""

    async def mark_sent(self, message_ids: Sequence[int]) -> None:
        """The broker or the target acknowledged these."""

    async def retry_later(self, message_id: int, *, error: str, delay_s: float) -> None:
        """Count a failed attempt and schedule the next one."""

    async def give_up(self, message_id: int, *, error: str) -> None:
        """Stop trying (the callback target refused for good, or attempts ran out)."""


def encode_headers(headers: tuple[tuple[str, bytes], ...]) -> list[list[str]]:
    """Headers as JSON: values are UTF-8 text in this service, kept lossless via latin-1."""
    return [[name, value.decode("latin-1")] for name, value in headers]


def decode_headers(stored: list[list[str]]) -> tuple[tuple[str, bytes], ...]:
    return tuple((name, value.encode("latin-1")) for name, value in stored)
