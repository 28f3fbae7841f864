"""The demo set's labels: valid IINs, dates relative to today, exactly the intended failures."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta, timezone

import pytest

from schemas.codes import DocType, ErrorCode, Reason
from schemas.event import LoanDelayEvent
from schemas.iin import is_valid_iin
from stream.samples import SampleCase, build_samples, cast, make_case, spec_for
from stream.samples.cases import Renderer
from stream.samples.labels import expected_codes

_KAZAKH_LETTERS = set("ӘәҒғҚқҢңӨөҰұҮүҺһІі")


def _by_name(cases: list[SampleCase]) -> dict[str, SampleCase]:
    return {case.name: case for case in cases}


def test_demo_covers_the_required_verdicts(label_cases: list[SampleCase]) -> None:
    accepted = [c for c in label_cases if c.expected_verdict]
    rejected = {code for c in label_cases for code in c.expected_codes}
    assert len(accepted) >= 4
    assert {
        ErrorCode.NAME_MISMATCH, ErrorCode.DATE_STALE, ErrorCode.STAMP_MISSING,
        ErrorCode.DOC_TYPE_UNKNOWN, ErrorCode.DOC_TYPE_MISMATCH, ErrorCode.IIN_MISMATCH,
    } <= rejected  # fmt: skip
    made = {(c.spec.doc_type, c.spec.language, c.rendering) for c in accepted}
    assert (DocType.MATERNITY_LEAVE_ORDER, "ru", "text_pdf") in made
    assert (DocType.DISMISSAL_ORDER, "kk", "text_pdf") in made
    assert (DocType.SICK_LEAVE_CERTIFICATE, "ru", "scan") in made
    assert any(r == "photo_jpeg" for _, _, r in made)
    assert len({c.filename for c in label_cases}) == len(label_cases)


def test_every_rejected_case_fails_exactly_its_codes(label_cases: list[SampleCase]) -> None:
    for case in label_cases:
        assert case.expected_verdict == (not case.expected_codes)
        if case.expected_codes:
            assert len(case.expected_codes) == 1, case.name


@pytest.mark.parametrize("name", ["dismissal_kk_pdf", "stamp_missing_pdf", "date_stale_pdf"])
def test_labels_match_what_the_document_says(
    label_cases: list[SampleCase], today: date, name: str
) -> None:
    case = _by_name(label_cases)[name]
    applicant = next(p for p in vars(cast).values()
                     if isinstance(p, cast.Person) and p.iin == case.iin)  # fmt: skip
    assert expected_codes(case.spec, applicant, case.reason, today) == case.expected_codes


def test_every_iin_is_valid_and_matches_the_birth_date(label_cases: list[SampleCase]) -> None:
    for case in label_cases:
        assert is_valid_iin(case.iin), case.name
        if case.spec.iin is not None:
            assert is_valid_iin(case.spec.iin), case.name
            assert case.spec.birth_date is not None
            assert case.spec.iin[:6] == f"{case.spec.birth_date:%y%m%d}", case.name


def test_applicant_fields_are_spelled_with_russian_letters(label_cases: list[SampleCase]) -> None:
    for case in label_cases:
        for part in (case.last_name, case.first_name, case.second_name or ""):
            assert not set(part) & _KAZAKH_LETTERS, case.name
    by_name = _by_name(label_cases)
    assert by_name["childcare_ru_photo"].last_name == "Жармаганбет"
    assert by_name["unemployment_kk_heic"].second_name is None


def test_dates_move_with_today(
    label_cases: list[SampleCase], today: date, no_render: Renderer
) -> None:
    later = build_samples(today + timedelta(days=100), renderer=no_render)
    for before, after in zip(label_cases, later, strict=True):
        assert after.spec.issue_date - before.spec.issue_date == timedelta(days=100)
        if before.spec.period:
            assert after.spec.period is not None
            assert after.spec.period[0] - before.spec.period[0] == timedelta(days=100)


def test_issue_dates_sit_where_the_checks_need_them(
    label_cases: list[SampleCase], today: date
) -> None:
    for case in label_cases:
        age = (today - case.spec.issue_date).days
        if ErrorCode.DATE_STALE in case.expected_codes:
            assert age > 180
        else:
            assert 0 <= age <= 60, case.name


def test_make_case_refuses_a_label_the_document_contradicts(
    today: date, no_render: Renderer
) -> None:
    stale = spec_for(
        DocType.DISMISSAL_ORDER, cast.AKHMETZHANOV, "ru", today - timedelta(days=365),
        cast.ALTYN_ISSUER, event_date=today, cited_number="1", cited_date=date(2020, 1, 1),
    )  # fmt: skip
    with pytest.raises(ValueError, match="DATE_STALE"):
        make_case("x", "x.pdf", stale, "text_pdf", cast.AKHMETZHANOV, Reason.JOB_LOSS,
                  today=today, renderer=no_render)  # fmt: skip
    mismatch = dataclasses.replace(stale, issue_date=today)
    case = make_case("y", "y.pdf", mismatch, "text_pdf", cast.AKHMETZHANOV, Reason.ILLNESS,
                     (ErrorCode.DOC_TYPE_MISMATCH,), today=today, renderer=no_render)  # fmt: skip
    assert case.expected_verdict is False


def test_each_case_makes_a_valid_input_event(label_cases: list[SampleCase]) -> None:
    created = datetime(2026, 11, 20, 10, 0, tzinfo=timezone(timedelta(hours=5)))
    for number, case in enumerate(label_cases, 1):
        event = LoanDelayEvent.model_validate(
            case.event(number, f"s3://loan-docs/2026/11/{case.filename}", created)
        )
        assert event.iin == case.iin and event.last_name == case.last_name
        assert event.reason == case.reason
