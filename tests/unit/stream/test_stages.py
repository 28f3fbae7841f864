"""The reading and checking stages over fakes: a dict for S3, a thread pool, a stub checker."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from processors.checks.base import CheckReport, CheckRequest
from processors.errors import CheckerFailure, FileCorrupt, StorageUnavailable
from processors.storage import MemoryDocumentStore
from schemas import (
    DocumentFacts,
    ErrorCode,
    ErrorItem,
    LoanDelayEvent,
    PageReading,
    ReadDocument,
    S3Location,
    Status,
    VerificationResult,
)
from schemas.stage import CheckTask, StageTask
from stream.checking import CheckingStage
from stream.reading import ReadingPolicy, ReadingStage

from .conftest import EVENT, NOW, Wiring

PDF = b"%PDF-1.7 pretend"


def read_stub(path: str, *, max_pages: int, dpi: int) -> ReadDocument:
    data = Path(path).read_bytes()
    if not data.startswith(b"%PDF"):
        raise FileCorrupt("not a PDF", stage="decode")
    return ReadDocument(
        media_type="application/pdf",
        sha256="0" * 64,
        page_count=1,
        pages=[PageReading(number=1, text=f"read at {dpi} dpi", source="text_layer")],
    )


class FlakyStore(MemoryDocumentStore):
    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures

    async def fetch(self, location: S3Location, dest: Any) -> int:
        if self.failures:
            self.failures -= 1
            raise StorageUnavailable("S3 answered 503", stage="download")
        return await super().fetch(location, dest)


@pytest.fixture
def executor():
    with ThreadPoolExecutor(max_workers=1) as pool:
        yield pool


async def _admitted(wiring: Wiring) -> StageTask:
    event = LoanDelayEvent.model_validate(EVENT)
    run_id = uuid4()
    await wiring.ledger.admit(event, run_id=run_id, reference_time=NOW, source=None)
    return StageTask(
        run_id=run_id, event=event, reference_time=NOW, received_at=NOW - timedelta(seconds=2)
    )


def _reading(wiring: Wiring, store: MemoryDocumentStore, executor) -> ReadingStage:
    return ReadingStage(
        policy=ReadingPolicy(
            check_topic="check", default_bucket="loan-docs", max_pages=20, dpi=300, attempts=3
        ),
        ledger=wiring.ledger,
        store=store,
        executor=executor,
        read=read_stub,
        forward=wiring.sink,
        finisher=wiring.finisher,
        clock=lambda: NOW,
    )


def _store_with(store: MemoryDocumentStore, data: bytes) -> MemoryDocumentStore:
    store.objects[("loan-docs", "2026/11/Приказ - Жармағанбет.pdf")] = data
    return store


async def _verdicts(wiring: Wiring) -> list[VerificationResult]:
    return [VerificationResult.model_validate_json(v) for _, v, _ in await wiring.verdicts()]


async def test_reading_forwards_the_read_document(wiring, executor) -> None:
    task = await _admitted(wiring)
    await _reading(wiring, _store_with(MemoryDocumentStore(), PDF), executor).handle(task)
    [(key, value, _)] = wiring.sink.on("check")
    check = CheckTask.model_validate_json(value)
    assert key == b"1234567"
    assert check.document.pages[0].text == "read at 300 dpi"
    assert {"download", "ocr"} <= check.timings_ms.keys()
    entry = await wiring.ledger.get(1234567)
    assert entry.status == "processing" and entry.attempts == 1


async def test_missing_file_completes_with_file_not_found(wiring, executor) -> None:
    task = await _admitted(wiring)
    await _reading(wiring, MemoryDocumentStore(), executor).handle(task)
    [result] = await _verdicts(wiring)
    assert result.status is Status.COMPLETED and result.verdict is False
    assert result.error_codes == ["FILE_NOT_FOUND"]
    assert result.timings_ms["total"] == 2000
    assert wiring.sink.on("check") == []


async def test_undecodable_file_completes_with_its_code(wiring, executor) -> None:
    task = await _admitted(wiring)
    await _reading(wiring, _store_with(MemoryDocumentStore(), b"GIF89a"), executor).handle(task)
    assert (await _verdicts(wiring))[0].error_codes == ["FILE_CORRUPT"]


async def test_transient_storage_failure_is_retried(wiring, executor) -> None:
    task = await _admitted(wiring)
    await _reading(wiring, _store_with(FlakyStore(failures=2), PDF), executor).handle(task)
    assert len(wiring.sink.on("check")) == 1
    assert await _verdicts(wiring) == []


async def test_storage_down_beyond_retries_fails_the_request(wiring, executor) -> None:
    task = await _admitted(wiring)
    await _reading(wiring, _store_with(FlakyStore(failures=10), PDF), executor).handle(task)
    [result] = await _verdicts(wiring)
    assert result.status is Status.FAILED and result.verdict is None
    assert result.errors[0].code is ErrorCode.PROCESSING_FAILED
    assert result.errors[0].details == {"stage": "download", "attempts": 3}
    assert (await wiring.ledger.get(1234567)).status == "failed"


async def test_a_decided_request_is_not_read_again(wiring, executor) -> None:
    task = await _admitted(wiring)
    wiring.ledger.entries[1234567].status = "completed"
    await _reading(wiring, _store_with(MemoryDocumentStore(), PDF), executor).handle(task)
    assert wiring.sink.messages == []


class StubChecker:
    def __init__(self, report: CheckReport | None = None, failures: int = 0) -> None:
        self.report = report
        self.failures = failures
        self.requests: list[CheckRequest] = []

    async def check(self, request: CheckRequest, document: ReadDocument) -> CheckReport:
        self.requests.append(request)
        if self.failures:
            self.failures -= 1
            raise CheckerFailure("model endpoint answered 503", stage="llm")
        assert self.report is not None
        return self.report


async def _check_task(wiring: Wiring) -> CheckTask:
    task = await _admitted(wiring)
    return CheckTask(
        **task.model_dump(exclude={"timings_ms"}),
        timings_ms={"download": 5, "ocr": 900},
        document=ReadDocument(
            media_type="application/pdf", sha256="0" * 64, page_count=1, pages=[]
        ),
    )


async def test_checking_publishes_every_failed_check(wiring) -> None:
    errors = [
        ErrorItem(code=ErrorCode.NAME_MISMATCH, message="other person"),
        ErrorItem(code=ErrorCode.STAMP_MISSING, message="no seal"),
    ]
    checker = StubChecker(CheckReport(facts=DocumentFacts(pages=1), errors=errors))
    stage = CheckingStage(
        checker=checker, finisher=wiring.finisher, max_age_days=180, attempts=2, clock=lambda: NOW
    )
    await stage.handle(await _check_task(wiring))
    [result] = await _verdicts(wiring)
    assert result.verdict is False and result.error_codes == ["NAME_MISMATCH", "STAMP_MISSING"]
    assert result.timings_ms["ocr"] == 900 and "checks" in result.timings_ms
    request = checker.requests[0]
    assert request.applicant.last_name == "Жармаганбет" and request.max_age_days == 180
    assert request.reference_time == NOW


async def test_checker_backend_down_fails_after_retries(wiring) -> None:
    checker = StubChecker(failures=5)
    stage = CheckingStage(
        checker=checker, finisher=wiring.finisher, max_age_days=180, attempts=2, clock=lambda: NOW
    )
    await stage.handle(await _check_task(wiring))
    [result] = await _verdicts(wiring)
    assert result.status is Status.FAILED
    assert result.errors[0].details["stage"] == "llm"
    assert len(checker.requests) == 2


async def test_only_one_decision_per_request(wiring) -> None:
    checker = StubChecker(CheckReport(facts=DocumentFacts(pages=1)))
    stage = CheckingStage(
        checker=checker, finisher=wiring.finisher, max_age_days=180, attempts=1, clock=lambda: NOW
    )
    task = await _check_task(wiring)
    await stage.handle(task)
    await stage.handle(task)
    assert len(await _verdicts(wiring)) == 1
    assert (await _verdicts(wiring))[0].verdict is True
