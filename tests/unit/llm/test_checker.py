"""``LlmChecker``: the real rules checker, a scripted LLM, and the merged report."""

from __future__ import annotations

from typing import Any, TypeVar

import pytest
from pydantic import BaseModel

from processors.checks import RulesChecker
from processors.errors import CheckerFailure
from processors.llm import LlmChecker
from schemas.codes import ErrorCode
from schemas.result import Disagreement
from tests.unit.checks import documents as d

from .conftest import MakeClient, check_request, facts, read_document

M = TypeVar("M", bound=BaseModel)

IVANOVA = ("Иванова", "Мария", "Петровна")
# OCR slipped two letters of the surname everywhere: the rules cannot find the applicant.
GARBLED = d.RU_MATERNITY_ORDER.replace("Иванов", "Ивзиов")
# One slip in the first mention only: the rules match, but only fuzzily.
SLIPPED = d.RU_MATERNITY_ORDER.replace("Ивановой Марии", "Иваиовой Марии", 1)
# Applicant's own IIN, valid, but not the one the document shows.
OTHER_IIN = "900714400125"


class StubChat:
    """Answers scripted LLM facts (or raises); keeps the messages it was sent."""

    def __init__(self, *answers: dict[str, Any] | Exception) -> None:
        self.answers = list(answers)
        self.calls: list[list[dict[str, Any]]] = []
        self.closed = False

    async def parse(self, messages: list[dict[str, Any]], output: type[M], *, name: str) -> M:
        self.calls.append(messages)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return output.model_validate(answer)

    async def close(self) -> None:
        self.closed = True


def _checker(chat: StubChat, **options: Any) -> LlmChecker:
    return LlmChecker(RulesChecker(), chat, **options)


def _person_answer(written: str, nominative: str, confidence: float = 0.95) -> dict[str, Any]:
    return facts(
        person={"as_written": written, "nominative": nominative},
        confidence=facts()["confidence"] | {"person": confidence},
    )


async def test_llm_resolves_an_unsure_person() -> None:
    chat = StubChat(_person_answer("Ивзиовой Марии Петровне", "Иванова Мария Петровна"))
    report = await _checker(chat).check(
        check_request(*IVANOVA, iin=d.IIN_IVANOVA), read_document(GARBLED)
    )
    assert report.errors == []
    assert report.unsure == {"person": "other_subject"}
    assert report.facts.person == "Ивзиовой Марии Петровне"
    assert report.disagreements == [
        Disagreement(
            field="person",
            rules="Ивзиовой Марии Петровне",
            llm="Ивзиовой Марии Петровне",
            used="llm",
        )
    ]
    [messages] = chat.calls
    assert "Ивзиовой Марии Петровне" in messages[1]["content"]


async def test_resolving_the_person_clears_nothing_else() -> None:
    stale = GARBLED.replace("№ 45-к от 08.11.2026", "№ 45-к от 08.01.2026")
    answer = _person_answer("Ивзиовой Марии Петровне", "Иванова Мария Петровна")
    answer["stamp_or_qr"] = True
    report = await _checker(StubChat(answer)).check(
        check_request(*IVANOVA, iin=d.IIN_IVANOVA), read_document(stale, seal=None)
    )
    assert [e.code for e in report.errors] == [ErrorCode.DATE_STALE, ErrorCode.STAMP_MISSING]
    assert ("person", "llm") in [(x.field, x.used) for x in report.disagreements]


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        (GARBLED, _person_answer("Ивзиовой Марии Петровне", "Иванова Мария Петровна", 0.6)),
        # The name it read is not in the text.
        (GARBLED, _person_answer("Ивановой Марии Петровне", "Иванова Мария Петровна")),
        # The document does not show the applicant's IIN.
        (
            GARBLED.replace(f"(ИИН {d.IIN_IVANOVA})", ""),
            _person_answer("Ивзиовой Марии Петровне", "Иванова Мария Петровна"),
        ),
        # Another patronymic than the applicant's.
        (GARBLED, _person_answer("Ивзиовой Марии Петровне", "Иванова Мария Сергеевна")),
    ],
    ids=["not-confident", "not-in-the-text", "no-iin-shown", "other-patronymic"],
)
async def test_a_name_mismatch_stands_without_evidence(text: str, answer: dict[str, Any]) -> None:
    report = await _checker(StubChat(answer)).check(
        check_request(*IVANOVA, iin=d.IIN_IVANOVA), read_document(text)
    )
    assert [e.code for e in report.errors] == [ErrorCode.NAME_MISMATCH]


