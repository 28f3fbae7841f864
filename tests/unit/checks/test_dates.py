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
        ("2026 жылдың 5 қарашасынан бастап тіркелген.", "period"),
        ("05.11.2026 жылдан бастап тіркелген.", "period"),
        ("Мұратова Данаға, 21.01.2000 ж. туған, берілді.", "birth"),
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


# A Kazakh sick-leave sheet scanned with its issue date left blank: the only dates
# left are the birth date, the release period (OCR-garbled) and the return to work.
_KK_SHEET_BLANK_DATE = """УАҚЫТША ЕҢБЕККЕ ЖАРАМСЫЗДЫҚ ПАРАҒЫ
“Хо 0871340 Алғашқы

Берілген күні: 20 жылғы« »

Тегі, аты, әкесінің аты: Төлеуова Айгүл Бақытжанқызы
Туған күні: 14.02.1989 ж.

Жұмыстан босату

Қай күннен Қай күнге дейін | Дәрігердің лауазымы мен тегі
11112026 ж. 18 11 2026 ж. Жалпы практика дәрігері Құрманова
{return_line}

Жалпы практика дәрігері Құрманова А.Б.
Бас дәрігер Әбдірахманов Н.С.
М.П.
"""


@pytest.mark.parametrize(
    "body",
    [
        "Жұмысқа кірісу: 19.11.2026 ж.",
        "Жұмысқа кірісу күні: 19.11.2026",
        "Приступить к работе:\n19.11.2026",
        "Освобождение от работы: 14.11.2026",
        "Жұмыстан босату: 14.11.2026",
    ],
)
def test_return_to_work_and_release_dates_are_periods(body: str) -> None:
    finding = find_issue_date((PageText.of(1, _certificate("", body)),))
    assert finding.value is None
    assert {m.why for m in finding.ignored} == {"period"}


def test_a_blank_kazakh_issue_date_is_missing_not_the_return_to_work() -> None:
    text = _KK_SHEET_BLANK_DATE.format(return_line="Жұмысқа кірісу: 19.11.2026 ж.")
    finding = find_issue_date((PageText.of(1, text),))
    assert finding.value is None
    error = finding.error(REFERENCE, 180)
    assert error is not None and error.code is ErrorCode.DATE_MISSING


@pytest.mark.parametrize(
    "label", ["Берілген күні: 20 жылғы« »", "Дата выдачи: «___» ______ 20__ г."]
)
def test_a_blank_issue_date_label_leaves_no_room_for_a_guess(label: str) -> None:
    text = _KK_SHEET_BLANK_DATE.format(return_line="Бас дәрігер 19.11.2026")
    # Without the label, the signature row's date is taken by its position...
    assert _issued(text.replace("Берілген күні: 20 жылғы« »\n", "")) == date(2026, 11, 19)
    # ...but a form whose issue-date label was left blank has no issue date.
    assert _issued(text.replace("Берілген күні: 20 жылғы« »", label)) is None


def test_a_filled_in_issue_date_label_still_wins() -> None:
    text = _KK_SHEET_BLANK_DATE.format(return_line="Жұмысқа кірісу: 19.11.2026 ж.")
    text = text.replace("20 жылғы« »", "12.11.2026")
    assert _issued(text) == date(2026, 11, 12)


def test_a_cited_certificates_number_row_on_its_own_line_is_cited() -> None:
    text = (
        "ПРИКАЗ\n\n01.11.2026 № 236-л/с\nг. Алматы\n\n"
        "о предоставлении отпуска по уходу за ребенком до достижения им\nвозраста трех лет\n\n"
        "1. Предоставить бухгалтеру Ким Ольге Сергеевне отпуск с 03.11.2026 по 17.03.2029.\n\n"
        "Основание: заявление работн ика. свидетельство о рождении ребенка\n\n"
        "№ 0013998 от 27.03.2026.\n\n"
        "Директор ТОО «Алтын Дала? Сейткали Б.Е.\n"
    )
    finding = find_issue_date((PageText.of(1, text),))
    assert finding.value == date(2026, 11, 1)
    assert {m.value: m.why for m in finding.ignored}[date(2026, 3, 27)] == "cited"


