"""The whole report: facts, every failure listed, and the checker off the event loop."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from processors.checks import CheckReport, DocumentChecker, RulesChecker, evaluate
from processors.checks.people import name_key
from processors.checks.text import fold_name
from processors.errors import CheckerFailure
from schemas.codes import DocType, ErrorCode, Reason

from . import documents as d
from .conftest import ALMATY, MakeDocument, MakeRequest


@dataclass(frozen=True)
class Good:
    """A fixture, its applicant, and the facts the report must give."""

    text: str
    names: tuple[str, str, str]
    iin: str
    reason: Reason
    doc_type: DocType
    issued: date
    language: str


MATERNITY, CHILDCARE, JOB_LOSS = Reason.MATERNITY_LEAVE, Reason.CHILDCARE_LEAVE, Reason.JOB_LOSS
ILLNESS, DISABILITY = Reason.ILLNESS, Reason.DISABILITY
GOOD = {
    "ru-maternity": Good(
        d.RU_MATERNITY_ORDER, ("Иванова", "Мария", "Петровна"), d.IIN_IVANOVA, MATERNITY,
        DocType.MATERNITY_LEAVE_ORDER, date(2026, 11, 8), "ru",
    ),
    "kk-maternity": Good(
        d.KK_MATERNITY_ORDER, ("Жармаганбет", "Айгерим", "Сериккызы"), d.IIN_ZHARMAGANBET,
        MATERNITY, DocType.MATERNITY_LEAVE_ORDER, date(2026, 11, 8), "kk",
    ),
    "ru-childcare": Good(
        d.RU_CHILDCARE_ORDER, ("Ахметжанова", "Динара", "Болатовна"), d.IIN_AKHMETZHANOVA,
        CHILDCARE, DocType.CHILDCARE_LEAVE_ORDER, date(2026, 10, 15), "ru",
    ),
    "kk-childcare": Good(
        d.KK_CHILDCARE_ORDER, ("Сарсенбаева", "Алия", "Кайраткызы"), d.IIN_SARSENBAEVA,
        CHILDCARE, DocType.CHILDCARE_LEAVE_ORDER, date(2026, 11, 8), "kk",
    ),
    "ru-dismissal": Good(
        d.RU_DISMISSAL_ORDER, ("Ким", "Сергей", "Александрович"), d.IIN_KIM, JOB_LOSS,
        DocType.DISMISSAL_ORDER, date(2026, 11, 2), "ru",
    ),
    "kk-dismissal": Good(
        d.KK_DISMISSAL_ORDER, ("Нурланулы", "Ерлан", "Аскарулы"), d.IIN_NURLANULY, JOB_LOSS,
        DocType.DISMISSAL_ORDER, date(2026, 11, 5), "kk",
    ),
    "ru-unemployment": Good(
        d.RU_UNEMPLOYMENT_CERTIFICATE, ("Жумабекова", "Гульнар", "Сапаровна"), d.IIN_ZHUMABEKOVA,
        JOB_LOSS, DocType.UNEMPLOYMENT_CERTIFICATE, date(2026, 11, 12), "ru",
    ),
    "kk-unemployment": Good(
        d.KK_UNEMPLOYMENT_CERTIFICATE, ("Жумабекова", "Гульнар", "Сапаровна"), d.IIN_ZHUMABEKOVA,
        JOB_LOSS, DocType.UNEMPLOYMENT_CERTIFICATE, date(2026, 11, 12), "kk",
    ),
    "ru-sick-leave": Good(
        d.RU_SICK_LEAVE, ("Ли", "Виктория", "Эдуардовна"), d.IIN_LI, ILLNESS,
        DocType.SICK_LEAVE_CERTIFICATE, date(2026, 11, 5), "ru",
    ),
    "kk-sick-leave": Good(
        d.KK_SICK_LEAVE, ("Серикбаев", "Даурен", "Маратулы"), d.IIN_SERIKBAEV, ILLNESS,
        DocType.SICK_LEAVE_CERTIFICATE, date(2026, 11, 6), "kk",
    ),
    "ru-disability": Good(
        d.RU_DISABILITY_CERTIFICATE, ("Омаров", "Талгат", "Ерланович"), d.IIN_OMAROV, DISABILITY,
        DocType.DISABILITY_CERTIFICATE, date(2026, 11, 3), "ru",
    ),
    "kk-disability": Good(
        d.KK_DISABILITY_CERTIFICATE, ("Омаров", "Талгат", "Ерланович"), d.IIN_OMAROV, DISABILITY,
        DocType.DISABILITY_CERTIFICATE, date(2026, 11, 3), "kk",
    ),
}  # fmt: skip


@pytest.mark.parametrize("good", GOOD.values(), ids=GOOD.keys())
def test_a_good_document_passes_with_its_facts(
    make_document: MakeDocument, make_request: MakeRequest, good: Good
) -> None:
    request = make_request(*good.names, iin=good.iin, reason=good.reason)
    report = evaluate(request, make_document(good.text))
    assert report.errors == []
    facts = report.facts
    shown = (
        good.iin if good.iin in good.text else None
    )  # the childcare and dismissal orders show none
    assert (facts.doc_type, facts.doc_date, facts.iin, facts.language) == (
        good.doc_type, good.issued, shown, good.language,
    )  # fmt: skip
    assert facts.has_stamp is True and facts.pages == 1
    # The subject in the nominative: the applicant's name, in the document's letters
    # (a patronymic may be the Kazakh form of the applicant's Russian one).
    assert facts.person is not None
    words = [name_key(fold_name(w)) for w in facts.person.split()]
    assert words[:2] == [name_key(fold_name(w)) for w in good.names[:2]]
    assert len(words) == len([n for n in good.names if n])


def test_every_failed_check_is_listed(
    make_document: MakeDocument, make_request: MakeRequest
) -> None:
    request = make_request(
        "Петрова", "Анна", "Сергеевна", iin=d.IIN_ZHARMAGANBET, reason=Reason.JOB_LOSS,
        reference_time=datetime(2027, 11, 20, 10, tzinfo=ALMATY),
    )  # fmt: skip
    report = evaluate(request, make_document(d.RU_MATERNITY_ORDER, seal=0.3))
    assert [e.code for e in report.errors] == [
        ErrorCode.DOC_TYPE_MISMATCH,
        ErrorCode.NAME_MISMATCH,
        ErrorCode.IIN_MISMATCH,
        ErrorCode.DATE_STALE,
        ErrorCode.STAMP_MISSING,
    ]
    assert report.facts.doc_type is DocType.MATERNITY_LEAVE_ORDER
    assert report.facts.person == "Ивановой Марии Петровне"
    assert report.facts.iin == d.IIN_IVANOVA
    for error in report.errors:
        assert error.message and error.details


def test_an_unknown_undated_unstamped_document(
    make_document: MakeDocument, make_request: MakeRequest
) -> None:
    text = d.RU_SALARY_STATEMENT.replace("Исх. № 512 от 10.11.2026\n", "")
    report = evaluate(make_request("Иванова", "Мария", "Петровна"), make_document(text, seal=None))
    codes = [e.code for e in report.errors]
    assert codes == [ErrorCode.DOC_TYPE_UNKNOWN, ErrorCode.DATE_MISSING, ErrorCode.STAMP_MISSING]


@pytest.mark.parametrize("text", ["", "М.П.  ____ 12/3", "Ivanova Maria, 08.11.2026, No. 45"])
def test_too_little_text_is_unreadable_and_nothing_else(
    make_document: MakeDocument, make_request: MakeRequest, text: str
) -> None:
    report = evaluate(make_request("Иванова", "Мария"), make_document(text, seal=None))
    assert [e.code for e in report.errors] == [ErrorCode.UNREADABLE]
    assert report.facts.pages == 1
    assert report.facts.doc_type is None and report.facts.person is None


def test_dates_compare_in_the_reference_times_own_timezone(
    make_document: MakeDocument, make_request: MakeRequest
) -> None:
    # 01:00 in Almaty on 20 November is still 19 November in UTC.
    text = d.RU_SICK_LEAVE.replace("Дата выдачи: 05.11.2026", "Дата выдачи: 20.11.2026")
    local = datetime(2026, 11, 20, 1, 0, tzinfo=ALMATY)
    names = ("Ли", "Виктория", "Эдуардовна")
    ok = evaluate(make_request(*names, iin=d.IIN_LI, reference_time=local), make_document(text))
    assert ok.errors == []
    utc = local.astimezone(UTC)
    late = evaluate(make_request(*names, iin=d.IIN_LI, reference_time=utc), make_document(text))
    assert [e.code for e in late.errors] == [ErrorCode.DATE_FUTURE]


class RecordingExecutor(ThreadPoolExecutor):
    """A thread pool that remembers what it was asked to run."""

    def __init__(self) -> None:
        super().__init__(max_workers=1)
        self.calls: list[Callable[..., Any]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.calls.append(fn)
        return super().submit(fn, *args, **kwargs)


async def test_the_checker_runs_evaluate_in_the_injected_executor(
    make_document: MakeDocument, make_request: MakeRequest
) -> None:
    request = make_request("Иванова", "Мария", "Петровна", reason=Reason.MATERNITY_LEAVE)
    document = make_document(d.RU_MATERNITY_ORDER)
    with RecordingExecutor() as executor:
        checker: DocumentChecker = RulesChecker(executor)
        report = await checker.check(request, document)
    assert executor.calls == [evaluate]
    assert report == evaluate(request, document)
    assert report.errors == []


async def test_the_checker_never_runs_evaluate_on_the_loop_thread(
    make_document: MakeDocument, make_request: MakeRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []

    def spy(*args: Any) -> CheckReport:
        threads.append(threading.current_thread())
        return evaluate(*args)

    monkeypatch.setattr("processors.checks.rules.evaluate", spy)
    await RulesChecker(None).check(make_request("Иванова", "Мария"), make_document("ПРИКАЗ"))
    assert threads and threads[0] is not threading.current_thread()


async def test_the_checker_in_a_process_pool(
    make_document: MakeDocument, make_request: MakeRequest
) -> None:
    request = make_request(
        "Жармаганбет", "Айгерим", "Сериккызы", iin=d.IIN_ZHARMAGANBET, reason=Reason.ILLNESS
    )
    document = make_document(d.KK_MATERNITY_ORDER)
    context = multiprocessing.get_context("spawn")  # nothing inherited: all must pickle
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        report = await RulesChecker(pool).check(request, document)
    assert report.facts.person == "Жармағанбет Айгерім Серікқызы"
    assert [e.code for e in report.errors] == [ErrorCode.DOC_TYPE_MISMATCH]


async def test_a_broken_executor_is_a_retriable_checker_failure(
    make_document: MakeDocument, make_request: MakeRequest
) -> None:
    executor = ThreadPoolExecutor(max_workers=1)
    executor.shutdown()
    with pytest.raises(CheckerFailure) as caught:
        await RulesChecker(executor).check(make_request("Иванова", "Мария"), make_document("x"))
    assert caught.value.retriable and caught.value.stage == "checks"
    assert isinstance(caught.value.__cause__, RuntimeError)


def test_reference_time_without_offset_is_taken_as_is(
    make_document: MakeDocument, make_request: MakeRequest
) -> None:
    naive = datetime(2026, 11, 20, 10, 0) + timedelta(0)
    request = make_request("Ли", "Виктория", "Эдуардовна", iin=d.IIN_LI, reference_time=naive)
    assert evaluate(request, make_document(d.RU_SICK_LEAVE)).errors == []


def test_a_spouses_sick_leave_sheet_is_a_name_mismatch(
    make_document: MakeDocument, make_request: MakeRequest
) -> None:
    # The applicant is only the relative cared for, the line wrapped after «супругом».
    text = (
        "ГКП на ПХВ «Городская поликлиника № 5»\nЛИСТ О ВРЕМЕННОЙ НЕТРУДОСПОСОБНОСТИ\n"
        "№ 0462455 Первичный\nДата выдачи: 20.11.2026\n"
        "Фамилия, имя, отчество: Омарова Айжан Бахытовна\nДата рождения: 04.04.1988\n"
        "Причина нетрудоспособности: уход за больным членом семьи (супругом\n"
        "Омаровым Ерболом Кайратовичем)\nОсвобождение от работы\n"
        "С какого числа По какое число Должность и фамилия врача\n"
        "14.11.2026 20.11.2026 Врач общей практики Абдрахманова\nГ.Т.\n"
        "Приступить к работе: 21.11.2026\nГлавный врач Мусин Е.К.\nМ.П.\n"
    )
    request = make_request("Омаров", "Ербол", "Кайратович", iin=d.IIN_OMAROV)
    report = evaluate(request, make_document(text))
    assert [e.code for e in report.errors] == [ErrorCode.NAME_MISMATCH]
    assert report.facts.person == "Омарова Айжан Бахытовна"
    assert report.facts.doc_date == date(2026, 11, 20)


def test_a_sick_leave_sheet_with_its_issue_date_blank_is_date_missing(
    make_document: MakeDocument, make_request: MakeRequest
) -> None:
    text = (
        "УАҚЫТША ЕҢБЕККЕ ЖАРАМСЫЗДЫҚ ПАРАҒЫ\n“Хо 0871340 Алғашқы\n\n"
        "Берілген күні: 20 жылғы« »\n\n"
        "Тегі, аты, әкесінің аты: Төлеуова Айгүл Бақытжанқызы\nТуған күні: 14.02.1989 ж.\n\n"
        "Жұмыстан босату\n\nҚай күннен Қай күнге дейін | Дәрігердің лауазымы мен тегі\n\n"
        "11112026 ж. 18 11 2026 ж. Жалпы практика дәрігері Құрманова\n\n"
        "Жұмысқа кірісу: 19.11.2026 ж.\n\nБас дәрігер Әбдірахманов Н.С.\n\nМ.П.\n"
    )
    request = make_request("Төлеуова", "Айгүл", "Бақытжанқызы")
    report = evaluate(request, make_document(text))
    assert [e.code for e in report.errors] == [ErrorCode.DATE_MISSING]
    assert report.facts.doc_date is None
