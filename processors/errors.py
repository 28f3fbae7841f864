"""Errors raised while fetching, reading and checking a document.

Each carries the contract's error code it stands for and whether trying again
could help, so callers read two attributes, not a chain of ``isinstance``::

    ProcessingError                      (retriable: class attribute)
    ├── DocumentError                    not retriable: the file itself decides
    │   ├── FileNotFound                 FILE_NOT_FOUND
    │   ├── FileTooLarge                 FILE_TOO_LARGE (bytes or pages)
    │   ├── FileUnsupported              FILE_UNSUPPORTED (type, encrypted PDF)
    │   ├── FileCorrupt                  FILE_CORRUPT
    │   └── Unreadable                   UNREADABLE
    └── StageFailure                     PROCESSING_FAILED
        ├── StorageUnavailable           retriable: S3 down, timeouts
        ├── OcrFailure                   retriable: an OCR process died
        ├── CheckerFailure               retriable: a checking backend failed
        └── CheckerMisconfigured         not retriable: the backend refuses the request
"""

from __future__ import annotations

from typing import Any, ClassVar

from schemas.codes import ErrorCode


class ProcessingError(Exception):
    """Base of every error a processing stage raises on purpose."""

    code: ClassVar[ErrorCode] = ErrorCode.PROCESSING_FAILED
    retriable: ClassVar[bool] = False

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class DocumentError(ProcessingError):
    """The file itself decides the outcome; reading it again changes nothing."""


class FileNotFound(DocumentError):
    """No object at the event's ``s3_path``."""

    code = ErrorCode.FILE_NOT_FOUND


class FileTooLarge(DocumentError):
    """Above ``MAX_FILE_BYTES`` or with more than ``MAX_PAGES`` pages."""

    code = ErrorCode.FILE_TOO_LARGE


class FileUnsupported(DocumentError):
    """Not a supported type (sniffed from the bytes), or an encrypted PDF."""

    code = ErrorCode.FILE_UNSUPPORTED


class FileCorrupt(DocumentError):
    """A supported type that cannot be decoded."""

    code = ErrorCode.FILE_CORRUPT


class Unreadable(DocumentError):
    """Too little text could be read to judge the document."""

    code = ErrorCode.UNREADABLE


class StageFailure(ProcessingError):
    """A technical failure; ``stage`` says where."""

    retriable = True

    def __init__(self, message: str, *, stage: str, **details: Any) -> None:
        super().__init__(message, stage=stage, **details)
        self.stage = stage


class StorageUnavailable(StageFailure):
    """S3 did not answer, or answered with a server error."""


class OcrFailure(StageFailure):
    """The OCR engine or its process failed."""


class CheckerFailure(StageFailure):
    """The checking backend failed (for example an LLM endpoint)."""


class CheckerMisconfigured(StageFailure):
    """The checking backend refused the request itself (a bad key, an unknown model,
    an untrusted certificate): trying again cannot help until the settings change."""

    retriable = False
