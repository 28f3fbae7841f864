"""Dates as Kazakh and Russian documents print them."""

from __future__ import annotations

from datetime import date

from stream.samples.spec import DateStyle, Language

_RU_MONTHS_GEN = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
_KK_MONTHS = (
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
)


def numeric(d: date) -> str:
    return f"{d:%d.%m.%Y}"


def heading_date(d: date, language: Language, style: DateStyle) -> str:
    """The document's own date: «08.11.2026», «08» ноября 2026 г., 2026 жылғы 8 қараша."""
    if style == "numeric":
        return numeric(d)
    if language == "ru":
        return f"«{d:%d}» {_RU_MONTHS_GEN[d.month - 1]} {d.year} г."
    return f"{d.year} жылғы {d.day} {_KK_MONTHS[d.month - 1]}"


def body_date(d: date, language: Language, style: DateStyle) -> str:
    """A date inside a sentence.

    Kazakh bodies keep the numeric form with «ж.», because a worded Kazakh date
    would need a case ending on the month name (қарашадан, қарашаға).
    """
    if language == "kk":
        return f"{numeric(d)} ж."
    if style == "numeric":
        return numeric(d)
    return f"{d.day} {_RU_MONTHS_GEN[d.month - 1]} {d.year} года"
