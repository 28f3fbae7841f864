"""What a correct service must answer for a spec and an applicant: the ground truth.

Derived from the spec's facts rather than typed by hand, so a corpus of many
cases cannot carry a label that contradicts its own document.
"""

from __future__ import annotations

from datetime import date

from schemas.codes import ACCEPTED_DOC_TYPES, DocType, ErrorCode, Reason
from stream.samples.cast import Person
from stream.samples.identity import fold_kazakh
from stream.samples.spec import DocumentSpec

DOC_MAX_AGE_DAYS = 180


def _same_person(spec: DocumentSpec, applicant: Person) -> bool:
    printed = fold_kazakh(spec.subject.nom).casefold().split()
    sent = [p for p in applicant.applicant() if p]
    return printed == fold_kazakh(" ".join(sent)).casefold().split()


def expected_codes(
    spec: DocumentSpec,
    applicant: Person,
    reason: Reason | None,
    today: date,
    *,
    max_age_days: int = DOC_MAX_AGE_DAYS,
) -> frozenset[ErrorCode]:
    """The error codes of CONTRACT section 4 that the document must fail, if any."""
    codes: set[ErrorCode] = set()
    if not isinstance(spec.doc_type, DocType):
        codes.add(ErrorCode.DOC_TYPE_UNKNOWN)
    elif spec.doc_type not in ACCEPTED_DOC_TYPES[reason]:
        codes.add(ErrorCode.DOC_TYPE_MISMATCH)
    if not _same_person(spec, applicant):
        codes.add(ErrorCode.NAME_MISMATCH)
    if spec.iin is not None and spec.iin != applicant.iin:
        codes.add(ErrorCode.IIN_MISMATCH)
    age = (today - spec.issue_date).days
    if spec.undated:
        codes.add(ErrorCode.DATE_MISSING)
    elif age > max_age_days:
        codes.add(ErrorCode.DATE_STALE)
    elif age < 0:
        codes.add(ErrorCode.DATE_FUTURE)
    if not spec.seal and spec.qr_payload is None:
        codes.add(ErrorCode.STAMP_MISSING)
    return frozenset(codes)
