"""Holding a request's lease while working on it.

The lease is a token made per claim, carried from the reading to the
checking stage; only its holder can decide. While work runs the token is
renewed in the background; if the work is cancelled (shutdown) the lease is
released so another worker resumes the request at once.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from uuid import UUID

import structlog

from sinks import Ledger, SinkError

log = structlog.get_logger(__name__)


@contextlib.asynccontextmanager
async def held(
    ledger: Ledger, request_id: int, run_id: UUID, *, token: str, lease_s: float
) -> AsyncIterator[None]:
    """Renew the lease every third of ``lease_s`` while the body runs."""

    async def renew() -> None:
        while True:
            await asyncio.sleep(lease_s / 3)
            try:
                if not await ledger.renew(request_id, run_id, owner=token, lease_s=lease_s):
                    log.warning("lease.lost", request_id=request_id)
                    return
            except SinkError as exc:
                # The store may be back before the lease runs out; keep trying.
                log.warning("lease.renew_failed", request_id=request_id, error=str(exc))

    keeper = asyncio.create_task(renew(), name=f"lease-{request_id}")
    try:
        yield
    except asyncio.CancelledError:
        with contextlib.suppress(SinkError, asyncio.CancelledError):
            await asyncio.shield(ledger.release(request_id, run_id, owner=token))
        raise
    finally:
        keeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await keeper
