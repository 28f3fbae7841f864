"""The verdict published on ``dl-loan-delay-verdicts`` (CONTRACT section 3)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .codes import DocType, ErrorCode, Status

SCHEMA_VERSION = 1


class ErrorItem(BaseModel):
    """One failed check, with what was expected and what was found."""

    model_config = ConfigDict(frozen=True)

    code: ErrorCode
    message: str
    details: dict[str, Any] = Field(default_factory=dict)


class DocumentFacts(BaseModel):
    """What the service read off the document; every field may be unknown."""

    doc_type: DocType | None = None
    doc_date: date | None = None
    person: str | None = None
    iin: str | None = None
    has_stamp: bool | None = None
    pages: int | None = None
    language: Literal["ru", "kk", "mixed"] | None = None


class Disagreement(BaseModel):
    """A fact the rules and the LLM read differently, and whose reading the result used."""

    model_config = ConfigDict(frozen=True)

    field: Literal["doc_type", "person", "iin", "doc_date", "has_stamp"]
    rules: str | bool | list[str] | None
    llm: str | bool | list[str] | None
    used: Literal["rules", "llm"]


class VerificationResult(BaseModel):
    """One result per request; a repeat carries the same ``run_id``."""

    model_config = ConfigDict(extra="ignore")

    schema_version: int = SCHEMA_VERSION
    request_id: int = Field(gt=0)
    run_id: UUID
    status: Status
    verdict: bool | None
    errors: list[ErrorItem] = Field(default_factory=list)
    document: DocumentFacts | None = None
    timings_ms: dict[str, int] = Field(default_factory=dict)
    processed_at: datetime
    # Where an LLM checker read a fact differently from the rules; empty otherwise.
    disagreements: list[Disagreement] = Field(default_factory=list)

    @model_validator(mode="after")
    def _verdict_matches_status(self) -> VerificationResult:
        if self.status is Status.COMPLETED:
            expected = not self.errors
            if self.verdict is not expected:
                raise ValueError(
                    "a completed result's verdict is true exactly when errors is empty"
                )
        elif self.verdict is not None:
            raise ValueError(f"a {self.status} result has no verdict")
        return self

    def to_bytes(self) -> bytes:
        return self.model_dump_json(exclude_none=False).encode()

    @property
    def error_codes(self) -> list[str]:
        return [e.code.value for e in self.errors]
