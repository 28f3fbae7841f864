"""Message models of the contract: the event, the result, the dead-letter envelope."""

from .codes import ACCEPTED_DOC_TYPES, DocType, ErrorCode, Reason, Status
from .dlq import DeadLetter, DeadLetterReason
from .document import PageReading, ReadDocument, SealMark
from .event import LoanDelayEvent
from .iin import iin_check_digit, is_valid_iin
from .location import S3Location
from .result import SCHEMA_VERSION, Disagreement, DocumentFacts, ErrorItem, VerificationResult
from .stage import CheckTask, StageTask

__all__ = [
    "ACCEPTED_DOC_TYPES",
    "SCHEMA_VERSION",
    "CheckTask",
    "DeadLetter",
    "DeadLetterReason",
    "Disagreement",
    "DocType",
    "DocumentFacts",
    "ErrorCode",
    "ErrorItem",
    "LoanDelayEvent",
    "PageReading",
    "ReadDocument",
    "Reason",
    "S3Location",
    "SealMark",
    "StageTask",
    "Status",
    "VerificationResult",
    "iin_check_digit",
    "is_valid_iin",
]
