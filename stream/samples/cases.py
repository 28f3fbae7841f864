"""A sample case: one file, the event the app would send, the verdict it deserves."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from schemas.codes import ErrorCode, Reason
from stream.samples.cast import Issuer, Person
from stream.samples.labels import expected_codes
from stream.samples.render_image import Rendering, render
from stream.samples.spec import DocKind, DocumentSpec, Language


@dataclass(frozen=True)
class SampleCase:
    """One sample file and what a correct service says about it."""

    name: str
    filename: str
    content: bytes = field(repr=False)
    media_type: str
    rendering: Rendering
    iin: str
    last_name: str
    first_name: str
    second_name: str | None
    reason: Reason | None
    expected_verdict: bool
    expected_codes: frozenset[ErrorCode]
    description: str
    spec: DocumentSpec = field(repr=False)
    """The labels: what the document really says (type, date, person, seal)."""

    def applicant(self) -> dict[str, Any]:
        """The event fields the mobile app sends for this case."""
        return {
            "iin": self.iin,
            "last_name": self.last_name,
            "first_name": self.first_name,
            "second_name": self.second_name,
            "reason": self.reason.value if self.reason else None,
        }

    def event(
        self, request_id: int, s3_path: str, created_at: datetime | None = None
    ) -> dict[str, Any]:
        """The input event of CONTRACT section 2 that submits this case's file."""
        event: dict[str, Any] = {"request_id": request_id, "s3_path": s3_path, **self.applicant()}
        if created_at is not None:
            event["created_at"] = created_at.isoformat()
        return event

    def manifest_entry(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "filename": self.filename,
            "media_type": self.media_type,
            "rendering": self.rendering,
            "size": len(self.content),
            "sha256": hashlib.sha256(self.content).hexdigest(),
            **self.applicant(),
            "expected_verdict": self.expected_verdict,
            "expected_codes": sorted(code.value for code in self.expected_codes),
            "description": self.description,
            "document": {
                "doc_type": str(self.spec.doc_type),
                "language": self.spec.language,
                "doc_date": self.spec.issue_date.isoformat(),
                "person": self.spec.subject.nom,
                "iin": self.spec.iin,
                "has_stamp": self.spec.seal,
                "has_qr": self.spec.qr_payload is not None,
            },
        }


Renderer = Callable[[DocumentSpec, Rendering], tuple[bytes, str]]


def make_case(
    name: str,
    filename: str,
    spec: DocumentSpec,
    how: Rendering,
    applicant: Person,
    reason: Reason | None,
    codes: tuple[ErrorCode, ...] = (),
    description: str = "",
    *,
    today: date,
    renderer: Renderer = render,
) -> SampleCase:
    """Render ``spec`` and pair it with the event ``applicant`` would send.

    ``codes`` states the intent; it must match what the spec really fails
    (``labels.expected_codes``), or the case is refused.
    """
    derived = expected_codes(spec, applicant, reason, today)
    if derived != frozenset(codes):
        raise ValueError(f"case {name}: declared {sorted(codes)}, the spec fails {sorted(derived)}")
    content, media_type = renderer(spec, how)
    last, first, middle = applicant.applicant()
    return SampleCase(
        name=name,
        filename=filename,
        content=content,
        media_type=media_type,
        rendering=how,
        iin=applicant.iin,
        last_name=last,
        first_name=first,
        second_name=middle,
        reason=reason,
        expected_verdict=not codes,
        expected_codes=frozenset(codes),
        description=description,
        spec=spec,
    )


def spec_for(
    kind: DocKind,
    person: Person,
    language: Language,
    issued: date,
    issuer: Issuer,
    **details: Any,
) -> DocumentSpec:
    """A spec about ``person`` from ``issuer``: the person's inflected name, IIN and
    birth date, the issuer's organisation and signers, plus ``details``."""
    details.setdefault("iin", person.iin)
    details.setdefault("seal_ink", issuer.seal_ink)
    return DocumentSpec(
        doc_type=kind,
        language=language,
        subject=person.forms(language),
        subject_female=person.female,
        issue_date=issued,
        birth_date=person.birth,
        company=issuer.company,
        head=issuer.head,
        others=issuer.others,
        **details,
    )
