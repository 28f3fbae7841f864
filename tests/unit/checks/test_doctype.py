"""Document type: the six types in both languages, citations, unknown documents."""

from __future__ import annotations

import pytest

from processors.checks.doctype import classify
from processors.checks.text import PageText
from schemas.codes import DocType, ErrorCode, Reason

from . import documents as d


def _classify(text: str) -> DocType | None:
    return classify((PageText.of(1, text),)).doc_type


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [
        (d.RU_MATERNITY_ORDER, DocType.MATERNITY_LEAVE_ORDER),
        (d.KK_MATERNITY_ORDER, DocType.MATERNITY_LEAVE_ORDER),
        (d.BILINGUAL_MATERNITY_ORDER, DocType.MATERNITY_LEAVE_ORDER),
        (d.RU_CHILDCARE_ORDER, DocType.CHILDCARE_LEAVE_ORDER),
        (d.KK_CHILDCARE_ORDER, DocType.CHILDCARE_LEAVE_ORDER),
        (d.RU_DISMISSAL_ORDER, DocType.DISMISSAL_ORDER),
        (d.KK_DISMISSAL_ORDER, DocType.DISMISSAL_ORDER),
        (d.RU_UNEMPLOYMENT_CERTIFICATE, DocType.UNEMPLOYMENT_CERTIFICATE),
        (d.KK_UNEMPLOYMENT_CERTIFICATE, DocType.UNEMPLOYMENT_CERTIFICATE),
        (d.RU_SICK_LEAVE, DocType.SICK_LEAVE_CERTIFICATE),
        (d.KK_SICK_LEAVE, DocType.SICK_LEAVE_CERTIFICATE),
        (d.RU_DISABILITY_CERTIFICATE, DocType.DISABILITY_CERTIFICATE),
        (d.KK_DISABILITY_CERTIFICATE, DocType.DISABILITY_CERTIFICATE),
    ],
)
def test_each_type_in_each_language(text: str, doc_type: DocType) -> None:
    assert _classify(text) is doc_type


def test_a_cited_sick_leave_sheet_does_not_make_an_order_a_certificate() -> None:
    # Both orders cite «лист о временной нетрудоспособности» before the operative clause.
    finding = classify((PageText.of(1, d.RU_MATERNITY_ORDER),))
    assert finding.doc_type is DocType.MATERNITY_LEAVE_ORDER
    assert finding.scores["sick_leave_certificate"] < 1
    assert _classify(d.KK_MATERNITY_ORDER) is DocType.MATERNITY_LEAVE_ORDER


def test_an_untitled_order_is_typed_by_its_operative_clause_not_its_citations() -> None:
    text = (
        "ТОО «Альфа»\nПРИКАЗ № 7\n"
        "На основании листа о временной нетрудоспособности № 5 от 01.11.2026 и справки\n"
        "об инвалидности ребенка предоставить Ивановой Марии Петровне отпуск по\n"
        "беременности и родам с 10.11.2026.\nДиректор Ахметов Б.К."
    )
    assert _classify(text) is DocType.MATERNITY_LEAVE_ORDER


def test_a_sick_leave_sheet_for_pregnancy_stays_a_sick_leave_sheet() -> None:
    text = d.RU_SICK_LEAVE.replace("заболевание", "беременность и роды")
    assert _classify(text) is DocType.SICK_LEAVE_CERTIFICATE


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (d.RU_SALARY_STATEMENT, "СПРАВКА"),
        (d.KK_SALARY_STATEMENT, "ЖАЛАҚЫ ТУРАЛЫ АНЫҚТАМА"),
        (d.RU_EMPLOYMENT_CONTRACT, "ТРУДОВОЙ ДОГОВОР № 15"),
    ],
    ids=["ru-salary", "kk-salary", "employment-contract"],
)
def test_other_documents_have_no_type(text: str, title: str) -> None:
    # Both salary statements say the employee is on maternity leave.
    finding = classify((PageText.of(1, text),))
    assert finding.doc_type is None
    error = finding.error(None)
    assert error is not None and error.code is ErrorCode.DOC_TYPE_UNKNOWN
    assert error.details["found"] is None
    assert error.details["title"] == title
    assert "maternity_leave_order" in error.details["expected"]


def test_a_bank_statement_mentioning_a_leave_has_no_type() -> None:
    text = (
        "АО «Народный банк Казахстана»\nВЫПИСКА ПО СЧЕТУ\nKZ12601A000000000001\n"
        "01.11.2026 Зачисление: пособие по уходу за ребенком до достижения им возраста\n"
        "трех лет 85 000,00 KZT\n"
    )
    assert _classify(text) is None


def test_an_accepted_type_the_reason_does_not_accept_is_a_mismatch() -> None:
    finding = classify((PageText.of(1, d.RU_MATERNITY_ORDER),))
    error = finding.error(Reason.JOB_LOSS)
    assert error is not None and error.code is ErrorCode.DOC_TYPE_MISMATCH
    assert error.details == {
        "reason": "job_loss",
        "expected": ["dismissal_order", "unemployment_certificate"],
        "found": "maternity_leave_order",
        "page": 1,
    }


@pytest.mark.parametrize("reason", [None, Reason.MATERNITY_LEAVE], ids=["no-reason", "maternity"])
def test_an_accepted_type_for_the_reason_is_no_error(reason: Reason | None) -> None:
    assert classify((PageText.of(1, d.RU_MATERNITY_ORDER),)).error(reason) is None


def test_illness_accepts_a_disability_certificate_but_disability_no_sick_leave() -> None:
    disability = classify((PageText.of(1, d.RU_DISABILITY_CERTIFICATE),))
    sick = classify((PageText.of(1, d.RU_SICK_LEAVE),))
    assert disability.error(Reason.ILLNESS) is None
    error = sick.error(Reason.DISABILITY)
    assert error is not None and error.code is ErrorCode.DOC_TYPE_MISMATCH


def test_a_kazakh_title_is_not_read_into_the_preamble_citing_the_code() -> None:
    # «… сәйкес» in the preamble cites the Labour Code, not the title above it; the
    # basis section repeats the title's words as a citation.
    text = (
        "«Сарыарқа Логистик» жауапкершілігі шектеулі серіктестігі\nБСН 150940402182\n"
        "БҰЙРЫҚ\n04.11.2026 № 109-ж/қ\nАстана қ.\nЕңбек шартын бұзу туралы\n"
        "Қазақстан Республикасы Еңбек кодексінің 49-бабы 1-тармағының 1)\n"
        "тармақшасына (тараптардың келісімі бойынша) сәйкес\nБҰЙЫРАМЫН:\n"
        "1. Логистика бөлімінің менеджері Сәрсенбаев Қанат Маратұлымен\n"
        "(ЖСН: 790330322484) жасалған 24.11.2022 ж. № 41 еңбек шарты\n"
        "06.11.2026 ж. бастап тараптардың келісімі бойынша бұзылсын.\n"
        "Негіздеме: Сәрсенбаев Қ.М. өтініші, еңбек шартын бұзу туралы\n"
        "тараптардың келісімі.\n«Сарыарқа Логистик» ЖШС\nдиректоры Жұмабаев Қ.С.\n"
    )
    assert _classify(text) is DocType.DISMISSAL_ORDER
