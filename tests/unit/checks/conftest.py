"""Factories for the checks' unit tests: a read document and a check request."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Protocol

import pytest

from processors.checks import Applicant, CheckRequest
from schemas.codes import Reason
from schemas.document import PageReading, ReadDocument, SealMark

ALMATY = timezone(timedelta(hours=5))
REFERENCE = datetime(2026, 11, 20, 10, 0, tzinfo=ALMATY)


class MakeDocument(Protocol):
    def __call__(
        self,
        *pages: str,
        seal: float | None = 0.9,
        seal_page: int = 1,
        qr: tuple[str, ...] = (),
        source: str = "text_layer",
    ) -> ReadDocument: ...


MakeRequest = Callable[..., CheckRequest]


@pytest.fixture
def make_document() -> MakeDocument:
    """Pages of text; a seal on ``seal_page`` scoring ``seal`` (None: no seal)."""

    def create(
        *pages: str,
        seal: float | None = 0.9,
        seal_page: int = 1,
        qr: tuple[str, ...] = (),
        source: str = "text_layer",
    ) -> ReadDocument:
        readings = [
            PageReading(
                number=n,
                text=text,
                source=source,  # type: ignore[arg-type]
                seals=[SealMark(x=900, y=1500, radius=120, score=seal, colour="blue")]
                if seal is not None and n == seal_page
                else [],
                qr_codes=list(qr) if n == 1 else [],
            )
            for n, text in enumerate(pages, start=1)
        ]
        return ReadDocument(
            media_type="application/pdf", sha256="0" * 64, page_count=len(pages), pages=readings
        )

    return create


@pytest.fixture
def make_request() -> MakeRequest:
    """A request for an applicant; ``reason=None`` accepts any type."""

    def create(
        last: str,
        first: str,
        middle: str | None = None,
        *,
        iin: str = "930701400219",
        reason: Reason | None = None,
        reference_time: datetime = REFERENCE,
        max_age_days: int = 180,
    ) -> CheckRequest:
        return CheckRequest(
            applicant=Applicant(iin=iin, last_name=last, first_name=first, second_name=middle),
            reason=reason,
            reference_time=reference_time,
            max_age_days=max_age_days,
        )

    return create
