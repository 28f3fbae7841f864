from datetime import datetime

import pytest
from pydantic import ValidationError

from schemas import LoanDelayEvent, Reason, S3Location

VALID = {
    "request_id": 1234567,
    "s3_path": "s3://loan-docs/2026/11/Приказ о выходе в декретный отпуск - Жармағанбет.pdf",
    "iin": "960125445005",
    "first_name": "Айгерим",
    "last_name": "Жармаганбет",
    "second_name": "Сериккызы",
    "reason": "maternity_leave",
    "created_at": "2026-11-20T10:00:00+05:00",
}


def test_contract_example_parses() -> None:
    event = LoanDelayEvent.model_validate(VALID)
    assert event.request_id == 1234567
    assert event.reason is Reason.MATERNITY_LEAVE
    assert event.created_at == datetime.fromisoformat("2026-11-20T10:00:00+05:00")


def test_request_id_as_decimal_string_and_unknown_fields() -> None:
    event = LoanDelayEvent.model_validate({**VALID, "request_id": "42", "app_version": "7.1"})
    assert event.request_id == 42


@pytest.mark.parametrize("request_id", [0, -1, "12e3", 1.5, True, "", None, "٤٢"])
def test_bad_request_ids(request_id: object) -> None:
    with pytest.raises(ValidationError):
        LoanDelayEvent.model_validate({**VALID, "request_id": request_id})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("iin", "960125445006"),
        ("iin", "96012544500"),
        ("first_name", "   "),
        ("last_name", "x" * 101),
        ("reason", "vacation"),
        ("created_at", "2026-11-20T10:00:00"),
        ("s3_path", ""),
        # PostgreSQL's text and JSONB cannot hold U+0000: refused, not recorded.
        ("last_name", "Жармаганбет\x00"),
        ("first_name", "Ай\x00герим"),
        ("second_name", "\x00"),
        ("s3_path", "s3://loan-docs/a\x00.pdf"),
        ("iin", "960125445005\x00"),
        ("callback_url", "https://bank.kz/cb\x00"),
    ],
)
def test_fields_breaking_the_contract(field: str, value: object) -> None:
    with pytest.raises(ValidationError) as info:
        LoanDelayEvent.model_validate({**VALID, field: value})
    assert info.value.errors()[0]["loc"][0] == field


@pytest.mark.parametrize("missing", ["request_id", "s3_path", "iin", "first_name", "last_name"])
def test_required_fields(missing: str) -> None:
    payload = {k: v for k, v in VALID.items() if k != missing}
    with pytest.raises(ValidationError):
        LoanDelayEvent.model_validate(payload)


def test_optional_fields_may_be_null_or_empty() -> None:
    event = LoanDelayEvent.model_validate(
        {**VALID, "second_name": "", "reason": None, "created_at": None}
    )
    assert event.second_name is None and event.reason is None and event.created_at is None


def test_names_are_trimmed() -> None:
    event = LoanDelayEvent.model_validate({**VALID, "first_name": "  Айгерим "})
    assert event.first_name == "Айгерим"


def test_s3_location_forms() -> None:
    full = S3Location.parse(VALID["s3_path"], default_bucket="other")
    assert full.bucket == "loan-docs"
    assert full.key == "2026/11/Приказ о выходе в декретный отпуск - Жармағанбет.pdf"
    bare = S3Location.parse("/2026/doc.pdf", default_bucket="loan-docs")
    assert (bare.bucket, bare.key) == ("loan-docs", "2026/doc.pdf")
    for bad in ("s3://", "s3://bucket", "s3://bucket/", "/"):
        with pytest.raises(ValueError):
            S3Location.parse(bad, default_bucket="loan-docs")
