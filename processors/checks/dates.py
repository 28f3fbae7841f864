"""The document's own date (issue date), and whether it is too old or in the future.

Every date in the text is a candidate; leave periods («с … по …», «… бастап …
дейін»), birth dates and the dates of cited documents are set aside, and the
rest score by what stands around them: a label («Дата выдачи», «Берілген күні»),
the document's number («№ 45-к от …», «… № 45»), the top of the first page,
a line of its own, the signature block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from schemas.codes import ErrorCode
from schemas.result import ErrorItem

from .text import Line, PageText, is_cited, is_heading

_RU_MONTHS = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
_KK_MONTHS = (
    "кантар", "акпан", "наурыз", "сауир", "мамыр", "маусым",
    "шилде", "тамыз", "кыркуйек", "казан", "караша", "желтоксан",
)  # fmt: skip
_YEAR = r"((?:19|20)\d{2})"
_DAY = r"[«\"“'„]?\s?(\d{1,2})\s?[»\"”'“]?"
_RU = "|".join(_RU_MONTHS)
_KK = "|".join(_KK_MONTHS)
# Each pattern names the order its groups come in.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"(?<![\d.])(\d{{1,2}})\s?[./-]\s?(\d{{1,2}})\s?[./-]\s?{_YEAR}(?!\d)"), "dmy"),
    (re.compile(rf"(?<!\d){_YEAR}-(\d{{1,2}})-(\d{{1,2}})(?!\d)"), "ymd"),
    (re.compile(rf"(?<!\d){_DAY}\s*({_RU})\s*{_YEAR}(?!\d)"), "d_ru_y"),
    (re.compile(rf"(?<!\d){_YEAR}\s*(?:ж\.?|жыл\w*)?\s*{_DAY}\s*({_KK})\w*"), "y_d_kk"),
    (re.compile(rf"(?<!\d){_DAY}\s*({_KK})\w*\s*{_YEAR}(?!\d)"), "d_kk_y"),
)

_BIRTH_NEAR = re.compile(r"рожд|туган|туылган|\bд\.\s?р\b")
_BIRTH_AFTER = re.compile(
    r"^\s*(?:г\.?\s?р\b|года\s+рождения|ж\.\s?т\b|(?:(?:ж\.?|жылы)\s*)?(?:туган|туылган))"
)
# Labels of a leave period or of the return to work, Russian and Kazakh (folded).
_PERIOD_BEFORE = re.compile(
    r"(?:\bс|\bсо|\bпо|\bдо|\bпериод\w*|\bсрок\w*|[—–-]"
    r"|приступить\s+к\s+работе|выйти\s+на\s+работу|освобожден\w*\s+от\s+работы"
    r"|с\s+какого\s+числа|по\s+какое\s+число"
    r"|жумыска\s+(?:шыгу|кирису|шык\w*|кирис\w*)\w*(?:\s+(?:куни|мерзими))?"
    r"|жумыстан\s+босат\w*|кай\s+куннен|кай\s+кунге(?:\s+дейин)?|мерзими)"
    r"\s*:?\s*[«\"]?\s*$"
)
_PERIOD_AFTER = re.compile(
    r"^\s*(?:г\.?|года|ж\.?|жыл\w*)?\s*(?:по\b|до\b|бастап|дейин|аралыг\w*|включительно|[—–-]\s*[«\"]?\d)"
)
_CITED_NOUN_BEFORE = re.compile(
    r"(?:заявлени|лист|справк|приказ|договор|ходатайств|свидетельств|заключени|протокол|"
    r"выписк|решени|распоряжени)\w*[^.;]{0,40}\bот\s*$"
)
# A Kazakh citation names the document after its date and number: «08.11.2026 ж.
# № 0398817 уақытша еңбекке жарамсыздық парағы», «… № 12 анықтама».
_CITED_NOUN_AFTER = re.compile(
    r"^\S*\s*(?:№\s*\S+\s*)?(?:\S+\s+){0,4}?(?:отиниш|шарт|парагы|аныктама|куалиг|куалик)\w*"
)
# The issue-date label alone; present with nothing after it, the date is missing.
_ISSUE_LABEL = re.compile(
    r"(?:дата\s+выдачи|дата\s+составления|берилген\s+(?:куни|датасы))\s*[:\-]?"
)
# The issue-date label right before a date outweighs other labelled dates
# («Куәландыру күні», the examination date, on the same certificate).
_ISSUE_LABEL_BEFORE = re.compile(_ISSUE_LABEL.pattern + r"\s*$")
_LABEL = re.compile(
    r"(?:дата\s+выдачи|дата\s+составления|дата|выдан\w*|берилген\s+куни|куни|датасы)\s*[:\-]?\s*$"
)
# A date form left blank: «20___ жылғы «____» ______», ««___» ________ 20__ г.».
_BLANK_DATE = re.compile(r"(?:\b(?:19|20)_{2,}|[«\"]\s*_{2,}\s*[»\"])")
# The subject's acknowledgement line, whose date is often left blank on the form.
_ACKNOWLEDGED = re.compile(r"ознакомлен|таныстым|танысты|подпись|колы")
_NUMBER_BEFORE = re.compile(r"№\s*[\w/-]+\s+от\s*$")
_NUMBER_AFTER = re.compile(r"^\s*(?:г\.?|ж\.?|года)?\s*(?:№|n\s*\d)")
_SIGNATURE = re.compile(r"\b(?:директор|руководител|врач|подпись|м\.\s?п\b|басшы|колы|даригер)")
_MIN_SCORE = 3


@dataclass(frozen=True)
class DateMention:
    page: int
    offset: int
    value: date
    score: int
    why: str  # "issue" (labelled), "guess" (by position), or why it was set aside

    def as_detail(self) -> dict[str, Any]:
        return {"date": self.value.isoformat(), "page": self.page, "why": self.why}


def _to_date(groups: tuple[str, ...], order: str) -> date | None:
    if order == "dmy":
        day, month, year = int(groups[0]), int(groups[1]), int(groups[2])
    elif order == "ymd":
        year, month, day = int(groups[0]), int(groups[1]), int(groups[2])
    elif order == "d_ru_y":
        day, month, year = int(groups[0]), _RU_MONTHS.index(groups[1]) + 1, int(groups[2])
    elif order == "y_d_kk":
        year, day, month = int(groups[0]), int(groups[1]), _KK_MONTHS.index(groups[2]) + 1
    else:
        day, month, year = int(groups[0]), _KK_MONTHS.index(groups[1]) + 1, int(groups[2])
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _judge(page: PageText, start: int, end: int, *, first: bool, last: bool) -> tuple[int, str]:
    line, end_line = page.line_at(start), page.line_at(end)
    before = page.folded[line.start : start]
    after = page.folded[end : end_line.end]
    # A date at the edge of its line reads with the neighbouring line.
    if not before.strip() and line.index:
        before = page.lines[line.index - 1].folded + " "
    if not after.strip() and end_line.index + 1 < len(page.lines):
        after = " " + page.lines[end_line.index + 1].folded
    if _BIRTH_NEAR.search(before[-40:]) or _BIRTH_AFTER.match(after):
        return 0, "birth"
    if _PERIOD_BEFORE.search(before) or _PERIOD_AFTER.match(after):
        return 0, "period"
    heading = is_heading(line)
    issue_label = bool(_ISSUE_LABEL_BEFORE.search(before))
    if is_cited(page, start, end) or (
        not heading
        and not issue_label  # «Берілген күні: …» ends its line before any citation below
        and (
            _CITED_NOUN_BEFORE.search(_with_line_above(page, line, before))
            or _CITED_NOUN_AFTER.match(after)
        )
    ):
        return 0, "cited"
    score = 0
    labelled = bool(
        _LABEL.search(before) or _NUMBER_BEFORE.search(before) or _NUMBER_AFTER.match(after)
    )
    score += 10 if labelled else 0
    score += 4 if issue_label else 0
    if first and line.rank < 15:
        score += 4
    score += 2 if heading else 0
    outside = page.folded[line.start : start] + page.folded[end : end_line.end]
    score += 3 if sum(c.isalpha() for c in outside) < 12 else 0
    tail = [ln for ln in page.lines if ln.text][-10:]
    if (last and line in tail) or _SIGNATURE.search(line.folded):
        score += 3
    score += 2 if re.search(r"\bот\s*$", before) else 0
    if score < _MIN_SCORE:
        return score, "unlabelled"
    return score, "issue" if labelled else "guess"


def _with_line_above(page: PageText, line: Line, before: str) -> str:
    """``before`` with the non-empty line above in front, when the date's line starts a
    reference («свидетельство о рождении ребенка\n№ 0013998 от 27.03.2026»); a title
    above («ПРИКАЗ\n№ 45-к от …») is the document's own and is left out."""
    if not before.lstrip().startswith(("№", "от")):
        return before
    above = next((ln for ln in reversed(page.lines[: line.index]) if ln.text), None)
    if above is None or is_heading(above) or above.folded.rstrip().endswith((".", ":", ";")):
        return before
    return above.folded + " " + before


