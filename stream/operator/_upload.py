"""Reading ``POST /v1/documents``: a multipart form, size-capped while it streams in.

Its fields:

    file          the document (required), at most MAX_FILE_BYTES
    request_id    optional; a fresh id is made when absent
    iin, first_name, last_name, second_name, reason
"""

from __future__ import annotations

import mimetypes
import unicodedata
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

from aiohttp import BodyPartReader, web

from schemas import Reason

from ..submit import ApplicantFields, Upload

TEXT_FIELDS = frozenset({"request_id", "iin", "first_name", "last_name", "second_name", "reason"})
FIELD_MAX_BYTES = 1024
MAX_PARTS = 16
# Room for the form's boundaries, part headers and text fields around the file.
FORM_OVERHEAD_BYTES = 64 * 1024
_CHUNK = 64 * 1024


class UploadRejected(Exception):
    """The form cannot be accepted; ``status`` and ``body`` are the answer."""

    def __init__(self, status: int, error: str, problems: list[dict[str, str]] | None = None):
        super().__init__(error)
        self.status = status
        self.body: dict[str, Any] = {"error": error}
        if problems:
            self.body["problems"] = problems


async def read_upload(request: web.Request, *, max_file_bytes: int) -> Upload:
    declared = request.content_length
    if declared is not None and declared > max_file_bytes + FORM_OVERHEAD_BYTES:
        raise _too_large(max_file_bytes)
    if request.content_type != "multipart/form-data":
        raise UploadRejected(415, "UNSUPPORTED_MEDIA_TYPE")
    reader = await request.multipart()
    fields: dict[str, str] = {}
    document: tuple[str, bytes, str] | None = None
    for _ in range(MAX_PARTS):
        part = await reader.next()
        if part is None:
            break
        if not isinstance(part, BodyPartReader):
            raise UploadRejected(400, "NESTED_MULTIPART")
        if part.name == "file":
            if document is not None:
                raise UploadRejected(400, "ONE_FILE_ONLY")
            content = await _read_capped(part, max_file_bytes, _too_large(max_file_bytes))
            document = (_clean_filename(part.filename), content, _content_type(part))
        elif part.name in TEXT_FIELDS:
            too_long = _invalid(part.name, f"longer than {FIELD_MAX_BYTES} bytes")
            raw = await _read_capped(part, FIELD_MAX_BYTES, too_long)
            try:
                fields[part.name] = raw.decode("utf-8").strip()
            except UnicodeDecodeError:
                raise _invalid(part.name, "not UTF-8") from None
        else:
            await part.release()  # unknown fields are ignored, as in the event
    else:
        raise UploadRejected(400, "TOO_MANY_PARTS")
    if document is None:
        raise _invalid("file", "a document is required")
    filename, content, content_type = document
    if not content:
        raise _invalid("file", "the document is empty")
    return Upload(
        filename=filename,
        content=content,
        content_type=content_type,
        applicant=ApplicantFields(
            iin=fields.get("iin", ""),
            last_name=fields.get("last_name", ""),
            first_name=fields.get("first_name", ""),
            second_name=fields.get("second_name") or None,
            reason=_reason(fields.get("reason")),
        ),
        request_id=_request_id(fields.get("request_id")),
    )


async def _read_capped(part: BodyPartReader, cap: int, error: UploadRejected) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := await part.read_chunk(_CHUNK):
        size += len(chunk)
        if size > cap:
            raise error
        chunks.append(chunk)
    return b"".join(chunks)


def _request_id(text: str | None) -> int | None:
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) < 2**63:
        raise _invalid("request_id", "must be a positive integer")
    return int(text)


def _reason(text: str | None) -> Reason | None:
    if not text:
        return None
    try:
        return Reason(text)
    except ValueError:
        allowed = ", ".join(r.value for r in Reason)
        raise _invalid("reason", f"must be one of {allowed}") from None


def _clean_filename(name: str | None) -> str:
    """The file's own name, without folders or control characters."""
    name = name or ""
    if name.isascii() and "%" in name:
        name = unquote(name)  # some clients percent-encode a non-ASCII name
    base = PurePosixPath(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return base[:200] or "document"


def _content_type(part: BodyPartReader) -> str:
    declared = part.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if declared and declared != "application/octet-stream":
        return declared
    return mimetypes.guess_type(part.filename or "")[0] or "application/octet-stream"


def _invalid(field: str, problem: str) -> UploadRejected:
    return UploadRejected(422, "INVALID_FIELDS", [{"field": field, "problem": problem}])


def _too_large(limit: int) -> UploadRejected:
    rejected = UploadRejected(413, "FILE_TOO_LARGE")
    rejected.body["limit_bytes"] = limit
    return rejected
