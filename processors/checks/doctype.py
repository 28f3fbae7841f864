"""Which of the six accepted document types a document is, if any.

Every mention of a type's phrase scores by where it stands: a mention in the
title outweighs one in the operative clause («предоставить … отпуск по
беременности и родам»), which outweighs a plain mention, and a document the
text only cites («на основании листа о временной нетрудоспособности») counts
for next to nothing. A title naming another kind of document (a salary
statement, an employment contract, a bank statement) rules out every type the
title does not name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemas.codes import ACCEPTED_DOC_TYPES, DocType, ErrorCode, Reason
from schemas.result import ErrorItem

from .text import OPERATIVE, PagePattern, PageText, is_cited, is_heading, names_a_kind

_HEADING, _OPERATIVE, _PLAIN, _CITED = 10.0, 5.0, 1.0, 0.2
_MIN_SCORE = 3.0  # a title, an operative clause, or several plain mentions


def _rx(*patterns: str) -> tuple[PagePattern, ...]:
    return tuple(PagePattern(p) for p in patterns)


# Patterns run on folded text (lower case, Kazakh letters folded to Russian ones).
_PATTERNS: dict[DocType, tuple[PagePattern, ...]] = {
    DocType.MATERNITY_LEAVE_ORDER: _rx(
        r"беременност\w*\s+и\s+род\w*",
        r"декретн\w*\s+отпуск\w*",
        r"отпуск\w*\s+по\s+беременност\w*",
        r"жуктилиг\w*\s+(?:жане|мен)\s+босан\w*",
    ),
    DocType.CHILDCARE_LEAVE_ORDER: _rx(
        r"по\s+уходу\s+за\s+реб[её]нк\w*",
        r"до\s+достижения\s+(?:им|ребенком)\s+возраста\s+(?:тр[её]х|3)",
        r"бала\w*\s+кутим\w*",
        r"бала\w*\s+(?:уш|3)\s+жас\w*\s+толган\w*",
    ),
    DocType.DISMISSAL_ORDER: _rx(
        r"\bуволить\b",
        r"\bувольнени\w*",
        r"(?:расторг|расторж|прекра[тщ])\w*\s+трудов\w*\s+договор\w*",
        r"\bенбек\s+шарт\w*(?:\s+[^\s.;]+){0,8}?\s+(?:бузу|бузыл\w*|токтат\w*)",
        r"\bжумыстан\s+босат\w*",
    ),
    DocType.UNEMPLOYMENT_CERTIFICATE: _rx(
        r"\bбезработн\w*",
        r"\bжумыссыз\w*\s+ретинде",
    ),
    DocType.SICK_LEAVE_CERTIFICATE: _rx(
        r"\bнетрудоспособност\w*",
        r"\bбольничн\w*\s+лист\w*",
        r"\bенбекке\s+жарамсыз\w*",
    ),
    DocType.DISABILITY_CERTIFICATE: _rx(
        r"\bинвалид\w*",
        r"медико[-\s]*социальн\w*\s+экспертиз\w*",
        r"\bмсэ\b",
        r"\bмугедек\w*",
        r"\bмас\b",
        r"медициналык[-\s]*алеуметтик\s+сараптам\w*",
    ),
}

# Titles of documents that are not accepted whatever they mention in the body.
_OTHER_TITLES = _rx(
    r"заработн\w*\s+плат\w*",
    r"\bо\s+доход\w*",
    r"\bс\s+места\s+работы",
    r"\bжалакы\w*",
    r"\bтабыс\w*\s+туралы",
    r"^\W*трудовой\s+договор\b",
    r"^\W*енбек\s+шарты\b",
    r"\bвыписк\w*",
    r"\bдоговор\s+(?:займа|банковск\w*)",
)


@dataclass(frozen=True)
class DocTypeFinding:
    doc_type: DocType | None
    page: int | None
    scores: dict[str, float]
    title: str | None
    # Why the finding is weak, if it is: ``not_found`` (no type scored enough),
    # ``no_title`` (the type is only in the body), ``ambiguous`` (a rival type
    # in the title too, or scoring at least half as much). None: a clear title,
    # or a title naming another kind of document.
    doubt: str | None = None

    def error(self, reason: Reason | None) -> ErrorItem | None:
        accepted = sorted(t.value for t in ACCEPTED_DOC_TYPES[reason])
        details: dict[str, Any]
        if self.doc_type is None:
            details = {"expected": accepted, "found": None, "title": self.title}
            return ErrorItem(
                code=ErrorCode.DOC_TYPE_UNKNOWN,
                message="the document is not one of the accepted document types",
                details=details,
            )
        if self.doc_type in ACCEPTED_DOC_TYPES[reason]:
            return None
        details = {
            "reason": reason.value if reason else None,
            "expected": accepted,
            "found": self.doc_type.value,
            "page": self.page,
        }
        return ErrorItem(
            code=ErrorCode.DOC_TYPE_MISMATCH,
            message=f"a {self.doc_type.value} is not accepted for the reason {reason}",
            details=details,
        )


def _weight(page: PageText, start: int, end: int) -> float:
    if is_cited(page, start, end):
        return _CITED
    if is_heading(page.line_at(start)):
        return _HEADING
    c_start, c_end = page.clause(start)
    return _OPERATIVE if OPERATIVE.search(page.folded[c_start:c_end]) else _PLAIN


def classify(pages: tuple[PageText, ...]) -> DocTypeFinding:
    scores: dict[DocType, float] = dict.fromkeys(DocType, 0.0)
    in_title: set[DocType] = set()
    strongest: dict[DocType, tuple[float, int]] = {}  # a type's weightiest mention and its page
    other_title = False
    title: str | None = None  # the first line naming a kind, else the first heading
    heading: str | None = None
    for page in pages:
        for line in page.lines:
            if is_heading(line):
                heading = heading or line.text
                if names_a_kind(line):
                    title = title or line.text
                if any(p.search(line.folded) for p in _OTHER_TITLES) and not is_cited(
                    page, line.start, line.end
                ):
                    other_title = True
        for doc_type, patterns in _PATTERNS.items():
            for pattern in patterns:
                for m in pattern.finditer(page.folded):
                    weight = _weight(page, m.start(), m.end())
                    scores[doc_type] += weight
                    if weight > strongest.get(doc_type, (0.0, 0))[0]:
                        strongest[doc_type] = (weight, page.number)
                    if weight == _HEADING:
                        in_title.add(doc_type)
    title = title or heading
    best = max(DocType, key=lambda t: (t in in_title, scores[t]))
    rounded = {t.value: round(s, 1) for t, s in scores.items() if s}
    if scores[best] < _MIN_SCORE or (other_title and best not in in_title):
        return DocTypeFinding(None, None, rounded, title, None if other_title else "not_found")
    rivals = [t for t in DocType if t is not best and scores[t] >= scores[best] / 2]
    doubt = "no_title" if best not in in_title else None
    if doubt is None and (rivals or len(in_title) > 1):
        doubt = "ambiguous"
    return DocTypeFinding(best, strongest[best][1], rounded, title, doubt)
