"""Issue date: every written form; periods, birth dates and cited dates set aside."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from processors.checks.dates import find_issue_date
from processors.checks.text import PageText
from schemas.codes import ErrorCode

from . import documents as d

REFERENCE = date(2026, 11, 20)


def _certificate(date_line: str, body: str = "") -> str:
    return (
        "ГУ «Центр занятости населения города Шымкент»\n"
        "СПРАВКА\nо регистрации в качестве безработного\n"
        f"{date_line}\n"
        "Дана Ивановой Марии Петровне в том, что она зарегистрирована в качестве безработной.\n"
        f"{body}\n"
        "Руководитель Абдуллаев Р.Т."
    )


def _issued(text: str) -> date | None:
    return find_issue_date((PageText.of(1, text),)).value


@pytest.mark.parametrize(
    "line",
    [
        "Дата выдачи: 08.11.2026",
        "Дата выдачи: 08/11/2026",
        "Дата выдачи: 2026-11-08",
        "Дата выдачи: 08. 11. 2026",
        "Исх. № 3-14/2211 от 08.11.2026",
        "08.11.2026 № 2211",
        "«08» ноября 2026 г.",
        "8 ноября 2026 года",
        "Берілген күні: 2026 жылғы 8 қараша",
        "2026 жылғы «8» қараша № 2211",
        "8 қараша 2026 ж.",
        "г. Шымкент 08.11.2026",
    ],
)
def test_each_written_form_of_the_issue_date(line: str) -> None:
    assert _issued(_certificate(line)) == date(2026, 11, 8)


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("Зарегистрирована с 10.11.2026 по 29.03.2027.", "period"),
        ("Период: 10.11.2026 – 29.03.2027.", "period"),
        ("2026 жылғы 10 қарашадан бастап 2027 жылғы 29 наурызға дейін тіркелген.", "period"),
        ("Приступить к работе: 15.11.2026", "period"),
        ("Жұмысқа шығу күні: 15.11.2026", "period"),
        ("Дата рождения: 12.05.1988", "birth"),
        ("Ребенок Иванов Петр, 12.03.2026 г.р.", "birth"),
        ("Туған күні: 04.03.1992", "birth"),
        ("На основании приказа о регистрации № 512 от 01.11.2026 выдана справка.", "cited"),
        ("2026 жылғы 1 қарашадағы № 123 бұйрық негізінде берілді.", "cited"),
        ("Основание: заявление Ивановой М.П. от 02.11.2026.", "cited"),
    ],
)
def test_periods_birth_dates_and_cited_dates_are_not_the_issue_date(body: str, why: str) -> None:
    finding = find_issue_date((PageText.of(1, _certificate("", body)),))
    assert finding.value is None
    assert why in {m.why for m in finding.ignored}
    error = finding.error(REFERENCE, 180)
    assert error is not None and error.code is ErrorCode.DATE_MISSING
    assert error.details["found"] is None
    assert {i["why"] for i in error.details["ignored"]} == {why}


@pytest.mark.parametrize(
    ("text", "issued"),
    [
        (d.RU_MATERNITY_ORDER, date(2026, 11, 8)),
        (d.KK_MATERNITY_ORDER, date(2026, 11, 8)),
        (d.RU_CHILDCARE_ORDER, date(2026, 10, 15)),
        (d.KK_CHILDCARE_ORDER, date(2026, 11, 8)),
        (d.RU_DISMISSAL_ORDER, date(2026, 11, 2)),
        (d.KK_DISMISSAL_ORDER, date(2026, 11, 5)),
        (d.RU_UNEMPLOYMENT_CERTIFICATE, date(2026, 11, 12)),
        (d.KK_UNEMPLOYMENT_CERTIFICATE, date(2026, 11, 12)),
        (d.RU_SICK_LEAVE, date(2026, 11, 5)),
        (d.KK_SICK_LEAVE, date(2026, 11, 6)),
        (d.RU_DISABILITY_CERTIFICATE, date(2026, 11, 3)),
        (d.KK_DISABILITY_CERTIFICATE, date(2026, 11, 3)),
    ],
)
def test_the_issue_date_of_each_fixture(text: str, issued: date) -> None:
    # Each fixture also holds leave periods, birth dates or cited documents' dates.
    assert _issued(text) == issued


def test_the_issue_date_beats_a_return_to_work_date() -> None:
    text = d.RU_SICK_LEAVE.replace("Дата выдачи: 05.11.2026\n", "")
    assert _issued(text) is None


def _error_code(issued: date, max_age_days: int = 180) -> ErrorCode | None:
    line = f"Дата выдачи: {issued:%d.%m.%Y}"
    error = find_issue_date((PageText.of(1, _certificate(line)),)).error(REFERENCE, max_age_days)
    return error.code if error else None


@pytest.mark.parametrize(
    ("issued", "code"),
    [
        (REFERENCE, None),
        (REFERENCE + timedelta(days=1), ErrorCode.DATE_FUTURE),
        (REFERENCE - timedelta(days=180), None),
        (REFERENCE - timedelta(days=181), ErrorCode.DATE_STALE),
    ],
    ids=["same-day", "next-day", "limit", "limit-plus-one"],
)
def test_stale_and_future_boundaries(issued: date, code: ErrorCode | None) -> None:
    assert _error_code(issued) is code


def test_the_age_limit_comes_from_the_request() -> None:
    assert _error_code(REFERENCE - timedelta(days=31), max_age_days=30) is ErrorCode.DATE_STALE


def test_stale_details_name_the_date_the_reference_and_the_limit() -> None:
    text = _certificate("Дата выдачи: 01.01.2026")
    error = find_issue_date((PageText.of(1, text),)).error(REFERENCE, 180)
    assert error is not None
    assert error.details == {
        "expected": {"not_before": "2026-05-24", "not_after": "2026-11-20"},
        "found": "2026-01-01",
        "reference": "2026-11-20",
        "limit_days": 180,
        "page": 1,
        "age_days": 323,
    }


def test_an_impossible_date_is_no_date() -> None:
    assert _issued(_certificate("Дата выдачи: 31.11.2026")) is None
