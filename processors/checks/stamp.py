"""A seal on the paper, or an eGov QR code proving an electronic document."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from schemas.codes import ErrorCode
from schemas.document import ReadDocument
from schemas.result import ErrorItem

from .text import PageText

SEAL_THRESHOLD = 0.5

# Hosts of the government's document-check services, and their subdomains.
_EGOV_HOSTS = ("egov.kz", "idocs.kz")
# The text declaring itself an electronic document signed with an EDS (folded).
_ELECTRONIC = re.compile(r"электронн\w*\s+документ\w*|\bэцп\b|электрондык\s+кужат\w*|\bэцк\b")


@dataclass(frozen=True)
class StampFinding:
    present: bool
    evidence: str | None
    page: int | None
    best_seal_score: float | None
    qr_codes: int

    def error(self) -> ErrorItem | None:
        if self.present:
            return None
        return ErrorItem(
            code=ErrorCode.STAMP_MISSING,
            message="no stamp and no electronic-document proof found",
            details={
                "expected": f"a seal scoring at least {SEAL_THRESHOLD} or an eGov QR code",
                "found": {"best_seal_score": self.best_seal_score, "qr_codes": self.qr_codes},
            },
        )


def is_egov_link(payload: str) -> bool:
    """True when a QR payload links to an eGov host (not merely mentions one)."""
    for word in payload.split():
        try:
            host = (urlsplit(word if "://" in word else "//" + word).hostname or "").lower()
        except ValueError:  # not a URL at all («http://[oops»)
            continue
        if any(host == h or host.endswith("." + h) for h in _EGOV_HOSTS):
            return True
    return False


def find_stamp(document: ReadDocument, pages: tuple[PageText, ...]) -> StampFinding:
    scores = [seal.score for page in document.pages for seal in page.seals]
    best = max(scores, default=None)
    qr_total = sum(len(page.qr_codes) for page in document.pages)
    for page in document.pages:
        if any(seal.score >= SEAL_THRESHOLD for seal in page.seals):
            return StampFinding(True, "seal", page.number, best, qr_total)
    for page in document.pages:
        if any(is_egov_link(payload) for payload in page.qr_codes):
            return StampFinding(True, "egov_qr", page.number, best, qr_total)
    if qr_total and any(_ELECTRONIC.search(p.folded) for p in pages):
        first = next(page.number for page in document.pages if page.qr_codes)
        return StampFinding(True, "electronic_document_qr", first, best, qr_total)
    return StampFinding(False, None, None, best, qr_total)
