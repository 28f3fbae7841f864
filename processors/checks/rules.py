"""The deterministic rules checker: every check, one report.

``evaluate`` is a pure, picklable module-level function so a process pool can
run it; its dictionaries (pytrovich rules, pymorphy3) load lazily once per
process. ``RulesChecker`` runs it off the event loop in the executor it is given.
"""

from __future__ import annotations

import asyncio
import concurrent.futures

from processors.errors import CheckerFailure
from schemas.codes import ErrorCode
from schemas.document import ReadDocument
from schemas.result import DocumentFacts, ErrorItem

from .base import CheckReport, CheckRequest, UnsureFact
from .dates import find_issue_date
from .doctype import classify
from .iin import find_iins
from .language import detect_language
from .names import find_person, name_forms
from .people import preload
from .stamp import find_stamp
from .text import cyrillic_letters, prepare

MIN_CYRILLIC_LETTERS = 30


def evaluate(request: CheckRequest, document: ReadDocument) -> CheckReport:
    """Run every check on one document; the report lists every check that failed."""
    pages = prepare(document)
    stamp = find_stamp(document, pages)
    letters = cyrillic_letters(pages)
    if letters < MIN_CYRILLIC_LETTERS:
        unreadable = ErrorItem(
            code=ErrorCode.UNREADABLE,
            message="too little text could be read to judge the document",
            details={
                "expected": f"at least {MIN_CYRILLIC_LETTERS} Cyrillic letters",
                "found": letters,
                "pages_read": len(document.pages),
            },
        )
        facts = DocumentFacts(pages=document.page_count, has_stamp=stamp.present)
        return CheckReport(facts=facts, errors=[unreadable])

    applicant = request.applicant
    doc_type = classify(pages)
    person = find_person(pages, applicant.last_name, applicant.first_name, applicant.second_name)
    iins = find_iins(pages, applicant.iin)
    issued = find_issue_date(pages)
    reference = request.reference_time.date()  # the reference time's own calendar day

    errors = [
        error
        for error in (
            doc_type.error(request.reason),
            person.error(),
            iins.error(),
            issued.error(reference, request.max_age_days),
            stamp.error(),
        )
        if error is not None
    ]
    facts = DocumentFacts(
        doc_type=doc_type.doc_type,
        doc_date=issued.value,
        person=person.person,
        iin=iins.value,
        has_stamp=stamp.present,
        pages=document.page_count,
        language=detect_language(pages),
    )
    unsure: dict[UnsureFact, str] = {}
    if doc_type.doubt:
        unsure["doc_type"] = doc_type.doubt
    if person.doubt:
        unsure["person"] = person.doubt
    return CheckReport(facts=facts, errors=errors, unsure=unsure)


def warm_up() -> None:
    """Load the name dictionaries now; meant for a pool worker's initializer."""
    name_forms("Иванова", "Мария", "Петровна")
    preload()


class RulesChecker:
    """A ``DocumentChecker`` running ``evaluate`` in an executor.

    ``executor=None`` uses the loop's default thread pool. A failure of the
    executor or of ``evaluate`` itself is raised as ``CheckerFailure``
    (retriable), never as the executor's own exception.
    """

    def __init__(self, executor: concurrent.futures.Executor | None = None) -> None:
        self._executor = executor

    async def check(self, request: CheckRequest, document: ReadDocument) -> CheckReport:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, evaluate, request, document)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            raise CheckerFailure(
                f"the rules checker failed: {type(exc).__name__}", stage="checks"
            ) from exc
