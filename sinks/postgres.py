"""The ledger in PostgreSQL (asyncpg)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

import asyncpg

from schemas import VerificationResult

from .errors import StoreRefused, StoreUnavailable
from .ledger import (
    OPEN_STATUSES,
    Admission,
    Arrival,
    LedgerEntry,
    LedgerStatus,
    RawMessage,
    SourcePosition,
    admission_of,
    admission_rounds,
    trial_arrival,
)
from .migrate import apply_migrations
from .outbox import OutboxMessage, decode_headers, encode_headers
from .postgres_outbox import outbox_columns, queue_after

T = TypeVar("T")

# Errors that mean "the store is not there right now", as opposed to a bug.
_UNAVAILABLE = (
    OSError,
    asyncpg.InterfaceError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
    asyncpg.AdminShutdownError,
    asyncpg.QueryCanceledError,
    # Two batches admitting the same requests at once: the loser's statement is
    # rolled back whole and can simply run again.
    asyncpg.DeadlockDetectedError,
    TimeoutError,
)


async def _init_connection(conn: asyncpg.Connection) -> None:
    for type_name in ("json", "jsonb"):
        await conn.set_type_codec(
            type_name, encoder=json.dumps, decoder=json.loads, schema="pg_catalog"
        )


async def _keep_session(conn: asyncpg.Connection) -> None:
    """Nothing to reset: asyncpg's default sends "RESET ALL; UNLISTEN *; ..." on every
    release, a round trip per query. The ledger changes no session state (no SET,
    LISTEN or cursor outlives a call; the migrations' advisory lock is released
    explicitly), and an open transaction is still rolled back by the pool."""


# The conditional update that decides, and the outbox rows only for the row it
# updated (in the order given, so the relay sends them in that order).
_DECIDE = (
    """
    WITH decided AS (
        UPDATE requests
           SET status = $3, verdict = $4, errors = $5, document = $6, result = $7,
               timings_ms = $8, completed_at = now(), updated_at = now(),
               lease_owner = NULL, lease_expires_at = NULL
         WHERE request_id = $1 AND run_id = $2 AND status = ANY($9::text[])
           AND ($10::text IS NULL OR lease_owner = $10)
        RETURNING request_id, run_id
    ), queued AS ("""
    + queue_after("decided", 11)
    + """
    )
    SELECT count(*) FROM decided
    """
)

# A rejection is recorded only for an unknown request (its run id is fresh, so
# the stored run tells who inserted); a repeat is counted and queues nothing.
_REJECT = (
    """
    WITH rejected AS (
        INSERT INTO requests AS r (request_id, run_id, status, errors, result, completed_at,
                                   source_topic, source_partition, source_offset)
        VALUES ($1, $2, 'rejected', $3, $4, now(), $5, $6, $7)
        ON CONFLICT (request_id) DO UPDATE
            SET duplicates = r.duplicates + 1, updated_at = now()
        RETURNING request_id, run_id, run_id = $2 AS inserted
    ), queued AS ("""
    + queue_after("(SELECT request_id, run_id FROM rejected WHERE inserted)", 8)
    + """
    )
    SELECT inserted FROM rejected
    """
)


async def _admit_round(
    conn: asyncpg.Connection, arrivals: Sequence[Arrival]
) -> list[asyncpg.Record]:
    """Insert the arrivals (distinct request ids), or count each repeat and
    report what is stored; one row per arrival, in their order."""
    columns: tuple[list[Any], ...] = tuple([] for _ in range(11))
    for arrival in arrivals:
        source, raw = arrival.source, arrival.raw
        values = (
            arrival.event.request_id,
            arrival.run_id,
            arrival.event.model_dump_json(),
            arrival.reference_time,
            source.topic if source else None,
            source.partition if source else None,
            source.offset if source else None,
            raw.key if raw else None,
            raw.value if raw else None,
            json.dumps(encode_headers(raw.headers)) if raw else None,
            raw.timestamp_ms if raw else None,
        )
        for column, value in zip(columns, values, strict=True):
            column.append(value)
    # Rows are locked in request id order, so two batches sharing requests wait
    # for each other instead of deadlocking.
    rows = await conn.fetch(
        """
        INSERT INTO requests AS r (request_id, run_id, status, event, reference_time,
                                   source_topic, source_partition, source_offset,
                                   raw_key, raw_value, raw_headers, raw_timestamp_ms)
        SELECT a.request_id, a.run_id, 'received', a.event::jsonb, a.reference_time,
               a.source_topic, a.source_partition, a.source_offset,
               a.raw_key, a.raw_value, a.raw_headers::jsonb, a.raw_timestamp_ms
          FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[],
                      $6::integer[], $7::bigint[], $8::bytea[], $9::bytea[], $10::text[],
                      $11::bigint[])
            AS a(request_id, run_id, event, reference_time, source_topic, source_partition,
                 source_offset, raw_key, raw_value, raw_headers, raw_timestamp_ms)
         ORDER BY a.request_id
        ON CONFLICT (request_id) DO UPDATE
            SET duplicates = r.duplicates + 1, updated_at = now()
        RETURNING request_id, run_id, status
        """,
        *columns,
    )
    by_id = {row["request_id"]: row for row in rows}
    return [by_id[arrival.event.request_id] for arrival in arrivals]


class PostgresLedger:
    """``Ledger`` over an asyncpg pool; ``connect`` applies the migrations."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    @classmethod
    async def connect(cls, dsn: str, *, min_size: int = 1, max_size: int = 10) -> PostgresLedger:
        try:
            pool = await asyncpg.create_pool(
                dsn,
                min_size=min_size,
                max_size=max_size,
                init=_init_connection,
                reset=_keep_session,
                timeout=15,
            )
            async with pool.acquire() as conn:
                await apply_migrations(conn)
        except _UNAVAILABLE as exc:
            raise StoreUnavailable(f"cannot reach PostgreSQL: {exc}") from exc
        return cls(pool)

    async def close(self) -> None:
        await self._pool.close()

    async def ping(self) -> None:
        await self.run(lambda conn: conn.fetchval("SELECT 1"))

    async def run(self, op: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
        """Run ``op`` on a pooled connection; an unavailable store becomes
        ``StoreUnavailable``, a value it cannot hold ``StoreRefused``."""
        try:
            async with self._pool.acquire() as conn:
                return await op(conn)
        except _UNAVAILABLE as exc:
            raise StoreUnavailable(f"PostgreSQL: {exc}") from exc
        except asyncpg.DataError as exc:
            # Also raised by the driver itself for an argument it cannot encode.
            sqlstate = str(exc.sqlstate or "22000")
            raise StoreRefused(
                f"PostgreSQL refused a value (SQLSTATE {sqlstate})", sqlstate=sqlstate
            ) from exc

    async def admit(self, arrivals: Sequence[Arrival]) -> list[Admission]:
        rounds = admission_rounds(arrivals)
        if len(rounds) == 1:
            # The usual case: one statement, so one round trip and all or nothing.
            rows = await self.run(lambda conn: _admit_round(conn, arrivals))
        else:

            async def in_rounds(conn: asyncpg.Connection) -> list[asyncpg.Record]:
                async with conn.transaction():
                    return [
                        row
                        for positions in rounds
                        for row in await _admit_round(conn, [arrivals[p] for p in positions])
                    ]

            rows = await self.run(in_rounds)
        by_position = dict(zip((p for positions in rounds for p in positions), rows, strict=True))
        # Inserted when the stored run is this arrival's own: run ids are fresh.
        return [
            admission_of(row["run_id"] == arrival.run_id, row["run_id"], row["status"])
            for arrival, row in zip(
                arrivals, (by_position[p] for p in range(len(arrivals))), strict=True
            )
        ]

    async def try_admission(self) -> None:
        async def undone(conn: asyncpg.Connection) -> None:
            trial = conn.transaction()
            await trial.start()
            try:
                await _admit_round(conn, [trial_arrival(datetime.now(UTC))])
            finally:
                await trial.rollback()

        await self.run(undone)

    async def advance(self, request_id: int, run_id: UUID, status: LedgerStatus) -> bool:
        if status not in OPEN_STATUSES:
            raise ValueError(f"advance() moves between open statuses, not to {status}")
        result = await self.run(
            lambda conn: conn.execute(
                """
                UPDATE requests SET status = $3, updated_at = now()
                WHERE request_id = $1 AND run_id = $2 AND status = ANY($4::text[])
                """,
                request_id,
                run_id,
                status,
                list(OPEN_STATUSES),
            )
        )
        return result.endswith(" 1")

    async def decide(
        self,
        result: VerificationResult,
        *,
        outbox: Sequence[OutboxMessage] = (),
        owner: str | None = None,
    ) -> bool:
        payload = result.model_dump(mode="json")
        # One statement, so one round trip and one implicit transaction: the
        # conditional update, and the outbox rows only for the row it updated
        # (in the order given, so the relay sends them in that order). Both
        # commit, or neither does.
        decided = await self.run(
            lambda conn: conn.fetchval(
                _DECIDE,
                result.request_id,
                result.run_id,
                result.status.value,
                result.verdict,
                payload["errors"],
                payload["document"],
                payload,
                result.timings_ms,
                list(OPEN_STATUSES),
                owner,
                *outbox_columns(outbox),
            )
        )
        return decided == 1

    async def reject(
        self,
        result: VerificationResult,
        *,
        source: SourcePosition | None,
        outbox: Sequence[OutboxMessage] = (),
    ) -> bool:
        payload = result.model_dump(mode="json")

        # As ``decide``: the row and its outbox rows in one statement.
        inserted = await self.run(
            lambda conn: conn.fetchval(
                _REJECT,
                result.request_id,
                result.run_id,
                payload["errors"],
                payload,
                source.topic if source else None,
                source.partition if source else None,
                source.offset if source else None,
                *outbox_columns(outbox),
            )
        )
        return bool(inserted)

    async def claim(
        self, request_id: int, run_id: UUID, *, owner: str, lease_s: float
    ) -> int | None:
        attempt = await self.run(
            lambda conn: conn.fetchval(
                """
                UPDATE requests
                   SET status = 'downloading', attempts = attempts + 1, lease_owner = $3,
                       lease_expires_at = now() + make_interval(secs => $4), updated_at = now()
                 WHERE request_id = $1 AND run_id = $2 AND status = ANY($5::text[])
                   AND (lease_owner IS NULL OR lease_owner = $3 OR lease_expires_at < now())
                RETURNING attempts
                """,
                request_id,
                run_id,
                owner,
                lease_s,
                list(OPEN_STATUSES),
            )
        )
        return attempt

    async def renew(self, request_id: int, run_id: UUID, *, owner: str, lease_s: float) -> bool:
        outcome = await self.run(
            lambda conn: conn.execute(
                """
                UPDATE requests SET lease_expires_at = now() + make_interval(secs => $4)
                 WHERE request_id = $1 AND run_id = $2 AND lease_owner = $3
                   AND status = ANY($5::text[])
                """,
                request_id,
                run_id,
                owner,
                lease_s,
                list(OPEN_STATUSES),
            )
        )
        return outcome.endswith(" 1")

    async def release(self, request_id: int, run_id: UUID, *, owner: str) -> None:
        # Expired now, not cleared: the reaper sees it at once and resumes it.
        await self.run(
            lambda conn: conn.execute(
                """
                UPDATE requests SET lease_expires_at = now(), updated_at = now()
                 WHERE request_id = $1 AND run_id = $2 AND lease_owner = $3
                   AND status = ANY($4::text[])
                """,
                request_id,
                run_id,
                owner,
                list(OPEN_STATUSES),
            )
        )

    async def hand_back(self, request_id: int, run_id: UUID, *, owner: str, error: str) -> bool:
        outcome = await self.run(
            lambda conn: conn.execute(
                """
                UPDATE requests
                   SET lease_owner = NULL, lease_expires_at = NULL, updated_at = now(),
                       last_error = $4
                 WHERE request_id = $1 AND run_id = $2 AND lease_owner = $3
                   AND status = ANY($5::text[])
                """,
                request_id,
                run_id,
                owner,
                {"error": error[:1000]},
                list(OPEN_STATUSES),
            )
        )
        return outcome.endswith(" 1")

    async def take_expired(self, *, stale_after_s: float, limit: int) -> list[LedgerEntry]:
        rows = await self.run(
            lambda conn: conn.fetch(
                """
                UPDATE requests AS r
                   SET lease_owner = NULL, lease_expires_at = NULL,
                       resumed = r.resumed + 1, updated_at = now()
                 WHERE r.request_id IN (
                       SELECT request_id FROM requests
                        WHERE status = ANY($1::text[])
                          AND (lease_expires_at < now()
                               OR (lease_expires_at IS NULL
                                   AND updated_at < now() - make_interval(secs => $2)))
                        ORDER BY updated_at
                        LIMIT $3
                        FOR UPDATE SKIP LOCKED)
                RETURNING r.*
                """,
                list(OPEN_STATUSES),
                stale_after_s,
                limit,
            )
        )
        return [_entry(row) for row in rows]

    async def get(self, request_id: int) -> LedgerEntry | None:
        row = await self.run(
            lambda conn: conn.fetchrow("SELECT * FROM requests WHERE request_id = $1", request_id)
        )
        return None if row is None else _entry(row)

    async def reopen(
        self, request_id: int, run_id: UUID, *, new_run_id: UUID, reopened_by: str
    ) -> LedgerEntry | None:
        # One conditional statement: only a failed row of this run, and each dead
        # letter reopens once, however often its replay is delivered.
        row = await self.run(
            lambda conn: conn.fetchrow(
                """
                UPDATE requests
                   SET earlier_runs = earlier_runs || jsonb_build_array(jsonb_build_object(
                           'run_id', run_id, 'status', status, 'errors', errors,
                           'attempts', attempts, 'completed_at', completed_at,
                           'reopened_at', now(), 'reopened_by', $4::text)),
                       run_id = $3, status = 'received', reopened = reopened + 1,
                       verdict = NULL, errors = '[]'::jsonb, document = NULL, result = NULL,
                       timings_ms = '{}'::jsonb, attempts = 0, resumed = 0, last_error = NULL,
                       completed_at = NULL, lease_owner = NULL, lease_expires_at = NULL,
                       updated_at = now()
                 WHERE request_id = $1 AND run_id = $2 AND status = 'failed'
                   AND NOT earlier_runs @> jsonb_build_array(
                           jsonb_build_object('reopened_by', $4::text))
                RETURNING *
                """,
                request_id,
                run_id,
                new_run_id,
                reopened_by,
            )
        )
        return None if row is None else _entry(row)

    async def recent(self, *, limit: int, status: LedgerStatus | None = None) -> list[LedgerEntry]:
        rows = await self.run(
            lambda conn: conn.fetch(
                f"""
                SELECT {", ".join(_ENTRY_COLUMNS)}, source_topic, source_partition, source_offset
                  FROM requests
                 WHERE $2::text IS NULL OR status = $2
                 ORDER BY received_at DESC, request_id DESC
                 LIMIT $1
                """,
                limit,
                status,
            )
        )
        return [_entry(row) for row in rows]

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[asyncpg.Connection]:
        """A raw connection, for tests and operator tools."""
        async with self._pool.acquire() as conn:
            yield conn


def _entry(row: asyncpg.Record) -> LedgerEntry:
    source = None
    if row["source_topic"] is not None:
        source = SourcePosition(row["source_topic"], row["source_partition"], row["source_offset"])
    data: dict[str, Any] = dict(row)
    fields = {name: data[name] for name in _ENTRY_COLUMNS if name in data}
    raw = None
    if data.get("raw_value") is not None:
        raw = RawMessage(
            key=data["raw_key"],
            value=data["raw_value"],
            headers=decode_headers(data["raw_headers"] or []),
            timestamp_ms=data["raw_timestamp_ms"],
        )
    return LedgerEntry(**fields, source=source, raw=raw)


_ENTRY_COLUMNS = (
    "request_id", "run_id", "status", "event", "verdict", "errors", "document", "result",
    "timings_ms", "attempts", "duplicates", "received_at", "updated_at", "completed_at",
    "lease_owner", "lease_expires_at", "resumed", "reference_time", "reopened", "earlier_runs",
)  # fmt: skip
