"""Shared normalisation of read text: OCR slips, Kazakh letters, lines, clauses, tokens.

Every check reads a page through ``PageText``: ``text`` is the cleaned text
(look-alike Latin letters turned Cyrillic, broken hyphenation joined, spaces
collapsed) and ``folded`` is the same text lower-cased with ё and the Kazakh
letters folded to Russian ones. Folding maps one character to one character,
so an offset found in ``folded`` points at the same place in ``text``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from schemas.document import ReadDocument

CYRILLIC = "А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі"
UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
KAZAKH_LETTERS = frozenset("ӘәҒғҚқҢңӨөҰұҮүҺһІі")

# Latin letters an OCR engine returns for Cyrillic ones; the weak ones (n, r, u, b...)
# are only trusted inside a word that already holds Cyrillic letters.
_STRONG_LOOKALIKES = {
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О",
    "P": "Р", "T": "Т", "X": "Х", "Y": "У", "a": "а", "c": "с", "e": "е", "o": "о",
    "p": "р", "x": "х", "y": "у",
}  # fmt: skip
_WEAK_LOOKALIKES = {
    "I": "І", "i": "і", "h": "һ", "k": "к", "m": "м", "n": "п", "r": "г", "u": "и", "b": "ь",
}  # fmt: skip
_LOOKALIKES = _STRONG_LOOKALIKES | _WEAK_LOOKALIKES
# No letter is folded into one that is folded again, so the order does not matter;
# ``str.replace`` runs each over a page far faster than ``str.translate`` with a table.
_FOLD = tuple(zip("ёәғқңөұүһі", "еагкноуухи", strict=True))

# A word with a Latin letter or a zero in it: the only words ``_fixed_word`` changes.
_WORDLIKE = re.compile(
    rf"(?<![0-9A-Za-z{CYRILLIC}])(?=[0-9{CYRILLIC}]*[A-Za-z0])[0-9A-Za-z{CYRILLIC}]+"
)
_HAS_CYRILLIC = re.compile(rf"[{CYRILLIC}]")
_ROMAN = re.compile(r"^[IVXLC]+$")
_BROKEN_HYPHEN = re.compile(rf"(?<=[{CYRILLIC}A-Za-z])[-‐‑¬]\s*\n\s*(?=[a-zа-яёәғқңөұүһі])")
# «0 предоставлении»: a zero alone opening a line before a word is the preposition «О».
_ZERO_AS_O = re.compile(r"(?m)^0(?=[ \t]+[а-яёәғқңөұүһі])")
# «№» as OCR reads it («Хо 131», «Мо 45», «N° 12», «No 7»), before a number only.
_NUMBER_SIGN = re.compile(r"(?<![\w№])(?:Хо|Мо|N[°ºoOeе]|№)[ \t]*(?=\d)")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
# Where a clause ends: a sentence stop before a capital, a colon ending its line,
# a blank line, or a numbered item («1.», «2)») starting a line.
_CLAUSE_END = re.compile(
    rf"[.;!?](?=\s+[«\"{UPPER}\d])|:[ \t]*\n|\n[ \t]*\n|\n(?=[ \t]*\d{{1,2}}[.)]\s)"
)
_TOKEN = re.compile(rf"[{CYRILLIC}A-Za-z]+(?:-[{CYRILLIC}A-Za-z]+)*\.?")


def _fix_word(match: re.Match[str]) -> str:
    return _fixed_word(match.group())


# Documents share most of their words, so each is fixed once per process.
@lru_cache(maxsize=1 << 16)
def _fixed_word(word: str) -> str:
    has_cyrillic = bool(_HAS_CYRILLIC.search(word))
    if not has_cyrillic:
        letters = [c for c in word if c.isalpha()]
        if not letters or _ROMAN.match(word):
            return word
        if any(c not in _STRONG_LOOKALIKES and c != "I" for c in letters):
            return word
    chars = [_LOOKALIKES.get(c, c) for c in word]
    # «0» stands for «О» only inside a word with no other digits (not in «№ 100к»).
    digits = [c for c in word if c.isdigit()]
    alphas = sum(c.isalpha() for c in word)
    if digits and set(digits) == {"0"} and alphas >= max(1, len(digits)):
        for i, c in enumerate(chars):
            if c == "0":
                prev = chars[i - 1] if i else ""
                chars[i] = "О" if not prev or prev.isupper() else "о"
    return "".join(chars)


def clean(text: str) -> str:
    """Undo the common OCR slips; keeps line breaks and the Kazakh letters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u00ad\n", "").replace("\u00ad", "")
    text = _BROKEN_HYPHEN.sub("", text)
    text = _WORDLIKE.sub(_fix_word, text)
    text = _ZERO_AS_O.sub("О", text)
    text = _NUMBER_SIGN.sub("№ ", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def fold(text: str) -> str:
    """Lower-case, ё→е, Kazakh letters → Russian ones; one character for one."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for letter, folded in _FOLD:
        lowered = lowered.replace(letter, folded)
    return lowered


def fold_name(text: str) -> str:
    """A name as compared: cleaned, folded, without spaces."""
    return fold(clean(text)).replace(" ", "")


# Lines and tokens are never changed once made. They are not frozen: a page has
# hundreds of them, and a frozen dataclass costs several times as much to make.
@dataclass(slots=True)
class Line:
    """One line of a page; ``rank`` counts only the non-empty lines before it."""

    index: int
    rank: int
    start: int
    end: int
    text: str
    folded: str


@dataclass(slots=True)
class Token:
    """A word, or an initial (one capital letter and its dot)."""

    index: int
    start: int
    end: int
    line: int
    text: str
    norm: str
    initial: bool

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True)
class PageText:
    number: int
    text: str
    folded: str
    lines: tuple[Line, ...]
    _line_starts: tuple[int, ...] = field(repr=False)
    _clause_ends: tuple[int, ...] = field(repr=False)

    @classmethod
    def of(cls, number: int, raw: str) -> PageText:
        text = clean(raw)
        folded = fold(text)
        lines: list[Line] = []
        offset = rank = 0
        for index, part in enumerate(text.split("\n")):
            end = offset + len(part)
            lines.append(Line(index, rank, offset, end, part, folded[offset:end]))
            rank += bool(part)
            offset = end + 1
        ends = {m.end() for m in _CLAUSE_END.finditer(text)}
        for i in _heading_rows(lines):
            ends.update((lines[i].start, lines[i].end))
        starts = tuple(ln.start for ln in lines)
        return cls(number, text, folded, tuple(lines), starts, tuple(sorted(ends)))

    def line_at(self, offset: int) -> Line:
        return self.lines[bisect_right(self._line_starts, offset) - 1]

    def clause(self, offset: int) -> tuple[int, int]:
        """The bounds of the clause (sentence or numbered item) holding ``offset``."""
        i = bisect_right(self._clause_ends, offset)
        start = self._clause_ends[i - 1] if i else 0
        end = self._clause_ends[i] if i < len(self._clause_ends) else len(self.text)
        return start, end

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        found: list[Token] = []
        for m in _TOKEN.finditer(self.text):
            word = m.group()
            initial = len(word) == 2 and word.endswith(".") and word[0].isupper()
            if word.endswith(".") and not initial:
                word = word[:-1]
            start = m.start()
            end = start + len(word)
            # Folding maps one character to one, so the folded text holds each word's fold.
            norm = self.folded[start : end - 1 if initial else end]
            found.append(
                Token(len(found), start, end, self.line_at(start).index, word, norm, initial)
            )
        return tuple(found)

    def adjacent(self, left: Token, right: Token) -> bool:
        """Only white space (a line break included) between the two tokens."""
        return right.index == left.index + 1 and not self.text[left.end : right.start].strip()


_ROW_CONTINUES = re.compile(r"(?:[,(«\"–—-]|\bот|\bс|\bпо|\bдо|№)\s*$")


def _continues(folded: str) -> bool:
    """The row runs on into the next: it ends with a comma, a bracket, «от», «№»...

    No ending is longer than two characters, so the search starts two before
    the trailing space (``re`` tries every position of a line otherwise);
    ``\\b`` still sees the character before where the search starts.
    """
    return bool(_ROW_CONTINUES.search(folded, max(0, len(folded.rstrip()) - 2)))


def _heading_rows(lines: list[Line]) -> list[int]:
    """Short rows near the top holding a number (the city and the date, «№ 45-к»),
    and title lines followed by a new sentence.

    Such a row is a clause of its own: the preamble that follows it is another
    sentence, whatever its punctuation. A row that continues the line above
    (which ends with a comma) or runs on into the next is not one.
    """
    rows: list[int] = []
    previous = ""
    filled = [ln for ln in lines if ln.text]
    for k, line in enumerate(filled):
        following = filled[k + 1].text if k + 1 < len(filled) else ""
        if _continues(line.folded) or previous.rstrip().endswith(","):
            pass
        elif line.rank < 10 and any(map(str.isdigit, line.text)):
            if sum(c.isalpha() for c in line.text) < 12:
                rows.append(line.index)
        elif (
            line.rank < 20
            and line.text[:1].isupper()
            and names_a_kind(line)
            and re.match(rf"[«\"{UPPER}\d]", following)
        ):
            # A title («Еңбек шартын бұзу туралы») before a new sentence.
            rows.append(line.index)
        previous = line.folded
    return rows


class PagePattern:
    """A regular expression searched through whole pages, fast also when it opens
    with ``\\b`` before a letter («\\bуволить\\b»).

    ``re`` finds a pattern that opens with text by scanning for that text, but
    tries one that opens with ``\\b`` at every position of the page, some
    thirteen times slower. So the leading ``\\b`` is checked here instead: the
    rest is found by its text, and a find right after a word character is
    passed over, the search going on from its next character. Before a letter,
    ``\\b`` means exactly that, so the matches are the pattern's own.
    """

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._word_start = pattern.startswith(r"\b") and pattern[2:3].isalpha()
        self._body = re.compile(pattern[2:] if self._word_start else pattern)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if not self._word_start:
            yield from self._body.finditer(text)
            return
        pos = 0
        while (m := self._body.search(text, pos)) is not None:
            start = m.start()
            if start and _is_word_char(text[start - 1]):
                pos = start + 1
                continue
            yield m
            pos = max(m.end(), start + 1)

    def search(self, text: str) -> re.Match[str] | None:
        return next(self.finditer(text), None)


def _is_word_char(char: str) -> bool:
    """What ``\\w`` matches in a ``str`` pattern."""
    return char.isalnum() or char == "_"


def prepare(document: ReadDocument) -> tuple[PageText, ...]:
    return tuple(PageText.of(page.number, page.text) for page in document.pages)


CYRILLIC_WORD = re.compile(rf"[{CYRILLIC}]+")


def cyrillic_letters(pages: tuple[PageText, ...]) -> int:
    return sum(len(word) for page in pages for word in CYRILLIC_WORD.findall(page.text))


# Vocabulary several checks share, all folded.

# A title opens with its kind («ПРИКАЗ № 45», «Справка о …») in Russian and ends
# with it in Kazakh («… туралы анықтама», «… парағы № 123»).
_TITLE_START = re.compile(
    r"^\W*(?:приказ|распоряжение|справка|лист|листок|заключение|выписка|договор|буйрык)\b"
)
_TITLE_END = re.compile(r"(?:туралы|буйрык\w*|аныктама\w*|парагы|корытынды\w*)\s*(?:№.*)?$")
OPERATIVE = re.compile(
    r"\b(?:предостав\w*|уволить|уволен\w*|расторгнуть|прекратить|освободить|выдан\w*|дана|"
    r"зарегистрирован\w*|признан\w*|установлен\w*|приказываю|"
    r"берилсин|берилди|босатылсын|бузылсын|токтатылсын|тиркелген|тиркелди|белгиленди|"
    r"буйырамын|усынылсын)\b"
)
CITATION_BEFORE = re.compile(
    r"\b(?:на\s+основании|основани[ея]|согласно|в\s+соответствии|со\s+ссылкой|"
    r"негиз(?:деме)?\s*:)"
)
CITATION_AFTER = re.compile(r"\b(?:негизинде|негизге|сайкес)\b")


def names_a_kind(line: Line) -> bool:
    """The line says what the document is («ПРИКАЗ № 45», «… туралы анықтама»)."""
    folded = line.folded.rstrip(" .")
    return bool(_TITLE_START.search(folded) or _TITLE_END.search(folded))


def is_heading(line: Line) -> bool:
    """A title line: near the top of its page and shaped like a heading."""
    if line.rank >= 20 or not line.text:
        return False
    if names_a_kind(line) or re.match(r"об?\s", line.folded):
        return True
    letters = "".join(filter(str.isalpha, line.text))
    # ``isupper`` first: it settles nearly every line in C; it passes letters with
    # no case (which ``all`` refuses) but never fails a line ``all`` would pass.
    return len(letters) >= 6 and letters.isupper() and all(c.isupper() for c in letters)


def is_cited(page: PageText, start: int, end: int) -> bool:
    """True when [start, end) names a document the text cites, not the text itself.

    A Russian marker («на основании», «согласно») comes before the citation, a
    Kazakh one («негізінде», «сәйкес») after it; an operative verb between the
    marker and the mention ends the citation («На основании листа … предоставить
    отпуск по беременности и родам»).
    """
    c_start, c_end = page.clause(start)
    before = page.folded[c_start:start]
    markers = list(CITATION_BEFORE.finditer(before))
    if markers and not OPERATIVE.search(before[markers[-1].end() :]):
        return True
    after = page.folded[end:c_end]
    marker = CITATION_AFTER.search(after)
    return bool(marker and not OPERATIVE.search(after[: marker.start()]))
