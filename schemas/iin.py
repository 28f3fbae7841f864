"""The Kazakh individual identification number (IIN / ЖСН) check digit."""

from __future__ import annotations

_FIRST_WEIGHTS = tuple(range(1, 12))
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def iin_check_digit(first_eleven: str) -> int | None:
    """The twelfth digit for eleven digits, or ``None`` when no digit is valid.

    The first pass weighs the digits 1..11; when its sum mod 11 is 10 a second
    pass weighs them 3..11,1,2; a second 10 means the number cannot be issued.
    """
    digits = [int(c) for c in first_eleven]
    for weights in (_FIRST_WEIGHTS, _SECOND_WEIGHTS):
        check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if check != 10:
            return check
    return None


def is_valid_iin(value: str) -> bool:
    """True for twelve ASCII digits whose last one is the right check digit."""
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return False
    return iin_check_digit(value[:11]) == int(value[11])
