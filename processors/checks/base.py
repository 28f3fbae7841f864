"""The seam between the stream and whatever judges a document.

The rules engine implements it now; an LLM-backed checker implements the same
protocol, so the checking agent never knows which one it holds.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from schemas.codes import Reason
from schemas.document import ReadDocument
from schemas.result import Disagreement, DocumentFacts, ErrorItem


class Applicant(BaseModel):
    """Who the event says the document is about."""

    model_config = ConfigDict(frozen=True)

    iin: str
    last_name: str
    first_name: str
    second_name: str | None = None


class CheckRequest(BaseModel):
    """Everything a checker needs besides the document."""

    model_config = ConfigDict(frozen=True)

    applicant: Applicant
    reason: Reason | None
    reference_time: datetime
    max_age_days: int = Field(gt=0)


UnsureFact = Literal["doc_type", "person"]
"""Facts whose reading a second opinion (the LLM) may settle."""


class CheckReport(BaseModel):
    """A checker's findings: the facts read and every check that failed.

    ``unsure`` names the facts the rules could not establish, or established
    only weakly, with a short reason (``not_found``, ``fuzzy``...); a fact not
    named there was read with confidence. ``disagreements`` lists the facts a
    second reader saw differently and which reading was used.
    """

    facts: DocumentFacts
    errors: list[ErrorItem] = Field(default_factory=list)
    unsure: dict[UnsureFact, str] = Field(default_factory=dict)
    disagreements: list[Disagreement] = Field(default_factory=list)


class DocumentChecker(Protocol):
    """Judges one read document against one request.

    ``check`` returns a report for any readable input; it raises
    ``processors.errors.CheckerFailure`` (retriable) only when its backend
    fails, never for a document it dislikes.
    """

    async def check(self, request: CheckRequest, document: ReadDocument) -> CheckReport: ...
