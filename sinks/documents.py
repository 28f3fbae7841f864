"""The read cache in PostgreSQL: ``ReadCache`` over the ledger's pool.

A miss is one indexed lookup; a store outage makes the cache empty (logged),
never a failed read: the document is simply read again.
"""

from __future__ import annotations

import structlog

from schemas import ReadDocument

from .errors import SinkError
from .postgres import PostgresLedger

log = structlog.get_logger(__name__)


class PostgresReadCache:
    """Rows of ``documents``; entries older than ``max_age_days`` are not used."""

    def __init__(self, ledger: PostgresLedger, *, max_age_days: int) -> None:
        self._ledger = ledger
        self._max_age_days = max_age_days

    async def get(self, sha256: str, reader: str) -> ReadDocument | None:
        try:
            row = await self._ledger.run(
                lambda conn: conn.fetchval(
                    """
                    SELECT document FROM documents
                     WHERE sha256 = $1 AND reader = $2
                       AND created_at > now() - make_interval(days => $3)
                    """,
                    sha256,
                    reader,
                    self._max_age_days,
                )
            )
        except SinkError as exc:
            log.warning("read_cache.unavailable", error=str(exc))
            return None
        return None if row is None else ReadDocument.model_validate(row)

    async def put(self, sha256: str, reader: str, document: ReadDocument) -> None:
        try:
            await self._ledger.run(
                lambda conn: conn.execute(
                    """
                    INSERT INTO documents (sha256, reader, document) VALUES ($1, $2, $3)
                    ON CONFLICT (sha256, reader)
                        DO UPDATE SET document = EXCLUDED.document, created_at = now()
                    """,
                    sha256,
                    reader,
                    document.model_dump(mode="json"),
                )
            )
        except SinkError as exc:
            log.warning("read_cache.unavailable", error=str(exc))

    async def purge(self) -> int:
        """Delete the entries past their age; how many went."""
        outcome = await self._ledger.run(
            lambda conn: conn.execute(
                "DELETE FROM documents WHERE created_at <= now() - make_interval(days => $1)",
                self._max_age_days,
            )
        )
        return int(outcome.split()[-1])
