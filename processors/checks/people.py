"""People a document mentions, and which of them it is about.

A document names its subject and other people besides: the director who signs,
the doctor, the executor, the subject's child. A name counts as a subject
candidate unless a role word stands just before it on its line, or on the line
above when the name opens its line («Главный врач\\nСидоров А.А.»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .text import PageText, Token

# A patronymic in any case, Russian or Kazakh (folded), with a Kazakh ending if any.
_PATRONYMIC = re.compile(
    r"^[а-я]{2,}(?:(?:ов|ев)?ич(?:а|у|ем|е)?|(?:ов|ев)н(?:а|ы|е|у|ой)|(?:ич|инич)н(?:а|ы|е|у|ой)"
    r"|кызы\w*|улы\w*)$"
)
_KAZAKH_PATRONYMIC_WORD = re.compile(r"^(?:кызы|улы)\w*$")


def name_key(folded: str) -> str:
    """A folded name as compared: without ь and ъ, which Kazakh spellings drop (Гүлнар)."""
    return folded.replace("ь", "").replace("ъ", "")


def _words(text: str) -> frozenset[str]:
    return frozenset(name_key(w) for w in text.split())


# Signatories' roles as a signature block gives them (folded), anywhere shortly
# before a name. Job titles a subject may hold too (бухгалтер, инженер) are not
# here: a Kazakh order names the subject after a nominative title.
_ROLES = _words(
    "директор руководитель врач главврач исп исполнитель подпись мп председатель "
    "басшы басшысы директоры бас даригер орындаган орындаушы колы торагасы"
)
# Opening a line, these start a signature block in any form («И.о. директора»).
_ROLE_PREFIXES = tuple(name_key(p) for p in (
    "директор", "руководител", "исп", "главн", "заведующ", "начальник", "председател",
    "басшы", "баскарма", "менгеруш", "орында", "бастыг", "уполномоч", "член", "мушеси",
    "секретар", "эксперт", "согласован", "келисилд",
))  # fmt: skip
# The subject's relatives, whose names are not the subject's either.
_RELATIVES = _words(
    "ребенок ребенка ребенку ребенком ребенке сын сына сыну сыном дочь дочери дочерью "
    "супруг супруга супругу супругом супруги муж мужа жена жены бала баласы балага баланын "
    "баланы перзенти жубайы жубайына жубайынын зайыбы зайыбына куйеуи куйеуине"
)
# Words that introduce the subject and so end the search for a role before a name.
_SUBJECT_MARKERS = (
    "предостав", "уволить", "расторг", "прекрат", "выдан", "дана", "работник", "сотрудник",
    "граждан", "пациент", "ознакомлен", "фио", "заявлени", "берилсин", "берилди", "босатылсын",
    "кызметкер", "азамат", "отиниш", "таныстым",
)  # fmt: skip
# Capitalised words that are never part of a person's name.
_NOT_NAMES = _words(
    "приказ приказываю справка лист листок договор отпуск основание республика республики "
    "казахстан казахстана тоо ао ип гу гкп ргп жшс акк мп г тел исп буйрык аныктама парагы "
    "негиз директор врач басшы республикасы казакстан рк кр"
)


def looks_patronymic(norm: str) -> bool:
    return bool(_PATRONYMIC.match(norm))


@dataclass(frozen=True)
class NameSpan:
    """Tokens ``first..last`` of a page's name tokens, and the text they cover."""

    page: int
    first: int
    last: int
    text: str


def name_tokens(page: PageText) -> tuple[Token, ...]:
    """The page's tokens with a split Kazakh patronymic («Серік қызы») joined."""
    joined: list[Token] = []
    for tok in page.tokens:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and _KAZAKH_PATRONYMIC_WORD.match(tok.norm.replace("-", ""))
            and prev.capital
            and not prev.initial
            and not page.text[prev.end : tok.start].strip()
        ):
            text, norm = page.text[prev.start : tok.end], prev.norm + name_key(tok.norm)
            joined[-1] = Token(prev.index, prev.start, tok.end, prev.line, text, norm, False)
            continue
        norm = name_key(tok.norm).replace("-кызы", "кызы").replace("-улы", "улы")
        joined.append(Token(len(joined), tok.start, tok.end, tok.line, tok.text, norm, tok.initial))
    return tuple(joined)


