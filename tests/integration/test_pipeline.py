"""Events through the real worker on the real local stack."""

from __future__ import annotations

import asyncio

import pytest

from schemas import ErrorCode, Status
from stream.samples import SampleCase
from stream.submit import new_request_id

from .conftest import Pipeline, event_payload

pytestmark = pytest.mark.integration


def _case(
    samples: dict[str, SampleCase], *, codes: set[str], media_type: str | None = None
) -> SampleCase:
    for case in samples.values():
        if set(case.expected_codes) == codes and media_type in (None, case.media_type):
            return case
    raise LookupError(f"no sample with codes {codes} and type {media_type}")


async def test_valid_document_is_accepted(pipeline: Pipeline, samples) -> None:
    case = _case(samples, codes=set(), media_type="application/pdf")
    request_id = await pipeline.submit(case)
    result = await pipeline.result(request_id)
    assert result.status is Status.COMPLETED
    assert result.verdict is True, result.errors
    assert result.document is not None and result.document.doc_type is not None
    assert {"download", "ocr", "checks", "total"} <= result.timings_ms.keys()
    row = await pipeline.ledger_row(request_id)
    assert row["status"] == "completed" and row["verdict"] is True
    assert row["run_id"] == result.run_id


async def test_wrong_name_is_a_name_mismatch(pipeline: Pipeline, samples) -> None:
    case = _case(samples, codes=set(), media_type="application/pdf")
    request_id = await pipeline.submit(
        case, first_name="Жанар", last_name="Байжанова", second_name=None
    )
    result = await pipeline.result(request_id)
    assert result.verdict is False
    assert ErrorCode.NAME_MISMATCH in {e.code for e in result.errors}
    mismatch = next(e for e in result.errors if e.code is ErrorCode.NAME_MISMATCH)
    assert "Байжанова" in str(mismatch.details.get("expected"))


async def test_missing_file_is_file_not_found(pipeline: Pipeline, samples) -> None:
    case = next(iter(samples.values()))
    payload = event_payload(
        case, s3_path="s3://loan-docs/uploads/nowhere/Справка об инвалидности.pdf"
    )
    await pipeline.produce(payload)
    result = await pipeline.result(payload["request_id"])
    assert result.status is Status.COMPLETED and result.verdict is False
    assert result.error_codes == ["FILE_NOT_FOUND"]


async def test_invalid_event_is_dead_lettered_and_rejected(pipeline: Pipeline, samples) -> None:
    case = next(iter(samples.values()))
    payload = event_payload(case, iin="960125445006")  # wrong check digit
    await pipeline.produce(payload)
    result = await pipeline.result(payload["request_id"])
    assert result.status is Status.REJECTED and result.verdict is None
    assert result.error_codes == ["INVALID_EVENT"]
    letters = [
        r for r in await pipeline.dead_letters() if r.key == str(payload["request_id"]).encode()
    ]
    assert len(letters) == 1
    headers = dict(letters[0].headers)
    assert headers["dlq.reason"] == b"INVALID_EVENT"
    assert headers["dlq.original.topic"] == pipeline.settings.input_topic.encode()
    assert headers["dlq.consumer_group"] == b"nohd_MSB"
    assert b"960125445006" not in headers["dlq.error"]


async def test_poison_bytes_go_to_the_dlq_and_the_worker_goes_on(
    pipeline: Pipeline, samples
) -> None:
    marker = f"poison-{new_request_id()}".encode()
    await pipeline.produce(b"\xff\xfe\xfa not utf-8", key=marker)
    await pipeline.produce(b'{"request_id": 1, "s3_path": ', key=marker + b"-json")
    # The worker keeps going: a valid request after the poison still gets its result.
    case = next(iter(samples.values()))
    after = event_payload(case, s3_path="s3://loan-docs/uploads/none/after-poison.pdf")
    await pipeline.produce(after)
    assert (await pipeline.result(after["request_id"])).error_codes == ["FILE_NOT_FOUND"]
    letters = {r.key: dict(r.headers) for r in await pipeline.dead_letters()}
    assert letters[marker]["dlq.reason"] == b"INVALID_ENCODING"
    assert letters[marker + b"-json"]["dlq.reason"] == b"INVALID_JSON"


async def test_duplicates_yield_one_result(pipeline: Pipeline, samples) -> None:
    case = next(iter(samples.values()))
    payload = event_payload(case, s3_path="s3://loan-docs/uploads/none/dup.pdf")
    for _ in range(3):
        await pipeline.produce(payload)
    first = await pipeline.result(payload["request_id"])
    await asyncio.sleep(3)  # room for a wrong second result to show up
    on_topic = await pipeline.results_on_topic(payload["request_id"])
    assert [r.run_id for r in on_topic] == [first.run_id]
    row = await pipeline.ledger_row(payload["request_id"])
    assert row["duplicates"] == 2


async def test_every_sample_gets_its_expected_verdict(pipeline: Pipeline, samples) -> None:
    submitted = {await pipeline.submit(case): case for case in samples.values()}
    results = {rid: await pipeline.result(rid, timeout=240) for rid in submitted}
    wrong = {
        case.name: (
            result.verdict,
            result.error_codes,
            case.expected_verdict,
            sorted(case.expected_codes),
        )
        for rid, case in submitted.items()
        if (result := results[rid]).verdict is not case.expected_verdict
        or set(result.error_codes) != set(case.expected_codes)
    }
    assert not wrong
