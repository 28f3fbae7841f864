"""Inflect a person's name for the texts: Russian through pytrovich, Kazakh by suffix rules.

Kazakh attaches the case ending to the last word of the whole name, chosen by
vowel harmony and by the sound the word ends with; a patronymic in -қызы/-ұлы
is a possessive form and takes the possessive endings (Серікқызына, Ерланұлымен).
"""

from __future__ import annotations

from pytrovich.enums import Case, Gender, NamePart
from pytrovich.maker import PetrovichDeclinationMaker

from stream.samples.spec import Inflected

_MAKER = PetrovichDeclinationMaker()

_BACK = set("аоұыяёАОҰЫЯЁ")
_FRONT = set("әөүіеэӘӨҮІЕЭ")
_VOWELS = _BACK | _FRONT | set("иуюИУЮ")
_SONORANT = set("мнңлрйуМНҢЛРЙУ")
_VOICED = set("жзЖЗ")
_POSSESSIVE = ("қызы", "ұлы", "кызы", "улы")


def initials(last: str, first: str, middle: str | None) -> str:
    """«Иванова М.П.», the form of signature lines and references."""
    tail = f"{first[0]}." + (f"{middle[0]}." if middle else "")
    return f"{last} {tail}"


def ru_forms(last: str, first: str, middle: str | None, *, female: bool) -> Inflected:
    """Russian cases of a full name; indeclinable parts stay as they are."""
    gender = Gender.FEMALE if female else Gender.MALE

    def inflect(case: Case) -> str:
        parts = [
            _MAKER.make(NamePart.LASTNAME, gender, case, last),
            _MAKER.make(NamePart.FIRSTNAME, gender, case, first),
        ]
        if middle:
            parts.append(_MAKER.make(NamePart.MIDDLENAME, gender, case, middle))
        return " ".join(parts)

    return Inflected(
        nom=" ".join(p for p in (last, first, middle) if p),
        gen=inflect(Case.GENITIVE),
        dat=inflect(Case.DATIVE),
        acc=inflect(Case.ACCUSATIVE),
        ins=inflect(Case.INSTRUMENTAL),
        short=initials(last, first, middle),
    )


def _is_front(word: str) -> bool:
    for letter in reversed(word):
        if letter in _BACK:
            return False
        if letter in _FRONT:
            return True
    return False


def kk_suffixes(word: str) -> dict[str, str]:
    """Genitive, dative, accusative and instrumental endings for ``word``."""
    front = _is_front(word)

    def pick(back: str, fr: str) -> str:
        return fr if front else back

    last = word[-1]
    if word.lower().endswith(_POSSESSIVE):
        return {"gen": pick("ның", "нің"), "dat": pick("на", "не"), "acc": "н", "ins": "мен"}
    if last in _VOWELS - set("уУ"):
        return {
            "gen": pick("ның", "нің"),
            "dat": pick("ға", "ге"),
            "acc": pick("ны", "ні"),
            "ins": "мен",
        }
    if last in set("мнңМНҢ"):
        return {
            "gen": pick("ның", "нің"),
            "dat": pick("ға", "ге"),
            "acc": pick("ды", "ді"),
            "ins": "мен",
        }
    if last in _SONORANT:
        return {
            "gen": pick("дың", "дің"),
            "dat": pick("ға", "ге"),
            "acc": pick("ды", "ді"),
            "ins": "мен",
        }
    if last in _VOICED:
        return {
            "gen": pick("дың", "дің"),
            "dat": pick("ға", "ге"),
            "acc": pick("ды", "ді"),
            "ins": "бен",
        }
    # Voiceless consonants, and б/в/г/д which are devoiced at the end of a word.
    return {
        "gen": pick("тың", "тің"),
        "dat": pick("қа", "ке"),
        "acc": pick("ты", "ті"),
        "ins": "пен",
    }


def kk_forms(last: str, first: str, patronymic: str | None = None) -> Inflected:
    """Kazakh cases of a full name: only the final word takes the ending."""
    nom = " ".join(p for p in (last, first, patronymic) if p)
    endings = kk_suffixes(patronymic or first)
    return Inflected(
        nom=nom,
        gen=nom + endings["gen"],
        dat=nom + endings["dat"],
        acc=nom + endings["acc"],
        ins=nom + endings["ins"],
        short=initials(last, first, patronymic),
    )
