"""One report from two readers: the rules decide, the LLM settles what they could not.

A wrong acceptance lets a deferment through on someone else's document, so
the merge leans towards rejecting:

- IIN, dates and the stamp (a visual fact) are the rules' alone; an LLM
  reading that differs is only recorded.
- Document type and person: where the rules named the fact in ``unsure``,
  an LLM reading held with at least ``min_confidence`` is used. It may add a
  ``DOC_TYPE_*`` or ``NAME_MISMATCH`` error freely, but clears one only on
  evidence in the text: the title it names must be in the text; the name it
  names must be in the text, be the applicant's in the nominative, and the
  document must show the applicant's IIN.
- Every fact read differently is listed in ``disagreements`` with the reading used.
"""

from __future__ import annotations

import re

from processors.checks.base import CheckReport, CheckRequest
from processors.checks.doctype import DocTypeFinding
from processors.checks.names import matches, name_forms
from processors.checks.people import name_key, name_tokens
from processors.checks.text import PageText, clean, fold, fold_name
from schemas.codes import DocType, ErrorCode
from schemas.document import ReadDocument
from schemas.result import Disagreement, DocumentFacts, ErrorItem

from .model import LlmFacts

_DOC_TYPE_CODES = frozenset({ErrorCode.DOC_TYPE_UNKNOWN, ErrorCode.DOC_TYPE_MISMATCH})
_NON_WORD = re.compile(r"[^0-9a-zа-я]+")


def _plain(text: str) -> str:
    """Folded words separated by single spaces: what grounding compares."""
    return " " + _NON_WORD.sub(" ", fold(clean(text))).strip() + " "


def grounded(phrase: str | None, document: ReadDocument) -> bool:
    """True when ``phrase`` (two words at least) stands in the document's text."""
    needle = _plain(phrase or "")
    if len(needle.split()) < 2:
        return False
    return needle in _plain(document.text)


def _words(name: str) -> list[str]:
    return [t.norm for t in name_tokens(PageText.of(1, name))]


def same_person(request: CheckRequest, name: str | None) -> bool:
    """Strict: the nominative ``name`` is the applicant's, part for part (letters folded)."""
    if not name:
        return False
    applicant = request.applicant
    words = _words(name)
    for part in (applicant.last_name, applicant.first_name):
        key = name_key(fold_name(part))
        if key not in words:
            return False
        words.remove(key)
    middle = applicant.second_name
    if not words:
        return True
    return len(words) == 1 and (middle is None or words[0] == name_key(fold_name(middle)))


def resembles(request: CheckRequest, name: str | None) -> bool:
    """Lenient: some word of ``name`` is the applicant's surname and another the first
    name (or its initial), in any case and with the OCR slips the rules allow."""
    if not name:
        return False
    a = request.applicant
    forms = name_forms(a.last_name, a.first_name, a.second_name)
    tokens = name_tokens(PageText.of(1, name))
    for i, tok in enumerate(tokens):
        if not tok.initial and matches(tok.norm, forms.last):
            rest = tokens[:i] + tokens[i + 1 :]
            if any(
                t.norm == forms.first_initial if t.initial else matches(t.norm, forms.first)
                for t in rest
            ):
                return True
    return False


def _doc_type(
    request: CheckRequest,
    document: ReadDocument,
    report: CheckReport,
    llm: LlmFacts,
    errors: list[ErrorItem],
    min_confidence: float,
) -> tuple[DocType | None, Disagreement | None]:
    ours = report.facts.doc_type
    if llm.doc_type is None or llm.doc_type == (ours.value if ours else "other"):
        return ours, None  # the LLM could not tell, or agrees
    theirs = None if llm.doc_type == "other" else DocType(llm.doc_type)
    rules_error = any(e.code in _DOC_TYPE_CODES for e in errors)
    finding = DocTypeFinding(theirs, None, {}, llm.doc_title).error(request.reason)
    decides = "doc_type" in report.unsure and llm.confidence.doc_type >= min_confidence
    if decides and finding is None:
        # Clearing an error, or swapping one accepted type for another: on the text's word.
        decides = grounded(llm.doc_title, document) or not rules_error
    disagreement = Disagreement(
        field="doc_type",
        rules=ours.value if ours else None,
        llm=llm.doc_type,
        used="llm" if decides else "rules",
    )
    if not decides:
        return ours, disagreement
    errors[:] = [e for e in errors if e.code not in _DOC_TYPE_CODES]
    if finding is not None:
        errors.append(finding.model_copy(update={"details": finding.details | {"source": "llm"}}))
    return theirs, disagreement


