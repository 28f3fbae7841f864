"""The transactional outbox: what must be sent once a decision is committed.

The decision and its messages are written in one transaction; the relay
sends them afterwards and marks each one sent. A crash between sending and
marking repeats the send of the same message (same ``run_id``), never a
second decision.
"""

from __future__ import annotations

import base64
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
    """Headers as JSON for a JSONB column, lossless: ``[name, value]`` with the value
    as latin-1 text; a header holding a NUL (which JSONB cannot store: a producer's
    binary header would fail the whole statement) as ``[name, value, "b64"]``, its
    name and value base64."""
    encoded = []
    for name, value in headers:
        if "\x00" in name or b"\x00" in value:
            encoded.append([_b64(name.encode()), _b64(value), _BASE64])
        else:
            encoded.append([name, value.decode("latin-1")])
    return encoded


def decode_headers(stored: list[list[str]]) -> tuple[tuple[str, bytes], ...]:
    decoded = []
    for item in stored:
        if len(item) == 3 and item[2] == _BASE64:
            decoded.append((base64.b64decode(item[0]).decode(), base64.b64decode(item[1])))
        else:
            decoded.append((item[0], item[1].encode("latin-1")))
    return tuple(decoded)


_BASE64 = "b64"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
