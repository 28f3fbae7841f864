"""What the operator port needs from the worker, as small typed seams.

The worker hands in its ledger, S3 store and producer (``runtime_services``);
unit tests hand in ``sinks.MemoryLedger`` and a recording submitter.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from pydantic import SecretStr

from schemas import LoanDelayEvent
from sinks.ledger import LedgerEntry, LedgerStatus

from ..submit import Upload


class RequestLog(Protocol):
    """The ledger, read-only."""

    async def get(self, request_id: int) -> LedgerEntry | None: ...

    async def recent(
        self, *, limit: int, status: LedgerStatus | None = None
    ) -> list[LedgerEntry]: ...


class Submitter(Protocol):
    """Stores the document and produces its event (``stream.submit.submit_document``);
    raises ``pydantic.ValidationError`` for fields the event refuses."""

    async def __call__(self, upload: Upload) -> LoanDelayEvent: ...


@dataclass(frozen=True, slots=True)
class Probe:
    """One dependency ``/ready`` checks; ``check`` raises when it cannot be reached."""

    name: str
    check: Callable[[], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class Services:
    requests: RequestLog
    submit: Submitter
    probes: Sequence[Probe]


# None while the worker is still opening its connections.
ServicesSource = Callable[[], Services | None]


@dataclass(frozen=True, slots=True)
class OperatorConfig:
    token: SecretStr | None = None
    """``OPERATOR_TOKEN``: when set, the API and the console require it."""
    max_file_bytes: int = 20 * 1024 * 1024
    probe_timeout_s: float = 1.5
    recent_limit: int = 50
    session_s: float = 8 * 3600
    """How long a console sign-in lasts."""
    token_failures: int = 5
    token_window_s: float = 300.0
    """``OPERATOR_TOKEN_FAILURES`` wrong tokens from one client within
    ``OPERATOR_TOKEN_WINDOW_S``, and its next attempts are refused (429) until the
    oldest of them is that old."""
