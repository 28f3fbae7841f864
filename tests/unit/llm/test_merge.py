"""``merge`` on the rules' real reports: document type, and the helpers it leans on."""

from __future__ import annotations

from typing import Any

import pytest

from processors.checks import evaluate
from processors.llm import LlmFacts, grounded, merge, resembles, same_person
from schemas.codes import DocType, ErrorCode, Reason
from schemas.result import Disagreement
from tests.unit.checks import documents as d

from .conftest import check_request, facts, read_document

TITLE = "О предоставлении отпуска по беременности и родам"
# No type phrase anywhere: the rules cannot tell the type.
UNTYPED = d.RU_MATERNITY_ORDER.replace(TITLE, "О предоставлении отпуска").replace(
    "отпуск по беременности и родам с", "отпуск с"
)
# The type only in the operative clause, not in the title: found, but weakly.
WEAKLY_TYPED = d.RU_MATERNITY_ORDER.replace(TITLE, "О предоставлении отпуска")


def _merged(
    text: str, answer: dict[str, Any], *, reason: Reason | None = Reason.MATERNITY_LEAVE
) -> Any:
    request = check_request("Иванова", "Мария", "Петровна", iin=d.IIN_IVANOVA, reason=reason)
    document = read_document(text)
    report = evaluate(request, document)
    llm = LlmFacts.model_validate(answer)
    return report, merge(request, document, report, llm, min_confidence=0.8)


def test_an_untyped_document_is_typed_by_a_confident_llm_citing_its_title() -> None:
    rules, merged = _merged(UNTYPED, facts(doc_title="О предоставлении отпуска"))
    assert [e.code for e in rules.errors] == [ErrorCode.DOC_TYPE_UNKNOWN]
    assert rules.unsure == {"doc_type": "not_found"}
    assert merged.errors == []
    assert merged.facts.doc_type is DocType.MATERNITY_LEAVE_ORDER
    assert merged.disagreements == [
        Disagreement(field="doc_type", rules=None, llm="maternity_leave_order", used="llm")
    ]


@pytest.mark.parametrize(
    "answer",
    [
        facts(doc_title=TITLE),  # a title the text does not have
        facts(
            doc_title="О предоставлении отпуска",
            confidence=facts()["confidence"] | {"doc_type": 0.7},
        ),
    ],
    ids=["title-not-in-text", "not-confident"],
)
def test_an_unknown_type_stands_without_evidence(answer: dict[str, Any]) -> None:
    _, merged = _merged(UNTYPED, answer)
    assert [e.code for e in merged.errors] == [ErrorCode.DOC_TYPE_UNKNOWN]
    assert merged.facts.doc_type is None
    assert [(x.field, x.used) for x in merged.disagreements] == [("doc_type", "rules")]


@pytest.mark.parametrize(
    ("llm_type", "code"),
    [
        ("other", ErrorCode.DOC_TYPE_UNKNOWN),
        ("sick_leave_certificate", ErrorCode.DOC_TYPE_MISMATCH),
    ],
)
def test_a_confident_llm_adds_a_type_error_where_the_rules_were_weak(
    llm_type: str, code: ErrorCode
) -> None:
    rules, merged = _merged(WEAKLY_TYPED, facts(doc_type=llm_type, doc_title=None))
    assert rules.errors == [] and rules.unsure == {"doc_type": "no_title"}
    [error] = merged.errors
    assert error.code is code and error.details["source"] == "llm"
    assert [(x.field, x.used) for x in merged.disagreements] == [("doc_type", "llm")]


def test_a_titled_type_is_not_overruled() -> None:
    # A maternity order sent for a job loss: the title settles it, whatever the LLM says.
    rules, merged = _merged(
        d.RU_MATERNITY_ORDER, facts(doc_type="dismissal_order"), reason=Reason.JOB_LOSS
    )
    assert rules.unsure == {}
    assert [e.code for e in merged.errors] == [ErrorCode.DOC_TYPE_MISMATCH]
    assert merged.facts.doc_type is DocType.MATERNITY_LEAVE_ORDER
    assert [(x.field, x.used) for x in merged.disagreements] == [("doc_type", "rules")]


def test_agreement_records_nothing() -> None:
    rules, merged = _merged(d.RU_MATERNITY_ORDER, facts())
    assert merged.errors == rules.errors == []
    assert merged.disagreements == []
    assert merged.facts == rules.facts


def test_an_llm_that_cannot_tell_changes_nothing() -> None:
    rules, merged = _merged(UNTYPED, facts(doc_type=None, person={"as_written": None}))
    assert merged.errors == rules.errors
    assert merged.disagreements == []


@pytest.mark.parametrize(
    ("name", "same"),
    [
        ("Иванова Мария Петровна", True),
        ("Мария Петровна Иванова", True),
        ("Иванова Мария", True),
        ("ИВАНОВА МАРИЯ ПЕТРОВНА", True),
        ("Иванова Мария Сергеевна", False),
        ("Иванова Анна Петровна", False),
        ("Ивановой Марии Петровне", False),  # not the nominative: only the lenient test
        ("Иванова", False),
        (None, False),
    ],
)
def test_same_person_is_strict(name: str | None, same: bool) -> None:
    request = check_request("Иванова", "Мария", "Петровна", iin=d.IIN_IVANOVA)
    assert same_person(request, name) is same


def test_same_person_folds_kazakh_letters_and_joins_patronymics() -> None:
    request = check_request("Жармаганбет", "Айгерим", "Сериккызы", iin=d.IIN_ZHARMAGANBET)
    assert same_person(request, "Жармағанбет Айгерім Серік қызы")
    assert not same_person(request, "Жармағанбет Айгерім Нұрланқызы")


@pytest.mark.parametrize(
    ("name", "alike"),
    [
        ("Ивановой Марии Петровне", True),
        ("Ивановой М.П.", True),
        ("Иваиовой Марии", True),  # one OCR slip in a long name
        ("Петровой Анне Сергеевне", False),
        ("Ивановой Анне", False),
    ],
)
def test_resembles_is_lenient(name: str, alike: bool) -> None:
    request = check_request("Иванова", "Мария", "Петровна", iin=d.IIN_IVANOVA)
    assert resembles(request, name) is alike


def test_grounded_needs_the_words_in_the_text() -> None:
    document = read_document("Предоставить бухгалтеру Ивановой Марии\nПетровне (ИИН 930701400219)")
    assert grounded("Ивановой Марии Петровне", document)  # across the line break
    assert grounded("ивановой  марии", document)
    assert not grounded("Ивановой Марии Сергеевне", document)
    assert not grounded("Ивановой", document)  # one word proves nothing
    assert not grounded("Иванов Марии", document)  # whole words only
    assert not grounded(None, document)
