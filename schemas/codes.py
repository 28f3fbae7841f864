"""Closed vocabularies of the contract (CONTRACT sections 3-5)."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Error codes of CONTRACT section 4; the set is closed."""

    INVALID_EVENT = "INVALID_EVENT"
    FILE_NOT_FOUND = "FILE_NOT_FOUND"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    FILE_UNSUPPORTED = "FILE_UNSUPPORTED"
    FILE_CORRUPT = "FILE_CORRUPT"
    UNREADABLE = "UNREADABLE"
    DOC_TYPE_UNKNOWN = "DOC_TYPE_UNKNOWN"
    DOC_TYPE_MISMATCH = "DOC_TYPE_MISMATCH"
    NAME_MISMATCH = "NAME_MISMATCH"
    IIN_MISMATCH = "IIN_MISMATCH"
    DATE_MISSING = "DATE_MISSING"
    DATE_STALE = "DATE_STALE"
    DATE_FUTURE = "DATE_FUTURE"
    STAMP_MISSING = "STAMP_MISSING"
    PROCESSING_FAILED = "PROCESSING_FAILED"


class Reason(StrEnum):
    """Why the customer asks for a deferment (CONTRACT section 5)."""

    MATERNITY_LEAVE = "maternity_leave"
    CHILDCARE_LEAVE = "childcare_leave"
    JOB_LOSS = "job_loss"
    ILLNESS = "illness"
    DISABILITY = "disability"


class DocType(StrEnum):
    """The six accepted document types (CONTRACT section 5)."""

    MATERNITY_LEAVE_ORDER = "maternity_leave_order"
    CHILDCARE_LEAVE_ORDER = "childcare_leave_order"
    DISMISSAL_ORDER = "dismissal_order"
    UNEMPLOYMENT_CERTIFICATE = "unemployment_certificate"
    SICK_LEAVE_CERTIFICATE = "sick_leave_certificate"
    DISABILITY_CERTIFICATE = "disability_certificate"


class Status(StrEnum):
    """Final status of a result (CONTRACT section 3)."""

    COMPLETED = "completed"
    FAILED = "failed"
    REJECTED = "rejected"


ACCEPTED_DOC_TYPES: dict[Reason | None, frozenset[DocType]] = {
    Reason.MATERNITY_LEAVE: frozenset({DocType.MATERNITY_LEAVE_ORDER}),
    Reason.CHILDCARE_LEAVE: frozenset({DocType.CHILDCARE_LEAVE_ORDER}),
    Reason.JOB_LOSS: frozenset({DocType.DISMISSAL_ORDER, DocType.UNEMPLOYMENT_CERTIFICATE}),
    Reason.ILLNESS: frozenset({DocType.SICK_LEAVE_CERTIFICATE, DocType.DISABILITY_CERTIFICATE}),
    Reason.DISABILITY: frozenset({DocType.DISABILITY_CERTIFICATE}),
    None: frozenset(DocType),
}
"""Which document types each reason accepts; ``None`` is an event without a reason."""
