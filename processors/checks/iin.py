"""IINs the document shows, and whether the applicant's is among them.

Only a number labelled ИИН / ЖСН counts, and only with a valid check digit: a
company's БИН / БСН has the same shape and checksum, its label tells it apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas.codes import ErrorCode
from schemas.iin import is_valid_iin
from schemas.result import ErrorItem

from .text import PageText

# Folded text: «ИИН», «ЖСН» (Kazakh), then punctuation, then 12 digits that OCR may
# have split with spaces or hyphens, or with «О» for a zero.
_LABELLED = re.compile(
    r"(?<![а-яa-z])(?:иин|жсн)(?![а-яa-z])[\s:№#.()\-–—=]{0,6}((?:[\dо][ \t-]?){11}[\dо])(?![\dо])"
)
_COMPANY_BEFORE = re.compile(r"(?:бин|бсн)\s*/\s*$")


@dataclass(frozen=True)
class IinMention:
    value: str
    page: int


@dataclass(frozen=True)
class IinFinding:
    expected: str
    found: tuple[IinMention, ...]

    @property
    def values(self) -> list[str]:
        return list(dict.fromkeys(m.value for m in self.found))

    @property
    def value(self) -> str | None:
        """The applicant's IIN when shown, else the first one shown."""
        if self.expected in self.values:
            return self.expected
        return self.found[0].value if self.found else None

    def error(self) -> ErrorItem | None:
        if not self.found or self.expected in self.values:
            return None
        return ErrorItem(
            code=ErrorCode.IIN_MISMATCH,
            message="the document shows an IIN and none is the applicant's",
            details={
                "expected": self.expected,
                "found": self.values,
                "pages": sorted({m.page for m in self.found}),
            },
        )


def find_iins(pages: tuple[PageText, ...], expected: str) -> IinFinding:
    found: list[IinMention] = []
    for page in pages:
        for m in _LABELLED.finditer(page.folded):
            if _COMPANY_BEFORE.search(page.folded[max(0, m.start() - 8) : m.start()]):
                continue
            digits = re.sub(r"[ \t-]", "", m.group(1)).replace("о", "0")
            if is_valid_iin(digits):
                found.append(IinMention(digits, page.number))
    return IinFinding(expected, tuple(found))
