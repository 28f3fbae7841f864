"""Is the applicant the person the document is about?

The applicant's names arrive in the nominative with Russian letters; the
document inflects them (Russian cases from ``pytrovich``, Kazakh endings on the
last word), may spell them with Kazakh letters, and OCR may slip a letter.
A match needs the surname and the first name (or its initial) side by side in
either order, outside a signature or a relative's mention; a patronymic given
on both sides must agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import Levenshtein

from schemas.codes import ErrorCode
from schemas.result import ErrorItem

from .people import (
    NameSpan,
    adjacent,
    candidates,
    is_role_context,
    looks_patronymic,
    make_span,
    name_key,
    name_tokens,
    subject_fields,
)
from .text import PageText, Token, fold_name

_FEMALE_PATRONYMIC = re.compile(r"(?:овна|евна|ична|инична|кызы)$")
# The father's name inside a patronymic: «Сапаровне» and «Сапарқызына» both hold «сапар».
_PATRONYMIC_ROOT = re.compile(r"^([а-я]{2,}?)(?:ович|евич|овн|евн|ичн|ич|кызы|улы)")
_MALE_PATRONYMIC = re.compile(r"(?:ович|евич|ич|улы|уулу)$")
# Kazakh case endings (folded); those starting with н follow a vowel, м or н only.
_KAZAKH_ENDINGS = sorted(
    (
        *("га", "ге", "ка", "ке", "ды", "ди", "ты", "ти", "дын", "дин", "тын", "тин"),
        *("да", "де", "та", "те", "дан", "ден", "тан", "тен", "мен", "бен", "пен"),
        *("на", "не", "ны", "ни", "нын", "нин", "нан", "нен", "нда", "нде", "н"),
    ),
    key=len,
    reverse=True,
)
_VOWELS = frozenset("аеиоуыэюяьй")


@dataclass(frozen=True)
class PartForms:
    """The folded forms of one name part, and the letters OCR may have slipped in it."""

    forms: frozenset[str]
    slips: int


@dataclass(frozen=True)
class NameForms:
    """Every folded form the document may give one applicant's name parts."""

    last: PartForms
    first: PartForms
    middle: PartForms | None
    first_initial: str
    middle_initial: str | None
    middle_root: str | None


@lru_cache(maxsize=1)
def _petrovich() -> tuple[Any, Any]:
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker(), PetrovichGenderDetector()


def _genders(last: str, first: str, middle: str | None) -> tuple[Any, ...]:
    from pytrovich.enums import Gender

    folded = fold_name(middle or "")
    if folded and _FEMALE_PATRONYMIC.search(folded):
        return (Gender.FEMALE,)
    if folded and _MALE_PATRONYMIC.search(folded):
        return (Gender.MALE,)
    gender = _petrovich()[1].detect(firstname=first, lastname=last)
    return (gender,) if gender in (Gender.MALE, Gender.FEMALE) else (Gender.MALE, Gender.FEMALE)


@lru_cache(maxsize=256)
def name_forms(last: str, first: str, middle: str | None) -> NameForms:
    """The applicant's names in the six Russian cases, folded; cached per process."""
    from pytrovich.enums import Case, Gender, NamePart

    maker = _petrovich()[0]
    genders = _genders(last, first, middle)

    def forms(part: Any, name: str) -> PartForms:
        name = name.strip()
        out = {_key(name)}
        for gender in genders:
            for case in Case:
                out.add(_key(maker.make(part, gender, case, name)))
            if part is NamePart.FIRSTNAME and gender is Gender.FEMALE and name.endswith("ь"):
                out |= {_key(name[:-1] + "и"), _key(name + "ю")}  # Асель → Асели
            if part is NamePart.FIRSTNAME and gender is Gender.FEMALE and name.endswith("ия"):
                out |= {_key(name[:-1] + "и"), _key(name[:-1] + "ей")}  # Алия → Алии, Алией
        return PartForms(frozenset(f for f in out if f), _slips(len(_key(name))))

    middle = middle if middle and _key(middle) else None
    return NameForms(
        last=forms(NamePart.LASTNAME, last),
        first=forms(NamePart.FIRSTNAME, first),
        middle=forms(NamePart.MIDDLENAME, middle) if middle else None,
        first_initial=_key(first)[:1],
        middle_initial=_key(middle)[:1] if middle else None,
        middle_root=_root(_key(middle)) if middle else None,
    )