def find_dates(pages: tuple[PageText, ...]) -> list[DateMention]:
    mentions: list[DateMention] = []
    for n, page in enumerate(pages):
        taken: list[tuple[int, int]] = []
        for pattern, order in _PATTERNS:
            for m in pattern.finditer(page.folded):
                if any(m.start() < b and a < m.end() for a, b in taken):
                    continue
                value = _to_date(m.groups(), order)
                if value is None:
                    continue
                taken.append((m.start(), m.end()))
                score, why = _judge(
                    page, m.start(), m.end(), first=n == 0, last=n == len(pages) - 1
                )
                mentions.append(DateMention(page.number, m.start(), value, score, why))
    return sorted(mentions, key=lambda d: (d.page, d.offset))


@dataclass(frozen=True)
class DateFinding:
    issued: DateMention | None
    ignored: tuple[DateMention, ...]

    @property
    def value(self) -> date | None:
        return self.issued.value if self.issued else None

    def error(self, reference: date, max_age_days: int) -> ErrorItem | None:
        if self.issued is None:
            return ErrorItem(
                code=ErrorCode.DATE_MISSING,
                message="the document's issue date cannot be found",
                details={
                    "expected": "the document's issue date",
                    "found": None,
                    "ignored": [d.as_detail() for d in self.ignored[:10]],
                },
            )
        found = self.issued.value
        details = {
            "expected": {
                "not_before": (reference - timedelta(days=max_age_days)).isoformat(),
                "not_after": reference.isoformat(),
            },
            "found": found.isoformat(),
            "reference": reference.isoformat(),
            "limit_days": max_age_days,
            "page": self.issued.page,
        }
        if found > reference:
            return ErrorItem(
                code=ErrorCode.DATE_FUTURE,
                message="the issue date is after the reference date",
                details=details,
            )
        age = (reference - found).days
        if age > max_age_days:
            return ErrorItem(
                code=ErrorCode.DATE_STALE,
                message=f"the document was issued {age} days before the reference date",
                details=details | {"age_days": age},
            )
        return None