def adjacent(page: PageText, tokens: tuple[Token, ...], i: int, j: int) -> bool:
    if not (0 <= i < len(tokens) and 0 <= j < len(tokens)) or j != i + 1:
        return False
    return not page.text[tokens[i].end : tokens[j].start].strip()


def _line_start(tokens: tuple[Token, ...], i: int) -> int:
    """Index of the first token on token ``i``'s line."""
    while i > 0 and tokens[i - 1].line == tokens[i].line:
        i -= 1
    return i


def is_role_context(page: PageText, tokens: tuple[Token, ...], i: int) -> bool:
    """True when the name starting at token ``i`` is a signatory's or a relative's."""
    start = _line_start(tokens, i)
    for j in range(i - 1, max(start, i - 5) - 1, -1):
        norm = tokens[j].norm
        if norm.startswith(_SUBJECT_MARKERS):
            return False
        if norm in _ROLES or norm in _RELATIVES:
            return True
        if j < start + 3 and norm.startswith(_ROLE_PREFIXES):
            return True
    if start < i:
        return _after_organisation(page, tokens, i)
    if start == 0:
        return False
    # The name opens its line: a relative word ending the line above, the text
    # wrapped after it («(супругом\nОмаровым Ерболом»).
    for j in range(start - 1, max(0, start - 2) - 1, -1):
        norm = tokens[j].norm
        if norm.startswith(_SUBJECT_MARKERS):
            break
        if norm in _RELATIVES or (j == start - 1 and norm in _ROLES):
            return True
    # A short line above opening with a role («Главный врач»).
    above = _line_start(tokens, start - 1)
    head = tokens[above].norm
    return start - above <= 8 and (head in _ROLES or head.startswith(_ROLE_PREFIXES))


def _after_organisation(page: PageText, tokens: tuple[Token, ...], i: int) -> bool:
    """A signature line naming the organisation between the role and the name,
    wrapped or not: «Директор ТОО «Ертіс Сервис\nТрейд» Байжанов Тимур»."""
    for j in range(i - 1, max(0, i - 9) - 1, -1):
        norm = tokens[j].norm
        if norm.startswith(_SUBJECT_MARKERS) or not tokens[j].capital:
            return False
        if j == _line_start(tokens, j) and (norm in _ROLES or norm.startswith(_ROLE_PREFIXES)):
            return not re.search(r"[.:;]", page.text[tokens[j].end : tokens[i].start])
    return False


# The field that names a document's subject: «Фамилия, имя, отчество:», «Ф.И.О.:»,
# «Тегі, аты, әкесінің аты:» (folded), with a colon right after it, so that
# «Фамилия врача» or «ФИО ребенка:» is not one.
_SUBJECT_FIELD = re.compile(
    r"(?:фамилия,?\s*имя,?\s*отчество|ф\.?\s?и\.?\s?о\.?"
    r"|теги,?\s*аты,?\s*акесинин\s+аты|т\.\s?а\.\s?а\.?)"
    r"\s*(?:\([^)\n]{0,30}\))?\s*:"
)


def subject_fields(page: PageText, tokens: tuple[Token, ...]) -> list[tuple[int, int]]:
    """Token bounds of each labelled subject field's value: the rest of the label's
    line, or the next line when the label ends its own; values without two name words
    (left blank, unread) are skipped."""
    found: list[tuple[int, int]] = []
    for label in _SUBJECT_FIELD.finditer(page.folded):
        if label.start() and page.folded[label.start() - 1].isalpha():
            continue
        line = page.line_at(label.start())
        value = [t.index for t in tokens if t.start >= label.end() and t.line == line.index]
        if not value:
            below = next((ln for ln in page.lines[line.index + 1 :] if ln.text), None)
            value = [t.index for t in tokens if below is not None and t.line == below.index]
        words = [k for k in value if _is_name_word(tokens[k])]
        if len(words) >= 2:
            found.append((value[0], value[-1]))
    return found