def _key(name: str) -> str:
    return name_key(fold_name(name))


def _root(patronymic: str) -> str | None:
    m = _PATRONYMIC_ROOT.match(patronymic)
    return m.group(1) if m else None


def _slips(length: int) -> int:
    """Letters OCR may have got wrong, by the nominative's length: none in a short name
    (Нурлан/Нуржан, Мария/Марина differ by one), one in a long one, two in a very long one."""
    return 0 if length <= 6 else 1 if length <= 12 else 2


def _close(word: str, part: PartForms) -> bool:
    if word in part.forms:
        return True
    slips = part.slips
    return bool(slips) and any(
        abs(len(form) - len(word)) <= slips
        and Levenshtein.distance(word, form, score_cutoff=slips) <= slips
        for form in part.forms
    )


def _kazakh_stems(word: str) -> list[str]:
    stems = []
    for ending in _KAZAKH_ENDINGS:
        stem = word[: -len(ending)]
        if (
            word.endswith(ending)
            and len(stem) >= 3
            and (ending[0] != "н" or stem[-1] in _VOWELS or stem[-1] in "мн")
        ):
            stems.append(stem)
    return stems


@lru_cache(maxsize=8192)
def matches(word: str, forms: PartForms) -> bool:
    """True when a folded document word is one of the forms, a Kazakh case of one, or a slip."""
    return _close(word, forms) or any(_close(stem, forms) for stem in _kazakh_stems(word))


def _given_name_ok(tok: Token, forms: NameForms) -> bool:
    return tok.norm == forms.first_initial if tok.initial else matches(tok.norm, forms.first)


def _patronymic_ok(tok: Token | None, forms: NameForms, initials: bool) -> bool | None:
    """True/False when ``tok`` is a patronymic that agrees or not; None when it is none."""
    if tok is None or not tok.capital:
        return None
    if initials:
        if not tok.initial:
            return None
        return forms.middle_initial is None or tok.norm == forms.middle_initial
    if tok.initial:
        return None
    if forms.middle is not None and matches(tok.norm, forms.middle):
        return True
    if forms.middle_root is not None and _root(tok.norm) == forms.middle_root:
        return True  # the same father's name, in the other language's form
    if looks_patronymic(tok.norm):
        return forms.middle is None
    return None


def _at(tokens: tuple[Token, ...], i: int) -> Token | None:
    return tokens[i] if 0 <= i < len(tokens) else None


def _match_at(
    page: PageText, tokens: tuple[Token, ...], i: int, forms: NameForms
) -> tuple[int, int] | None:
    """Bounds of the applicant's name around the surname at ``i``, or None."""
    # «Иванова Мария Петровна», «Ивановой М.П.»
    given = _at(tokens, i + 1)
    if (
        given is not None
        and given.capital
        and adjacent(page, tokens, i, i + 1)
        and _given_name_ok(given, forms)
    ):
        nxt = _at(tokens, i + 2) if adjacent(page, tokens, i + 1, i + 2) else None
        agrees = _patronymic_ok(nxt, forms, given.initial)
        if agrees is not False:
            return (i, i + 2) if agrees else (i, i + 1)
    # «Мария Петровна Иванова», «М.П. Иванова»
    before = _at(tokens, i - 1)
    if before is None or not before.capital or not adjacent(page, tokens, i - 1, i):
        return None
    earlier = _at(tokens, i - 2) if adjacent(page, tokens, i - 2, i - 1) else None
    both_initials = before.initial and earlier is not None and earlier.initial
    if (
        earlier is not None
        and earlier.capital
        and (both_initials or (not before.initial and looks_patronymic(before.norm)))
    ):
        agrees = _patronymic_ok(before, forms, earlier.initial)
        if agrees is not False and _given_name_ok(earlier, forms):
            return i - 2, i
        return None
    return (i - 1, i) if _given_name_ok(before, forms) else None