def _person(
    request: CheckRequest,
    document: ReadDocument,
    report: CheckReport,
    llm: LlmFacts,
    errors: list[ErrorItem],
    min_confidence: float,
) -> tuple[str | None, Disagreement | None]:
    ours = report.facts.person
    written, nominative = llm.person.as_written, llm.person.nominative
    rules_ok = not any(e.code is ErrorCode.NAME_MISMATCH for e in errors)
    if same_person(request, nominative or written):
        verdict = "same"
    elif written or nominative:
        lenient = resembles(request, nominative) or resembles(request, written)
        verdict = "unclear" if lenient else "other"
    else:
        verdict = "unclear"  # the LLM names no subject: no reading to weigh
    if verdict == "unclear" or (verdict == "same") == rules_ok:
        return ours, None
    decides = "person" in report.unsure and llm.confidence.person >= min_confidence
    if decides and verdict == "same":
        decides = grounded(written, document) and report.facts.iin == request.applicant.iin
    theirs = written or nominative
    disagreement = Disagreement(
        field="person", rules=ours, llm=theirs, used="llm" if decides else "rules"
    )
    if not decides:
        return ours, disagreement
    if verdict == "same":
        errors[:] = [e for e in errors if e.code is not ErrorCode.NAME_MISMATCH]
    else:
        a = request.applicant
        expected = " ".join(p for p in (a.last_name, a.first_name, a.second_name) if p)
        errors.append(
            ErrorItem(
                code=ErrorCode.NAME_MISMATCH,
                message="the applicant is not the person the document is about",
                details={"expected": expected, "found": [theirs], "source": "llm"},
            )
        )
    return theirs, disagreement


def _recorded_only(facts: DocumentFacts, llm: LlmFacts) -> list[Disagreement]:
    """IIN, date and stamp: the rules' readings stand; a different LLM reading is noted."""
    noted = []
    iins = llm.personal_iins
    if iins and facts.iin not in iins:
        noted.append(Disagreement(field="iin", rules=facts.iin, llm=iins, used="rules"))
    if llm.issue_date is not None and llm.issue_date != facts.doc_date:
        rules_date = facts.doc_date.isoformat() if facts.doc_date else None
        noted.append(
            Disagreement(
                field="doc_date", rules=rules_date, llm=llm.issue_date.isoformat(), used="rules"
            )
        )
    if llm.stamp_or_qr and facts.has_stamp is False:
        noted.append(Disagreement(field="has_stamp", rules=False, llm=True, used="rules"))
    return noted


def merge(
    request: CheckRequest,
    document: ReadDocument,
    report: CheckReport,
    llm: LlmFacts,
    *,
    min_confidence: float,
) -> CheckReport:
    """The rules' report with the LLM's reading applied as the module docstring says."""
    errors = list(report.errors)
    doc_type, on_type = _doc_type(request, document, report, llm, errors, min_confidence)
    person, on_person = _person(request, document, report, llm, errors, min_confidence)
    facts = report.facts.model_copy(update={"doc_type": doc_type, "person": person})
    disagreements = [*report.disagreements]
    disagreements += [d for d in (on_type, on_person) if d is not None]
    disagreements += _recorded_only(report.facts, llm)
    order = {code: i for i, code in enumerate(ErrorCode)}
    errors.sort(key=lambda e: order[e.code])  # the rules' order: type, name, IIN, date, stamp
    return CheckReport(
        facts=facts, errors=errors, unsure=dict(report.unsure), disagreements=disagreements
    )
