"""One labelled corpus case, and the builder the corpus modules describe cases with.

A case's label is fixed when the case is described, before any file exists:
for a document, ``labels.expected_codes`` derives it from the spec and the
case is refused when the stated codes differ; for a damaged file, the damage
decides it (a ZIP is FILE_UNSUPPORTED whatever it holds).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import partial
from typing import Any, Literal

from schemas.codes import ErrorCode, Reason
from stream.samples.cast import Person
from stream.samples.corpus_render import CorpusRendering, Part, render_document
from stream.samples.labels import expected_codes
from stream.samples.spec import DocumentSpec, Language

Subset = Literal["fast", "full"]
FileMaker = Callable[[], tuple[bytes, str]]
ALMATY = timezone(timedelta(hours=5))

FILE_CODES = frozenset({
    ErrorCode.FILE_NOT_FOUND, ErrorCode.FILE_TOO_LARGE, ErrorCode.FILE_UNSUPPORTED,
    ErrorCode.FILE_CORRUPT, ErrorCode.UNREADABLE,
})  # fmt: skip
"""Codes a file earns by itself; the worker reports each alone."""


@dataclass(frozen=True)
class CorpusEntry:
    """A corpus case before its file is made: the labels, and how to make the file."""

    name: str
    filename: str
    rendering: str
    kind: str
    """The decisive document's kind (a ``DocKind`` value); ``none`` for a file with no document."""
    language: Language | None
    parts: int
    """Documents in the file: 1, or more with companion pages (cover letter, application)."""
    applicant: Person
    reason: Reason | None
    expected_codes: frozenset[ErrorCode]
    description: str
    tags: frozenset[str]
    make: FileMaker = field(repr=False, compare=False)
    stored: bool = True
    """False: the eval's storage holds no object at the case's key (FILE_NOT_FOUND)."""
    fast: bool = False
    spec: DocumentSpec | None = field(default=None, repr=False, compare=False)

    @property
    def expected_verdict(self) -> bool:
        return not self.expected_codes

    def applicant_fields(self) -> dict[str, Any]:
        last, first, middle = self.applicant.applicant()
        return {
            "iin": self.applicant.iin,
            "last_name": last,
            "first_name": first,
            "second_name": middle,
            "reason": self.reason.value if self.reason else None,
        }

    def event(self, request_id: int, s3_path: str, created_at: datetime) -> dict[str, Any]:
        """The input event of CONTRACT section 2 that submits this case's file."""
        return {
            "request_id": request_id,
            "s3_path": s3_path,
            **self.applicant_fields(),
            "created_at": created_at.isoformat(),
        }

    def manifest_entry(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "filename": self.filename,
            "rendering": self.rendering,
            "kind": self.kind,
            "language": self.language,
            "parts": self.parts,
            **self.applicant_fields(),
            "expected_verdict": self.expected_verdict,
            "expected_codes": sorted(code.value for code in self.expected_codes),
            "description": self.description,
            "tags": sorted(self.tags),
            "stored": self.stored,
            "subset": "fast" if self.fast else "full",
        }


def years_later(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February moves to 1 March."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def egov_link(seed: int) -> str:
    """An eGov-style verification link; the token is derived from the seed."""
    token = hashlib.sha256(f"egov-corpus-{seed}".encode()).hexdigest()[:32]
    return f"https://egov.kz/services/verify?doc={token}"


def reference_time(today: date) -> datetime:
    """The events' ``created_at``: noon in Almaty on ``today``."""
    return datetime.combine(today, time(12, 0), tzinfo=ALMATY)


class CorpusBuilder:
    """Collects cases for ``today``; ``d(n)`` is the date ``n`` days before today."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.entries: list[CorpusEntry] = []

    def d(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def doc(
        self,
        name: str,
        filename: str,
        spec: DocumentSpec,
        how: CorpusRendering,
        applicant: Person,
        reason: Reason | None,
        codes: Iterable[ErrorCode] = (),
        *,
        description: str,
        tags: Iterable[str] = (),
        before: Sequence[Part] = (),
        after: Sequence[Part] = (),
        fast: bool = False,
    ) -> None:
        """A document case; refused when ``codes`` are not what the spec really fails."""
        stated = frozenset(codes)
        derived = expected_codes(spec, applicant, reason, self.today)
        if derived != stated:
            raise ValueError(
                f"case {name}: stated {sorted(stated)}, the spec fails {sorted(derived)}"
            )
        bundled = bool(before or after)
        make = partial(render_document, spec, how, tuple(before), tuple(after))
        self._add(CorpusEntry(
            name=name, filename=filename, rendering=f"multi_{how}" if bundled else how,
            kind=str(spec.doc_type), language=spec.language, parts=1 + len(before) + len(after),
            applicant=applicant, reason=reason, expected_codes=stated, description=description,
            tags=frozenset(tags), make=make, fast=fast, spec=spec,
        ))  # fmt: skip

    def file(
        self,
        name: str,
        filename: str,
        rendering: str,
        make: Callable[[], bytes],
        media_type: str,
        applicant: Person,
        reason: Reason | None,
        code: ErrorCode,
        *,
        description: str,
        spec: DocumentSpec | None = None,
        tags: Iterable[str] = (),
        stored: bool = True,
        fast: bool = False,
    ) -> None:
        """A case whose file decides the outcome by itself: exactly ``code``."""
        if code not in FILE_CODES:
            raise ValueError(f"case {name}: {code} is not decided by the file alone")
        self._add(CorpusEntry(
            name=name, filename=filename, rendering=rendering,
            kind=str(spec.doc_type) if spec else "none", language=spec.language if spec else None,
            parts=1, applicant=applicant, reason=reason, expected_codes=frozenset({code}),
            description=description, tags=frozenset(tags),
            make=partial(_with_type, make, media_type), stored=stored, fast=fast, spec=spec,
        ))  # fmt: skip

    def _add(self, entry: CorpusEntry) -> None:
        if any(e.name == entry.name or e.filename == entry.filename for e in self.entries):
            raise ValueError(f"case {entry.name}: its name or file name is taken")
        self.entries.append(entry)


def _with_type(make: Callable[[], bytes], media_type: str) -> tuple[bytes, str]:
    return make(), media_type
