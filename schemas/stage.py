"""Messages the stages hand each other over the internal topics.

Each carries the validated event, the run it belongs to and the timings so
far, so any stage can finish the request on its own.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from .document import ReadDocument
from .event import LoanDelayEvent


class StageTask(BaseModel):
    """Work for the reading stage (from intake)."""

    model_config = ConfigDict(frozen=True)

    run_id: UUID
    event: LoanDelayEvent
    reference_time: datetime
    received_at: datetime
    timings_ms: dict[str, int] = Field(default_factory=dict)
    traceparent: str | None = None
    attempt: int = Field(default=0, ge=0, description="which attempt at the document this is")
    lease: str | None = Field(default=None, description="the lease token of this attempt")
    not_before: datetime | None = Field(default=None, description="a retry waits until then")

    @property
    def request_id(self) -> int:
        return self.event.request_id

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode()


class CheckTask(StageTask):
    """Work for the checking stage (from reading): the task plus the read document."""

    document: ReadDocument