@dataclass(frozen=True)
class NameFinding:
    expected: str
    match: NameSpan | None
    subjects: tuple[NameSpan, ...]
    # Why the finding is weak, if it is: ``initials`` or ``fuzzy`` (an OCR slip
    # allowed) for a match; ``not_found`` or ``other_subject`` without one.
    doubt: str | None = None

    # The matched name in the nominative, in the document's spelling where it can be.
    nominative: str | None = None

    @property
    def person(self) -> str | None:
        if self.match is not None:
            return self.nominative or self.match.text
        return self.subjects[0].text if self.subjects else None

    def error(self) -> ErrorItem | None:
        if self.match is not None:
            return None
        found = list(dict.fromkeys(s.text for s in self.subjects))
        return ErrorItem(
            code=ErrorCode.NAME_MISMATCH,
            message="the applicant is not the person the document is about",
            details={
                "expected": self.expected,
                "found": found,
                "pages": sorted({s.page for s in self.subjects}),
            },
        )


def _exact(word: str, forms: NameForms) -> bool:
    """True when a folded word is one of the name's forms (or a Kazakh case of one),
    with no slip allowed."""
    parts = [p for p in (forms.last, forms.first, forms.middle) if p is not None]
    words = (word, *_kazakh_stems(word))
    if any(w in p.forms for w in words for p in parts):
        return True
    if forms.middle_root is not None and _root(word) == forms.middle_root:
        return True
    return forms.middle is None and looks_patronymic(word)


def _match_doubt(tokens: tuple[Token, ...], first: int, last: int, forms: NameForms) -> str | None:
    span = tokens[first : last + 1]
    if any(t.initial for t in span):
        return "initials"
    return None if all(_exact(t.norm, forms) for t in span) else "fuzzy"


def _nominative(
    page: PageText,
    tokens: tuple[Token, ...],
    first: int,
    last: int,
    forms: NameForms,
    given: tuple[str, ...],
) -> str:
    """The matched name in the nominative: an inflected word becomes the applicant's own
    spelling of that part; a nominative or a Kazakh case keeps the document's letters
    («Серікқызына» → «Серікқызы»); initials stay as written."""
    parts = [
        (part, name.strip())
        for part, name in zip((forms.last, forms.first, forms.middle), given, strict=True)
        if part is not None and name
    ]
    out = []
    for i in range(first, last + 1):
        tok = tokens[i]
        if i > first:  # the document's spacing: «М.П.» stays together, a line break is a space
            out.append(" " if page.text[tokens[i - 1].end : tok.start] else "")
        out.append(tok.text if tok.initial else _nominative_word(tok, parts))
    return "".join(out)


def _nominative_word(tok: Token, parts: list[tuple[PartForms, str]]) -> str:
    same_length = len(tok.text) == len(tok.norm)
    for forms, name in parts:
        key = _key(name)
        if tok.norm == key:
            return tok.text
        if same_length and key in _kazakh_stems(tok.norm):
            return tok.text[: len(key)]
        if matches(tok.norm, forms):
            return name
    # The father's name in the other language's form («Сапарқызына» for Сапаровна).
    stems = [stem for stem in _kazakh_stems(tok.norm) if looks_patronymic(stem)]
    return tok.text[: len(stems[0])] if stems and same_length else tok.text


