"""Personal data out of the logs: IINs and applicants' names, wherever they appear.

``mask_personal_data`` is a structlog processor; it runs on every line, the
standard library's and other libraries' records included, after exception
text has been formatted, so a traceback is masked like any other value.

- A run of exactly 12 digits (an IIN, or anything shaped like one) keeps its
  first 6 digits: ``960125445005`` → ``960125******``.
- A value under a name key is cut to the surname and initials:
  ``first_name``/``second_name`` → ``А.``; ``applicant``/``name`` →
  ``Жармаганбет А. С.``; ``last_name`` is the surname and stays.
- The same keys written into text (``first_name='Айгерим'``, a dict's repr in
  an exception message) are masked the same way.
- The given names of the request being worked on (``hide_given_names``,
  inside ``given_names_scope``) are replaced by their initials in any text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from pydantic import BaseModel
from structlog.typing import EventDict, WrappedLogger

# A context variable of its own, not a structlog field: a logger set up
# without this processor must not print the names it holds.
_given_names: ContextVar[tuple[str, ...]] = ContextVar("idp_given_names", default=())

_IIN = re.compile(r"(?<!\d)(\d{6})\d{6}(?!\d)")
_GIVEN_KEYS = frozenset({"first_name", "second_name", "middle_name", "patronymic"})
_FULL_KEYS = frozenset({"applicant", "name", "full_name"})
_SURNAME_KEYS = frozenset({"last_name", "surname"})
_IIN_KEYS = frozenset({"iin"})
# Ids and digests, not personal data; a 12-digit run inside one is chance.
_ID_KEYS = frozenset({"trace_id", "span_id", "run_id", "request_id", "sha256", "timestamp"})
# ``key=value``, ``'key': 'value'``, ``"key": "value"``; a quoted value may hold spaces.
_IN_TEXT = re.compile(
    r"""(?P<key>\b(?:first_name|second_name|middle_name|patronymic|full_name|applicant|name)\b)"""
    r"""(?P<sep>['"]?\s*[:=]\s*)"""
    r"""(?:(?P<quote>['"])(?P<quoted>[^'"\n]*)(?P=quote)|(?P<bare>[^\s'",;})\]]+))""",
    re.IGNORECASE,
)


def initials(value: str) -> str:
    """``Айгерим`` → ``А.``; ``Анна Мария`` → ``А. М.``."""
    return " ".join(f"{word[0]}." for word in value.split())


def short_name(value: str) -> str:
    """``Жармаганбет Айгерим Сериккызы`` → ``Жармаганбет А. С.``: the surname
    (written first) kept, the rest as initials."""
    words = value.split()
    if len(words) < 2:
        return value
    return " ".join([words[0], initials(" ".join(words[1:]))])


def mask_iins(text: str) -> str:
    return _IIN.sub(lambda m: m.group(1) + "******", text)


@contextmanager
def given_names_scope() -> Iterator[None]:
    """Names hidden inside (``hide_given_names``) are forgotten on the way out."""
    token = _given_names.set(_given_names.get())
    try:
        yield
    finally:
        _given_names.reset(token)


def hide_given_names(*names: str | None) -> None:
    """Mask these names in any text logged from now on in this context (the
    surname is kept in the logs, so it is not one of them)."""
    kept = {name.strip() for name in names if name and len(name.strip()) > 1}
    # Longest first, so a name is not cut by a shorter one inside it.
    _given_names.set(tuple(sorted(kept, key=len, reverse=True)))


def mask_personal_data(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """The structlog processor: every value of the line, masked."""
    names = _given_names.get()
    return {key: _masked(key, value, names) for key, value in event_dict.items()}


def _masked(key: str | None, value: Any, names: tuple[str, ...]) -> Any:
    lowered = key.lower() if isinstance(key, str) else None
    if lowered in _ID_KEYS:
        return value
    if lowered in _IIN_KEYS and isinstance(value, str | int) and not isinstance(value, bool):
        text = str(value)
        return text[:6] + "*" * max(0, len(text) - 6)
    if isinstance(value, str):
        if lowered in _GIVEN_KEYS:
            return initials(value)
        if lowered in _FULL_KEYS:
            return short_name(value)
        if lowered in _SURNAME_KEYS:
            return value
        return _masked_text(value, names)
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return {k: _masked(k if isinstance(k, str) else None, v, names) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_masked(lowered, item, names) for item in value]
    if isinstance(value, bytes):
        return _masked_text(value.decode("utf-8", errors="replace"), names)
    # Anything else is rendered as text anyway; mask that text.
    return _masked_text(repr(value), names)


def _masked_text(text: str, names: Iterable[str]) -> str:
    text = _IN_TEXT.sub(_mask_field_in_text, mask_iins(text))
    for name in names:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", initials(name), text, flags=re.I)
    return text


def _mask_field_in_text(match: re.Match[str]) -> str:
    key = match.group("key")
    value = match.group("quoted") if match.group("quote") else match.group("bare")
    masked = initials(value) if key.lower() in _GIVEN_KEYS else short_name(value)
    quote = match.group("quote") or ""
    return f"{key}{match.group('sep')}{quote}{masked}{quote}"
