from datetime import UTC, datetime
from uuid import uuid4

import pytest
from pydantic import ValidationError

from schemas import (
    DeadLetter,
    DeadLetterReason,
    ErrorCode,
    ErrorItem,
    Status,
    VerificationResult,
)
from schemas.jsonschema import JSON_DIR, PUBLISHED, render

NOW = datetime(2026, 11, 20, 5, 0, tzinfo=UTC)


def _result(**changes: object) -> VerificationResult:
    fields: dict[str, object] = {
        "request_id": 1,
        "run_id": uuid4(),
        "status": Status.COMPLETED,
        "verdict": True,
        "processed_at": NOW,
    }
    fields.update(changes)
    return VerificationResult.model_validate(fields)


def test_verdict_follows_errors_for_completed() -> None:
    error = ErrorItem(code=ErrorCode.NAME_MISMATCH, message="x")
    assert _result(verdict=False, errors=[error]).error_codes == ["NAME_MISMATCH"]
    with pytest.raises(ValidationError):
        _result(verdict=True, errors=[error])
    with pytest.raises(ValidationError):
        _result(verdict=False)


@pytest.mark.parametrize("status", [Status.FAILED, Status.REJECTED])
def test_failed_and_rejected_have_no_verdict(status: Status) -> None:
    assert _result(status=status, verdict=None).verdict is None
    with pytest.raises(ValidationError):
        _result(status=status, verdict=False)


def test_round_trip_keeps_schema_version() -> None:
    result = _result()
    again = VerificationResult.model_validate_json(result.to_bytes())
    assert again == result
    assert again.schema_version == 1


def test_unknown_error_code_refused() -> None:
    with pytest.raises(ValidationError):
        ErrorItem.model_validate({"code": "SOMETHING_ELSE", "message": "x"})


def test_dead_letter_headers_keep_originals_and_add_contract_headers() -> None:
    letter = DeadLetter(
        reason=DeadLetterReason.INVALID_JSON,
        error="not JSON",
        original_topic="dl-loan-delay",
        original_partition=2,
        original_offset=17,
        original_timestamp_ms=1763600000000,
        consumer_group="nohd_MSB",
        attempts=1,
        failed_at=NOW,
    )
    headers = dict(letter.envelope_headers([("traceparent", b"00-abc"), ("dlq.reason", b"old")]))
    assert headers["traceparent"] == b"00-abc"
    assert headers["dlq.reason"] == b"INVALID_JSON"
    assert headers["dlq.original.partition"] == b"2"
    assert headers["dlq.original.offset"] == b"17"
    assert headers["dlq.original.timestamp"] == b"1763600000000"
    assert headers["dlq.consumer_group"] == b"nohd_MSB"
    assert headers["dlq.attempts"] == b"1"
    assert datetime.fromisoformat(headers["dlq.failed_at"].decode()) == NOW


@pytest.mark.parametrize("filename", sorted(PUBLISHED))
def test_json_schema_files_match_the_models(filename: str) -> None:
    model, mode = PUBLISHED[filename]
    stored = (JSON_DIR / filename).read_text(encoding="utf-8")
    assert stored == render(model, mode), "run `make schemas` and commit the files"
