"""Where a read document is checked, on a real worker: over the check topic
(``CHECK_HANDOVER=topic``, as with an LLM checker) and in the reading stage (the
default with the rules, which the session's worker runs)."""

from __future__ import annotations

import pytest

from schemas import ErrorCode, Status
from sinks import request_key
from stream.samples import SampleCase

from .conftest import Pipeline, SpawnWorker, open_pipeline, read_topic
from .workers import own_stack, settings_of

pytestmark = pytest.mark.integration


def _accepted_pdf(samples: dict[str, SampleCase]) -> SampleCase:
    return next(
        case
        for case in samples.values()
        if case.media_type == "application/pdf" and case.expected_verdict
    )


@pytest.mark.timeout(180)
async def test_checks_over_the_check_topic_decide_as_in_the_reading_stage(
    spawn_worker: SpawnWorker, stack_env: dict[str, str], samples: dict[str, SampleCase]
) -> None:
    env = {**own_stack(stack_env, "handover"), "CHECK_HANDOVER": "topic"}
    s = settings_of(env)
    case = _accepted_pdf(samples)
    spawn_worker(env)  # blocks until ready: before the watcher's consumer joins
    async with open_pipeline(s, client_id="handover-tests") as pipeline:
        accepted = await pipeline.submit(case)
        mismatch = await pipeline.submit(
            case, first_name="Жанар", last_name="Байжанова", second_name=None
        )
        first, second = await pipeline.result(accepted), await pipeline.result(mismatch)
    assert first.status is Status.COMPLETED and first.verdict is True, first.errors
    assert {"download", "ocr", "checks"} <= first.timings_ms.keys()
    assert second.verdict is False
    assert ErrorCode.NAME_MISMATCH in {e.code for e in second.errors}
    # Each read document crossed the check topic, keyed by its request.
    keys = [r.key for r in await read_topic(s.kafka_bootstrap_servers or "", s.check_topic)]
    assert sorted(keys) == sorted([request_key(accepted), request_key(mismatch)])


async def test_the_default_worker_checks_without_the_check_topic(
    pipeline: Pipeline, samples: dict[str, SampleCase]
) -> None:
    request_id = await pipeline.submit(_accepted_pdf(samples))
    result = await pipeline.result(request_id)
    assert result.verdict is True and "checks" in result.timings_ms
    s = pipeline.settings
    records = await read_topic(s.kafka_bootstrap_servers or "", s.check_topic)
    assert request_key(request_id) not in {r.key for r in records}
