"""Kazakh identification numbers and the app's spelling of Kazakh names."""

from __future__ import annotations

from datetime import date

from schemas.iin import iin_check_digit

_KAZAKH_TO_RUSSIAN = str.maketrans("ӘәҒғҚқҢңӨөҰұҮүҺһІі", "АаГгКкНнОоУуУуХхИи")


def fold_kazakh(text: str) -> str:
    """Spell Kazakh letters with Russian ones, as the mobile app's form does."""
    return text.translate(_KAZAKH_TO_RUSSIAN)


def _with_check_digit(first_eleven: str) -> str | None:
    check = iin_check_digit(first_eleven)
    return None if check is None else first_eleven + str(check)


def make_iin(birth: date, *, female: bool, serial: int) -> str:
    """A valid IIN: YYMMDD, the century-and-gender digit, a 4-digit serial, the check digit.

    Serials whose check digit cannot exist are skipped, as the registry does.
    """
    century = {18: 1, 19: 3, 20: 5}[birth.year // 100] + (1 if female else 0)
    for offset in range(10_000):
        number = _with_check_digit(f"{birth:%y%m%d}{century}{(serial + offset) % 10_000:04d}")
        if number is not None:
            return number
    raise ValueError("no valid serial")  # unreachable: most serials are valid


def make_bin(registered: date, *, serial: int) -> str:
    """A valid BIN: YYMM of registration, entity kind 4 (resident legal entity),
    0 (head office), a 5-digit serial, then the same check digit as an IIN.

    The checksum alone does not tell a BIN from an IIN; its label does.
    """
    for offset in range(100_000):
        number = _with_check_digit(f"{registered:%y%m}40{(serial + offset) % 100_000:05d}")
        if number is not None:
            return number
    raise ValueError("no valid serial")
