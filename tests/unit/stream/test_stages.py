"""The reading and checking stages over fakes: a dict for S3, a thread pool, a stub checker."""

from __future__ import annotations

from collections.abc import Callable
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
from sinks import Arrival, RawMessage, SourcePosition
from stream.checking import CheckingStage
from stream.handover import CheckHandOver, CheckHere, PublishCheck
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

    async def fetch(self, location: S3Location) -> bytes:
        if self.failures:
            self.failures -= 1
            raise StorageUnavailable("S3 answered 503", stage="download")
        return await super().fetch(location)


@pytest.fixture
def executor():
    with ThreadPoolExecutor(max_workers=1) as pool:
        yield pool


RAW = RawMessage(key=b"1234567", value=b'{"request_id": 1234567}', headers=(), timestamp_ms=1)


async def _admitted(wiring: Wiring) -> StageTask:
    event = LoanDelayEvent.model_validate(EVENT)
    run_id = uuid4()
    source = SourcePosition("dl-loan-delay", 3, 77)
    await wiring.ledger.admit(
        [Arrival(event, run_id=run_id, reference_time=NOW, source=source, raw=RAW)]
    )
    return StageTask(
        run_id=run_id, event=event, reference_time=NOW, received_at=NOW - timedelta(seconds=2)
    )


def _published(wiring: Wiring) -> PublishCheck:
    return PublishCheck(
        ledger=wiring.ledger, sink=wiring.sink, topic="check", lease_s=120.0, attempts=3
    )


def _reading(
    wiring: Wiring,
    store: MemoryDocumentStore,
    executor,
    checks: CheckHandOver | None = None,
    *,
    read: Callable[..., ReadDocument] = read_stub,
    temp_dir: Path | None = None,
) -> ReadingStage:
    policy = ReadingPolicy(
        default_bucket="loan-docs", max_pages=20, dpi=300, attempts=3, temp_dir=temp_dir
    )
    return ReadingStage(
        policy=policy,
        ledger=wiring.ledger,
        store=store,
        executor=executor,
        read=read,
        checks=checks or _published(wiring),
        finisher=wiring.finisher,
        attempts=wiring.attempts,
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


async def test_storage_down_goes_to_the_retry_topic_then_fails(wiring, executor) -> None:
    task = await _admitted(wiring)
    stage = _reading(wiring, _store_with(FlakyStore(failures=10), PDF), executor)
    await stage.handle(task)
    # First attempt: handed back and scheduled on the retry topic with a due time.
    [(key, value, _)] = wiring.sink.on("retry")
    retry = StageTask.model_validate_json(value)
    assert key == b"1234567" and retry.attempt == 1 and retry.lease is None
    assert retry.not_before == NOW + timedelta(seconds=5)
    entry = await wiring.ledger.get(1234567)
    assert entry.status == "downloading" and entry.lease_owner is None
    assert await _verdicts(wiring) == []
    # Second (last) attempt: failed, and the original message dead-lettered with it.
    await stage.handle(retry)
    [result] = await _verdicts(wiring)
    assert result.status is Status.FAILED and result.verdict is None
    assert result.errors[0].code is ErrorCode.PROCESSING_FAILED
    assert result.errors[0].details == {"stage": "download", "attempts": 2}
    assert (await wiring.ledger.get(1234567)).status == "failed"
    [(dlq_key, dlq_value, headers)] = wiring.sink.on("dlq")
    assert (dlq_key, dlq_value) == (RAW.key, RAW.value)
    names = dict(headers)
    assert names["dlq.reason"] == b"MAX_ATTEMPTS" and names["dlq.attempts"] == b"2"
    assert names["dlq.original.partition"] == b"3" and names["dlq.original.offset"] == b"77"


async def test_a_document_leased_to_another_attempt_is_not_read(wiring, executor) -> None:
    task = await _admitted(wiring)
    assert await wiring.ledger.claim(1234567, task.run_id, owner="other", lease_s=60) == 1
    await _reading(wiring, _store_with(MemoryDocumentStore(), PDF), executor).handle(task)
    assert wiring.sink.messages == []


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
        checker=checker,
        finisher=wiring.finisher,
        attempts=wiring.attempts,
        max_age_days=180,
        tries=2,
        clock=lambda: NOW,
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
        checker=checker,
        finisher=wiring.finisher,
        attempts=wiring.attempts,
        max_age_days=180,
        tries=2,
        clock=lambda: NOW,
    )
    task = await _check_task(wiring)
    await stage.handle(task)  # attempt 0 of 2: retried later
    assert len(wiring.sink.on("retry")) == 1 and await _verdicts(wiring) == []
    await stage.handle(task.model_copy(update={"attempt": 2}))
    [result] = await _verdicts(wiring)
    assert result.status is Status.FAILED
    assert result.errors[0].details["stage"] == "llm"
    assert len(checker.requests) == 4