def test_a_title_above_a_number_row_is_the_documents_own() -> None:
    assert _issued("ПРИКАЗ\n№ 45-к от 08.11.2026\nО предоставлении отпуска") == date(2026, 11, 8)


def test_a_city_and_date_row_is_not_read_into_the_preamble_below() -> None:
    text = (
        "ЕҢБЕК ШАРТЫ № 57\nАстана қ. 24.10.2026\n"
        "«Сарыарқа Логистик» жауапкершілігі шектеулі серіктестігі, БСН\n"
        "150940402182, бұдан әрі «Жұмыс беруші», Жарғы негізінде әрекет ететін\n"
        "директоры Жұмабаев Қ.С. атынан бір тараптан, төмендегілер туралы осы еңбек шартын\n"
        "жасасты:\n1.2. Жұмысты бастау күні: 26.10.2026 ж.. Шарт белгіленбеген\nмерзімге жасалды.\n"
    )
    assert _issued(text) == date(2026, 10, 24)


def test_an_ocr_number_sign_and_a_kazakh_basis_section() -> None:
    # «№» read as «Хо»; the sick-leave sheet cited in «Негіздеме» is not the order's date.
    text = (
        "БҰЙРЫҚ\n\n09.11.2026 Хо 131-ж/қ\nАстана қ.\n\n"
        "Жүктілігіне және босануына байланысты демалыс беру туралы\n\n"
        "1. Бас кассир Жармағанбет Айгерім Серікқызына 29.11.2026 ж. бастап 03.04.2027 ж.\n"
        "дейін демалыс берілсін.\n\n"
        "Негіздеме: 08.11.2026 ж. № 0398817 уақытша еңбекке жарамсыздық\n"
        "парағы, Жармағанбет А.С. өтініші\n\n"
        "директоры Жұмабаев Қ.С.\nМ.П.\n"
    )
    finding = find_issue_date((PageText.of(1, text),))
    assert finding.value == date(2026, 11, 9)
    assert {m.value: m.why for m in finding.ignored}[date(2026, 11, 8)] == "cited"


def test_the_issue_label_outweighs_the_examination_date_label() -> None:
    text = (
        "МҮГЕДЕКТІГІ ТУРАЛЫ АНЫҚТАМА\n№ 0288130\n"
        "Куәландыру күні: 2026 жылғы 18 қазан\n"
        "Мүгедектік тобы: екінші топ\n"
        "Берілген күні: 2026 жылғы 19 қазан\n"
        "Анықтама жеке басын куәландыратын құжатпен бірге жарамды.\n"
        "Бөлім басшысы Қ.Т. Жолдасбеков"
    )
    assert _issued(text) == date(2026, 10, 19)


def test_a_blank_date_form_in_the_number_row_is_missing_not_the_registration_date() -> None:
    text = (
        "«Тараз қаласының халықты жұмыспен қамту орталығы»\nАНЫҚТАМА\n"
        "№ 02-18/____ 20___ жылғы «____» ______________\n"
        "Осы анықтама Мұратова Данаға, 21.01.2000 ж. туған, ол 05.11.2026 жылдан бастап "
        "жұмыссыз ретінде тіркелгені туралы берілді.\nОрталық директоры Б.С. Дүйсенбаев"
    )
    finding = find_issue_date((PageText.of(1, text),))
    assert finding.value is None
    assert len(finding.ignored) == 2
    assert {m.why for m in finding.ignored} <= {"birth", "period"}


def test_a_blank_acknowledgement_date_leaves_the_order_date() -> None:
    text = (
        "ПРИКАЗ\n№ 27-к\nг. Павлодар 01.11.2026\n1. Уволить Иванову М.П.\n"
        "Директор Ахметов Б.К.\n"
        "С приказом ознакомлена: ________ «___» ____________ 20__ г."
    )
    assert _issued(text) == date(2026, 11, 1)
