"""The outbox in PostgreSQL: rows written with the decision, read by the relay."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import asyncpg

from .outbox import OutboxKind, OutboxMessage, PendingMessage, decode_headers, encode_headers

if TYPE_CHECKING:  # the ledger imports this module for queue_after
    from .postgres import PostgresLedger


def queue_after(source: str, first: int) -> str:
    """SQL inserting the outbox messages for the row ``source`` yields (a CTE or
    subquery with ``request_id`` and ``run_id``; none: nothing is queued), in
    their order; the messages are parameters ``$first`` to ``$first + 6``, as
    ``outbox_columns`` gives them. For a statement's ``WITH … AS (…)``, so the
    rows commit with the change that ``source`` made, or not at all."""
    kind, topic, key, payload, headers, target, refused = (f"${first + i}" for i in range(7))
    return f"""
        INSERT INTO outbox (request_id, run_id, kind, topic, key, payload, headers,
                            target, target_refused)
        SELECT s.request_id, s.run_id, m.kind, m.topic, m.key, m.payload,
               m.headers::jsonb, m.target, m.target_refused
          FROM {source} AS s
         CROSS JOIN unnest({kind}::text[], {topic}::text[], {key}::bytea[], {payload}::bytea[],
                           {headers}::text[], {target}::text[], {refused}::text[])
               WITH ORDINALITY AS m(kind, topic, key, payload, headers, target,
                                    target_refused, position)
         ORDER BY m.position"""


def outbox_columns(outbox: Sequence[OutboxMessage]) -> tuple[list[Any], ...]:
    """The messages as one array per column, in order, for ``queue_after``:
    kind, topic, key, payload, headers (JSON text), target, target_refused."""
    return (
        [m.kind for m in outbox],
        [m.topic for m in outbox],
        [m.key for m in outbox],
        [m.payload for m in outbox],
        [json.dumps(encode_headers(m.headers)) for m in outbox],
        [m.target for m in outbox],
        [m.target_refused for m in outbox],
    )


class PostgresOutbox:
    """``Outbox`` over the ledger's pool."""

    def __init__(self, ledger: PostgresLedger, *, claim_s: float = 30.0) -> None:
        self._ledger = ledger
        self._claim_s = claim_s

    async def due(
        self, *, limit: int, kinds: tuple[OutboxKind, ...] = ("message", "callback")
    ) -> list[PendingMessage]:
        # Pushing next_attempt_at forward claims the rows: a second relay skips
        # them until this one has had time to send and mark them.
        rows = await self._ledger.run(
            lambda conn: conn.fetch(
                """
                UPDATE outbox AS o
                   SET next_attempt_at = now() + make_interval(secs => $2)
                 WHERE o.id IN (
                       SELECT id FROM outbox
                        WHERE sent_at IS NULL AND given_up_at IS NULL
                          AND next_attempt_at <= now() AND kind = ANY($3::text[])
                        ORDER BY id
                        LIMIT $1
                        FOR UPDATE SKIP LOCKED)
                RETURNING o.*
                """,
                limit,
                self._claim_s,
                list(kinds),
            )
        )
        return sorted((_pending(row) for row in rows), key=lambda m: m.id)

    async def mark_sent(self, message_ids: Sequence[int]) -> None:
        await self._ledger.run(
            lambda conn: conn.execute(
                "UPDATE outbox SET sent_at = now(), attempts = attempts + 1"
                " WHERE id = ANY($1::bigint[])",
                list(message_ids),
            )
        )

    async def retry_later(self, message_id: int, *, error: str, delay_s: float) -> None:
        await self._ledger.run(
            lambda conn: conn.execute(
                """
                UPDATE outbox SET attempts = attempts + 1, last_error = $2,
                       next_attempt_at = now() + make_interval(secs => $3)
                 WHERE id = $1
                """,
                message_id,
                error[:1000],
                delay_s,
            )
        )

    async def give_up(self, message_id: int, *, error: str) -> None:
        await self._ledger.run(
            lambda conn: conn.execute(
                """
                UPDATE outbox SET attempts = attempts + 1, last_error = $2, given_up_at = now()
                 WHERE id = $1
                """,
                message_id,
                error[:1000],
            )
        )


def _pending(row: asyncpg.Record) -> PendingMessage:
    return PendingMessage(
        id=row["id"],
        request_id=row["request_id"],
        run_id=row["run_id"],
        message=OutboxMessage(
            kind=row["kind"],
            payload=row["payload"],
            topic=row["topic"],
            key=row["key"],
            headers=decode_headers(row["headers"]),
            target=row["target"],
            target_refused=row["target_refused"],
        ),
        attempts=row["attempts"],
        created_at=row["created_at"],
        last_error=row["last_error"],
    )