async def test_only_one_decision_per_request(wiring) -> None:
    checker = StubChecker(CheckReport(facts=DocumentFacts(pages=1)))
    stage = CheckingStage(
        checker=checker,
        finisher=wiring.finisher,
        attempts=wiring.attempts,
        max_age_days=180,
        tries=1,
        clock=lambda: NOW,
    )
    task = await _check_task(wiring)
    await stage.handle(task)
    await stage.handle(task)
    assert len(await _verdicts(wiring)) == 1
    assert (await _verdicts(wiring))[0].verdict is True


def _checking(wiring: Wiring, checker: StubChecker, *, tries: int = 1) -> CheckingStage:
    return CheckingStage(
        checker=checker,
        finisher=wiring.finisher,
        attempts=wiring.attempts,
        max_age_days=180,
        tries=tries,
        clock=lambda: NOW,
    )


async def test_checked_in_the_reading_stage_decides_without_the_check_topic(
    wiring, executor
) -> None:
    errors = [ErrorItem(code=ErrorCode.STAMP_MISSING, message="no seal")]
    checker = StubChecker(CheckReport(facts=DocumentFacts(pages=1), errors=errors))
    here = CheckHere(_checking(wiring, checker))
    task = await _admitted(wiring)
    await _reading(wiring, _store_with(MemoryDocumentStore(), PDF), executor, here).handle(task)
    [result] = await _verdicts(wiring)
    assert result.verdict is False and result.error_codes == ["STAMP_MISSING"]
    assert {"download", "ocr", "checks"} <= result.timings_ms.keys()
    assert wiring.sink.on("check") == []
    entry = await wiring.ledger.get(1234567)
    assert entry.status == "completed" and entry.attempts == 1
    assert checker.requests[0].applicant.last_name == "Жармаганбет"


async def test_checks_failing_in_the_reading_stage_go_to_the_retry_topic(wiring, executor) -> None:
    here = CheckHere(_checking(wiring, StubChecker(failures=5), tries=2))
    task = await _admitted(wiring)
    await _reading(wiring, _store_with(MemoryDocumentStore(), PDF), executor, here).handle(task)
    [(_, value, _)] = wiring.sink.on("retry")
    retry = StageTask.model_validate_json(value)
    # Retried from the read (its result is cached by then), with the lease handed back.
    assert retry.attempt == 1 and retry.lease is None
    assert await _verdicts(wiring) == []
    entry = await wiring.ledger.get(1234567)
    assert entry.lease_owner is None and entry.status == "processing"


async def test_a_published_check_task_renews_the_lease_for_the_checking_agent(
    wiring, executor
) -> None:
    task = await _admitted(wiring)
    renewed: list[float] = []
    renew = wiring.ledger.renew

    async def spy(request_id: int, run_id: Any, *, owner: str, lease_s: float) -> bool:
        renewed.append(lease_s)
        return await renew(request_id, run_id, owner=owner, lease_s=lease_s)

    wiring.ledger.renew = spy  # type: ignore[method-assign]
    await _reading(wiring, _store_with(MemoryDocumentStore(), PDF), executor).handle(task)
    [(_, value, _)] = wiring.sink.on("check")
    check = CheckTask.model_validate_json(value)
    assert renewed == [120.0]
    assert (await wiring.ledger.get(1234567)).lease_owner == check.lease


@pytest.mark.parametrize("content", [PDF, b"GIF89a"], ids=["read", "refused"])
async def test_the_document_is_read_from_a_private_file_removed_afterwards(
    wiring: Wiring, executor, tmp_path: Path, content: bytes
) -> None:
    modes: list[int] = []

    def spying_read(path: str, *, max_pages: int, dpi: int) -> ReadDocument:
        modes.append(Path(path).stat().st_mode & 0o777)
        return read_stub(path, max_pages=max_pages, dpi=dpi)

    task = await _admitted(wiring)
    store = _store_with(MemoryDocumentStore(), content)
    await _reading(wiring, store, executor, read=spying_read, temp_dir=tmp_path).handle(task)
    assert modes == [0o600]
    assert list(tmp_path.iterdir()) == []