def _blank_issue_label(pages: tuple[PageText, ...], mentions: list[DateMention]) -> bool:
    """An issue-date label with no date after it on its line or opening the next line
    («Берілген күні: 20 жылғы « »»), or a blank date form in the document's number row
    or header («№ 02-18/____ 20___ жылғы «____» ____»): the form's own date was left blank."""
    for page in pages:
        # Every blank form holds «__»; ``re`` would try each position of the page.
        blanks = _BLANK_DATE.finditer(page.folded) if "__" in page.folded else ()
        for blank in blanks:
            line = page.line_at(blank.start())
            if ("№" in line.folded or line.rank < 8) and not _ACKNOWLEDGED.search(line.folded):
                return True
        offsets = [m.offset for m in mentions if m.page == page.number]
        for label in _ISSUE_LABEL.finditer(page.folded):
            line = page.line_at(label.start())
            below = next((ln for ln in page.lines[line.index + 1 :] if ln.text), None)
            value_end = below.start + 12 if below is not None else line.end
            if not any(label.end() <= o <= value_end for o in offsets):
                return True
    return False


def find_issue_date(pages: tuple[PageText, ...]) -> DateFinding:
    """The best-scoring date; an unlabelled guess only when no issue-date label is blank."""
    mentions = find_dates(pages)
    allowed = {"issue"} if _blank_issue_label(pages, mentions) else {"issue", "guess"}
    best: DateMention | None = None
    for mention in mentions:
        if mention.why in allowed and (best is None or mention.score > best.score):
            best = mention
    chosen = [] if best is None else [best]
    ignored = tuple(m for m in mentions if m not in chosen)
    return DateFinding(best, ignored)
