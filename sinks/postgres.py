"""The ledger in PostgreSQL (asyncpg)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

import asyncpg

from schemas import LoanDelayEvent, VerificationResult

from .errors import StoreUnavailable
from .ledger import (
    OPEN_STATUSES,
    Admission,
    AdmissionKind,
    LedgerEntry,
    LedgerStatus,
    SourcePosition,
)
from .migrate import apply_migrations

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
    TimeoutError,
)


async def _init_connection(conn: asyncpg.Connection) -> None:
    for type_name in ("json", "jsonb"):
        await conn.set_type_codec(
            type_name, encoder=json.dumps, decoder=json.loads, schema="pg_catalog"
        )


class PostgresLedger:
    """``Ledger`` over an asyncpg pool; ``connect`` applies the migrations."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    @classmethod
    async def connect(cls, dsn: str, *, min_size: int = 1, max_size: int = 10) -> PostgresLedger:
        try:
            pool = await asyncpg.create_pool(
                dsn, min_size=min_size, max_size=max_size, init=_init_connection, timeout=15
            )
            async with pool.acquire() as conn:
                await apply_migrations(conn)
        except _UNAVAILABLE as exc:
            raise StoreUnavailable(f"cannot reach PostgreSQL: {exc}") from exc
        return cls(pool)

    async def close(self) -> None:
        await self._pool.close()

    async def ping(self) -> None:
        await self._run(lambda conn: conn.fetchval("SELECT 1"))

    async def _run(self, op: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
        try:
            async with self._pool.acquire() as conn:
                return await op(conn)
        except _UNAVAILABLE as exc:
            raise StoreUnavailable(f"PostgreSQL: {exc}") from exc

    async def admit(
        self,
        event: LoanDelayEvent,
        *,
        run_id: UUID,
        reference_time: datetime,
        source: SourcePosition | None,
    ) -> Admission:
        # One statement: insert, or count the repeat and report what is stored.
        row = await self._run(
            lambda conn: conn.fetchrow(
                """
                INSERT INTO requests AS r (request_id, run_id, status, event, reference_time,
                                           source_topic, source_partition, source_offset)
                VALUES ($1, $2, 'received', $3, $4, $5, $6, $7)
                ON CONFLICT (request_id) DO UPDATE
                    SET duplicates = r.duplicates + 1, updated_at = now()
                RETURNING run_id, status, (xmax = 0) AS inserted
                """,
                event.request_id,
                run_id,
                event.model_dump(mode="json"),
                reference_time,
                source.topic if source else None,
                source.partition if source else None,
                source.offset if source else None,
            )
        )
        if row["inserted"]:
            kind = AdmissionKind.NEW
        elif row["status"] in OPEN_STATUSES:
            kind = AdmissionKind.IN_FLIGHT
        else:
            kind = AdmissionKind.DUPLICATE
        return Admission(kind=kind, run_id=row["run_id"], status=row["status"])

    async def advance(self, request_id: int, run_id: UUID, status: LedgerStatus) -> bool:
        if status not in OPEN_STATUSES:
            raise ValueError(f"advance() moves between open statuses, not to {status}")
        # A new download is a new attempt at the document.
        bump = 1 if status == "downloading" else 0
        result = await self._run(
            lambda conn: conn.execute(
                """
                UPDATE requests SET status = $3, attempts = attempts + $4, updated_at = now()
                WHERE request_id = $1 AND run_id = $2 AND status = ANY($5::text[])
                """,
                request_id,
                run_id,
                status,
                bump,
                list(OPEN_STATUSES),
            )
        )
        return result.endswith(" 1")

    async def decide(self, result: VerificationResult) -> bool:
        payload = result.model_dump(mode="json")
        outcome = await self._run(
            lambda conn: conn.execute(
                """
                UPDATE requests
                   SET status = $3, verdict = $4, errors = $5, document = $6, result = $7,
                       timings_ms = $8, completed_at = now(), updated_at = now()
                 WHERE request_id = $1 AND run_id = $2 AND status = ANY($9::text[])
                """,
                result.request_id,
                result.run_id,
                result.status.value,
                result.verdict,
                payload["errors"],
                payload["document"],
                payload,
                result.timings_ms,
                list(OPEN_STATUSES),
            )
        )
        return outcome.endswith(" 1")

    async def reject(self, result: VerificationResult, *, source: SourcePosition | None) -> bool:
        payload = result.model_dump(mode="json")
        inserted = await self._run(
            lambda conn: conn.fetchval(
                """
                INSERT INTO requests AS r (request_id, run_id, status, errors, result, completed_at,
                                           source_topic, source_partition, source_offset)
                VALUES ($1, $2, 'rejected', $3, $4, now(), $5, $6, $7)
                ON CONFLICT (request_id) DO UPDATE
                    SET duplicates = r.duplicates + 1, updated_at = now()
                RETURNING (xmax = 0)
                """,
                result.request_id,
                result.run_id,
                payload["errors"],
                payload,
                source.topic if source else None,
                source.partition if source else None,
                source.offset if source else None,
            )
        )
        return bool(inserted)

    async def get(self, request_id: int) -> LedgerEntry | None:
        row = await self._run(
            lambda conn: conn.fetchrow("SELECT * FROM requests WHERE request_id = $1", request_id)
        )
        return None if row is None else _entry(row)

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
    return LedgerEntry(
        request_id=data["request_id"],
        run_id=data["run_id"],
        status=data["status"],
        event=data["event"],
        verdict=data["verdict"],
        errors=data["errors"],
        document=data["document"],
        result=data["result"],
        timings_ms=data["timings_ms"],
        attempts=data["attempts"],
        duplicates=data["duplicates"],
        received_at=data["received_at"],
        updated_at=data["updated_at"],
        completed_at=data["completed_at"],
        source=source,
    )