async def test_llm_cannot_override_an_iin_mismatch() -> None:
    # The LLM even claims the applicant's IIN is shown; the rules saw another one.
    answer = facts(iins=[{"label": "ИИН", "value": OTHER_IIN}])
    report = await _checker(StubChat(answer), consult="always").check(
        check_request(*IVANOVA, iin=OTHER_IIN), read_document(d.RU_MATERNITY_ORDER)
    )
    assert [e.code for e in report.errors] == [ErrorCode.IIN_MISMATCH]
    assert report.facts.iin == d.IIN_IVANOVA
    assert Disagreement(field="iin", rules=d.IIN_IVANOVA, llm=[OTHER_IIN], used="rules") in (
        report.disagreements
    )


async def test_llm_cannot_clear_rules_date_and_stamp_errors() -> None:
    stale = d.RU_MATERNITY_ORDER.replace("№ 45-к от 08.11.2026", "№ 45-к от 08.01.2026")
    answer = facts(issue_date="2026-11-08", stamp_or_qr=True)
    answer["confidence"] |= {"issue_date": 1.0, "stamp": 1.0}
    report = await _checker(StubChat(answer), consult="always").check(
        check_request(*IVANOVA, iin=d.IIN_IVANOVA), read_document(stale, seal=None)
    )
    assert [e.code for e in report.errors] == [ErrorCode.DATE_STALE, ErrorCode.STAMP_MISSING]
    used = {x.field: x.used for x in report.disagreements}
    assert used == {"doc_date": "rules", "has_stamp": "rules"}


async def test_confident_other_subject_where_rules_unsure_is_a_name_mismatch() -> None:
    answer = _person_answer("Петровой Анне Сергеевне", "Петрова Анна Сергеевна", 0.9)
    report = await _checker(StubChat(answer)).check(
        check_request(*IVANOVA, iin=d.IIN_IVANOVA), read_document(SLIPPED)
    )
    assert report.unsure == {"person": "fuzzy"}
    [error] = report.errors
    assert error.code is ErrorCode.NAME_MISMATCH
    assert error.details == {
        "expected": "Иванова Мария Петровна",
        "found": ["Петровой Анне Сергеевне"],
        "source": "llm",
    }
    assert report.facts.person == "Петровой Анне Сергеевне"
    assert [(x.field, x.used) for x in report.disagreements] == [("person", "llm")]


async def test_an_unsure_llm_does_not_reject_a_fuzzy_match() -> None:
    answer = _person_answer("Петровой Анне Сергеевне", "Петрова Анна Сергеевна", 0.5)
    report = await _checker(StubChat(answer)).check(
        check_request(*IVANOVA, iin=d.IIN_IVANOVA), read_document(SLIPPED)
    )
    assert report.errors == []
    assert [(x.field, x.used) for x in report.disagreements] == [("person", "rules")]


async def test_a_sure_rules_match_is_not_overruled() -> None:
    answer = _person_answer("Петровой Анне Сергеевне", "Петрова Анна Сергеевна", 1.0)
    report = await _checker(StubChat(answer), consult="always").check(
        check_request(*IVANOVA, iin=d.IIN_IVANOVA), read_document(d.RU_MATERNITY_ORDER)
    )
    assert report.errors == [] and report.unsure == {}
    assert report.facts.person == "Иванова Мария Петровна"
    assert [(x.field, x.used) for x in report.disagreements] == [("person", "rules")]


async def test_the_llm_is_asked_only_when_the_rules_are_unsure() -> None:
    chat = StubChat()
    report = await _checker(chat).check(
        check_request(*IVANOVA, iin=d.IIN_IVANOVA), read_document(d.RU_MATERNITY_ORDER)
    )
    assert report.errors == [] and chat.calls == []


async def test_an_unreadable_document_never_reaches_the_llm() -> None:
    chat = StubChat()
    report = await _checker(chat, consult="always").check(
        check_request(*IVANOVA, iin=d.IIN_IVANOVA), read_document("## 12 ..")
    )
    assert [e.code for e in report.errors] == [ErrorCode.UNREADABLE]
    assert chat.calls == []


async def test_llm_down_is_a_retriable_checker_failure(make_client: MakeClient) -> None:
    # A real client with nothing listening behind it.
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = make_client(base_url=f"http://127.0.0.1:{port}/v1", max_attempts=2)
    checker = LlmChecker(RulesChecker(), client)
    with pytest.raises(CheckerFailure) as caught:
        await checker.check(check_request(*IVANOVA, iin=d.IIN_IVANOVA), read_document(GARBLED))
    assert caught.value.retriable is True
    assert caught.value.stage == "llm"


async def test_close_closes_the_client() -> None:
    chat = StubChat()
    await _checker(chat).close()
    assert chat.closed
