"""Building the results of CONTRACT section 3 from what the stages found."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from processors.errors import ProcessingError
from schemas import (
    Disagreement,
    DocumentFacts,
    ErrorCode,
    ErrorItem,
    Status,
    VerificationResult,
)
from schemas.stage import StageTask

Clock = Callable[[], datetime]


def _total_ms(task: StageTask, now: datetime) -> int:
    return max(0, int((now - task.received_at).total_seconds() * 1000))


def completed(
    task: StageTask,
    *,
    errors: Iterable[ErrorItem],
    facts: DocumentFacts | None,
    timings_ms: Mapping[str, int],
    now: datetime,
    disagreements: Iterable[Disagreement] = (),
) -> VerificationResult:
    errors = list(errors)
    return VerificationResult(
        request_id=task.request_id,
        run_id=task.run_id,
        status=Status.COMPLETED,
        verdict=not errors,
        errors=errors,
        document=facts,
        timings_ms={**timings_ms, "total": _total_ms(task, now)},
        processed_at=now,
        disagreements=list(disagreements),
    )


def from_document_error(
    task: StageTask, error: ProcessingError, *, timings_ms: Mapping[str, int], now: datetime
) -> VerificationResult:
    """A file that decides the outcome by itself (missing, too large, corrupt...)."""
    item = ErrorItem(code=error.code, message=error.message, details=_json_safe(error.details))
    return completed(task, errors=[item], facts=None, timings_ms=timings_ms, now=now)


def failed(
    task: StageTask,
    *,
    stage: str,
    message: str,
    attempts: int,
    timings_ms: Mapping[str, int],
    now: datetime,
) -> VerificationResult:
    item = ErrorItem(
        code=ErrorCode.PROCESSING_FAILED,
        message=message,
        details={"stage": stage, "attempts": attempts},
    )
    return VerificationResult(
        request_id=task.request_id,
        run_id=task.run_id,
        status=Status.FAILED,
        verdict=None,
        errors=[item],
        timings_ms={**timings_ms, "total": _total_ms(task, now)},
        processed_at=now,
    )


def rejected(
    request_id: int, run_id: UUID, *, problems: list[dict[str, str]], now: datetime
) -> VerificationResult:
    item = ErrorItem(
        code=ErrorCode.INVALID_EVENT,
        message="the event breaks the input contract",
        details={"problems": problems},
    )
    return VerificationResult(
        request_id=request_id,
        run_id=run_id,
        status=Status.REJECTED,
        verdict=None,
        errors=[item],
        processed_at=now,
    )


def _json_safe(details: Mapping[str, Any]) -> dict[str, Any]:
    return {
        k: v if isinstance(v, str | int | float | bool | None | list | dict) else str(v)
        for k, v in details.items()
    }
