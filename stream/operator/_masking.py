"""Personal data as the console shows it: 960125******, Жармаганбет А. С.

The name rules are the logs' (``stream.masking``); an IIN is masked even when
it is malformed, since the console shows it as a field, not inside text.
"""

from __future__ import annotations

from ..masking import initials, short_name

_NOTHING = "—"


def mask_iin(value: str | None) -> str:
    """The birth date part of an IIN (its first six digits), the rest hidden."""
    if not value:
        return _NOTHING
    value = value.strip()
    if len(value) == 12 and value.isascii() and value.isdigit():
        return value[:6] + "******"
    return "*" * 12


def mask_name(last_name: str | None, first_name: str | None, second_name: str | None) -> str:
    """The last name in full, the first and second names as initials."""
    parts = [(last_name or "").strip()]
    parts += [initials(name) for name in (first_name, second_name) if name and name.strip()]
    return " ".join(p for p in parts if p) or _NOTHING


def mask_full_name(text: str | None) -> str:
    """A name as read off a document (surname first): the surname and initials."""
    return short_name(text.strip()) if text and text.strip() else _NOTHING