def _matched(
    expected: str,
    page: PageText,
    tokens: tuple[Token, ...],
    bounds: tuple[int, int],
    forms: NameForms,
    given: tuple[str, ...],
) -> NameFinding:
    doubt = _match_doubt(tokens, *bounds, forms)
    nominative = _nominative(page, tokens, *bounds, forms, given)
    return NameFinding(expected, make_span(page, tokens, *bounds), (), doubt, nominative)


def _labelled_subject(
    paged: list[tuple[PageText, tuple[Token, ...]]],
    forms: NameForms,
    expected: str,
    given: tuple[str, ...],
) -> NameFinding | None:
    """The finding a labelled subject field («Фамилия, имя, отчество: …») settles.

    The field names the document's subject, so it outweighs a mention elsewhere:
    with the applicant in no field, the applicant named in the body is a relative
    or another party. None when the document has no filled-in field.
    """
    fields: list[NameSpan] = []
    for page, tokens in paged:
        for a, b in subject_fields(page, tokens):
            for i in range(a, b + 1):
                tok = tokens[i]
                if tok.capital and not tok.initial and matches(tok.norm, forms.last):
                    bounds = _match_at(page, tokens, i, forms)
                    if bounds and a <= bounds[0] and bounds[1] <= b:
                        return _matched(expected, page, tokens, bounds, forms, given)
            last = a
            while (
                last + 1 <= b
                and tokens[last + 1].capital
                and adjacent(page, tokens, last, last + 1)
            ):
                last += 1
            fields.append(make_span(page, tokens, a, last))
    if not fields:
        return None
    return NameFinding(expected, None, tuple(fields), None)


def find_person(
    pages: tuple[PageText, ...], last: str, first: str, middle: str | None
) -> NameFinding:
    forms = name_forms(last, first, middle)
    expected = " ".join(p.strip() for p in (last, first, middle or "") if p and p.strip())
    paged = [(page, name_tokens(page)) for page in pages]
    given = (last, first, middle or "")
    labelled = _labelled_subject(paged, forms, expected, given)
    if labelled is not None:
        return labelled
    by_initials: NameFinding | None = None
    for page, tokens in paged:
        for i, tok in enumerate(tokens):
            if not tok.capital or tok.initial or not matches(tok.norm, forms.last):
                continue
            bounds = _match_at(page, tokens, i, forms)
            if bounds and not is_role_context(page, tokens, bounds[0]):
                found = _matched(expected, page, tokens, bounds, forms, given)
                if found.doubt != "initials":
                    return found
                by_initials = by_initials or found
    namesakes = [span for page, tokens in paged for span in _namesakes(page, tokens, forms, [])]
    if by_initials is not None and not namesakes:
        return by_initials
    # A namesake written in full («Мұқашев Дәурен») outweighs matching initials
    # elsewhere («таныстым: Мұқашев Д.Б.»): the initials fit both people.
    subjects: list[NameSpan] = []
    for page, tokens in paged:
        subjects += candidates(page, tokens)
        subjects += _namesakes(page, tokens, forms, subjects)
    doubt = "other_subject" if subjects else "not_found"
    return NameFinding(expected, None, tuple(subjects), doubt)


def _namesakes(
    page: PageText, tokens: tuple[Token, ...], forms: NameForms, known: list[NameSpan]
) -> list[NameSpan]:
    """«Иванова Анна»: the applicant's surname with someone else's first name in full,
    outside a signature or a relative's mention and outside the ``known`` spans."""
    found: list[NameSpan] = []
    for i, tok in enumerate(tokens):
        nxt = _at(tokens, i + 1)
        if (
            tok.capital
            and not tok.initial
            and matches(tok.norm, forms.last)
            and nxt is not None
            and nxt.capital
            and not nxt.initial
            and not matches(nxt.norm, forms.first)
            and adjacent(page, tokens, i, i + 1)
            and not any(s.page == page.number and s.first <= i <= s.last for s in known)
            and not is_role_context(page, tokens, i)
        ):
            found.append(make_span(page, tokens, i, i + 1))
    return found
