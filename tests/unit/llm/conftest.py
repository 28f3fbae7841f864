"""Fixtures of the LLM tests: the fake server, client and document factories."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from processors.checks import Applicant, CheckRequest
from processors.llm import ChatClient
from schemas.codes import Reason
from schemas.document import PageReading, ReadDocument, SealMark

from .fake_openai import FakeOpenAI

ALMATY = timezone(timedelta(hours=5))
REFERENCE = datetime(2026, 11, 20, 10, 0, tzinfo=ALMATY)

MakeClient = Callable[..., ChatClient]


@pytest.fixture
async def fake_openai() -> AsyncIterator[FakeOpenAI]:
    server = FakeOpenAI()
    await server.start()
    yield server
    await server.stop()
    assert server.problems == [], "the client sent a request of the wrong shape"


@pytest.fixture
async def make_client(fake_openai: FakeOpenAI) -> AsyncIterator[MakeClient]:
    """``create(**overrides)``: a client of ``fake_openai``; its sleeps go to ``client.sleeps``."""
    made: list[ChatClient] = []

    def create(**overrides: Any) -> ChatClient:
        sleeps: list[float] = []

        async def sleep(seconds: float) -> None:
            sleeps.append(seconds)

        options: dict[str, Any] = {
            "base_url": fake_openai.base_url,
            "model": fake_openai.model,
            "api_key": None,
            "timeout_s": 5.0,
            "max_attempts": 3,
            "sleep": sleep,
        }
        if fake_openai.api_key:
            from pydantic import SecretStr

            options["api_key"] = SecretStr(fake_openai.api_key)
        client = ChatClient(**(options | overrides))
        client.sleeps = sleeps  # type: ignore[attr-defined]
        made.append(client)
        return client

    yield create
    for client in made:
        await client.close()


def read_document(*pages: str, seal: float | None = 0.9, qr: tuple[str, ...] = ()) -> ReadDocument:
    """Pages of text as the reading stage hands them over; a seal on page 1 unless None."""
    readings = [
        PageReading(
            number=n,
            text=text,
            source="text_layer",
            seals=[SealMark(x=900, y=1500, radius=120, score=seal, colour="blue")]
            if seal is not None and n == 1
            else [],
            qr_codes=list(qr) if n == 1 else [],
        )
        for n, text in enumerate(pages, start=1)
    ]
    return ReadDocument(
        media_type="application/pdf", sha256="0" * 64, page_count=len(pages), pages=readings
    )


def check_request(
    last: str,
    first: str,
    middle: str | None = None,
    *,
    iin: str,
    reason: Reason | None = Reason.MATERNITY_LEAVE,
    reference_time: datetime = REFERENCE,
) -> CheckRequest:
    return CheckRequest(
        applicant=Applicant(iin=iin, last_name=last, first_name=first, second_name=middle),
        reason=reason,
        reference_time=reference_time,
        max_age_days=180,
    )


def facts(**overrides: Any) -> dict[str, Any]:
    """A valid LLM answer for the Russian maternity order of ``tests.unit.checks.documents``."""
    answer: dict[str, Any] = {
        "doc_type": "maternity_leave_order",
        "doc_title": "О предоставлении отпуска по беременности и родам",
        "people": [
            {"name": "Ивановой Марии Петровне", "role": "subject"},
            {"name": "Ахметов Б.К.", "role": "signatory"},
            {"name": "Сейткалиева А.Н.", "role": "executor"},
        ],
        "person": {
            "as_written": "Ивановой Марии Петровне",
            "nominative": "Иванова Мария Петровна",
        },
        "iins": [
            {"label": "БИН", "value": "150340012340"},
            {"label": "ИИН", "value": "930701400219"},
        ],
        "issue_date": "2026-11-08",
        "stamp_or_qr": False,
        "language": "ru",
        "confidence": {
            "doc_type": 0.97,
            "person": 0.95,
            "iins": 0.99,
            "issue_date": 0.9,
            "stamp": 0.6,
        },
    }
    return answer | overrides