def _is_name_word(tok: Token) -> bool:
    return tok.capital and not tok.initial and len(tok.norm) >= 2 and tok.norm not in _NOT_NAMES


def make_span(page: PageText, tokens: tuple[Token, ...], first: int, last: int) -> NameSpan:
    text = " ".join(page.text[tokens[first].start : tokens[last].end].split())
    return NameSpan(page.number, first, last, text)


def _words_around(page: PageText, tokens: tuple[Token, ...], k: int) -> tuple[int, int] | None:
    """Bounds of a name around the patronymic at ``k``: «S F P» or «F P S»."""
    name = [
        j for j in (k - 2, k - 1, k + 1)
        if 0 <= j < len(tokens) and _is_name_word(tokens[j])
    ]  # fmt: skip
    if k - 1 in name and k - 2 in name and adjacent(page, tokens, k - 2, k - 1):
        first = k - 2
    elif k - 1 in name:
        first = k - 1
    else:
        return None
    if not adjacent(page, tokens, k - 1, k):
        return None
    if first == k - 1 and k + 1 in name and adjacent(page, tokens, k, k + 1):
        return first, k + 1
    return first, k


def _initials_around(page: PageText, tokens: tuple[Token, ...], i: int) -> tuple[int, int] | None:
    """Bounds of «Иванова М.П.» or «М.П. Иванова» around the initial at ``i``."""
    j = i
    while j + 1 < len(tokens) and tokens[j + 1].initial and adjacent(page, tokens, j, j + 1):
        j += 1
    if j - i > 1:
        return None
    if i > 0 and _is_name_word(tokens[i - 1]) and adjacent(page, tokens, i - 1, i):
        return i - 1, j
    if j + 1 < len(tokens) and _is_name_word(tokens[j + 1]) and adjacent(page, tokens, j, j + 1):
        return i, j + 1
    return None


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3  # loaded once per process, on the first document that needs it

    return pymorphy3.MorphAnalyzer()


def preload() -> None:
    """Load the Russian dictionary now rather than on the first name mismatch."""
    _morph()


@lru_cache(maxsize=8192)
def _name_tags(word: str) -> frozenset[str]:
    """«Name» and «Surn» among a known word's likeliest readings; nothing for unknown words,
    since a guess from the ending says nothing about a Kazakh word."""
    morph = _morph()
    if not morph.word_is_known(word):
        return frozenset()
    return frozenset(g for p in morph.parse(word)[:3] for g in ("Name", "Surn") if g in p.tag)


def _dictionary_pair(tokens: tuple[Token, ...], i: int) -> bool:
    """«Ким Анне»: a first name and a surname the Russian dictionary knows."""
    a, b = _name_tags(tokens[i].text), _name_tags(tokens[i + 1].text)
    return ("Name" in a and "Surn" in b) or ("Surn" in a and "Name" in b)


def candidates(page: PageText, tokens: tuple[Token, ...]) -> list[NameSpan]:
    """Names on the page that could be the subject's, signatories and relatives left out.

    A patronymic anchors the strongest guess, initials the next, and a pair of
    words the Russian dictionary knows as a first name and a surname the last.
    """
    bounds: list[tuple[int, int]] = []

    def add(found: tuple[int, int] | None) -> None:
        if found and not any(a <= found[1] and found[0] <= b for a, b in bounds):
            bounds.append(found)

    for k, tok in enumerate(tokens):
        if tok.capital and not tok.initial and looks_patronymic(tok.norm):
            add(_words_around(page, tokens, k))
    for k, tok in enumerate(tokens):
        if tok.initial and (k == 0 or not tokens[k - 1].initial):
            add(_initials_around(page, tokens, k))
    for k in range(len(tokens) - 1):
        if (
            _is_name_word(tokens[k])
            and _is_name_word(tokens[k + 1])
            and tokens[k].line == tokens[k + 1].line
            and adjacent(page, tokens, k, k + 1)
            and not any(a <= k + 1 and k <= b for a, b in bounds)
            and _dictionary_pair(tokens, k)
        ):
            add((k, k + 1))
    bounds.sort()
    return [
        make_span(page, tokens, a, b) for a, b in bounds if not is_role_context(page, tokens, a)
    ]
