"""The evaluation's fast subset through the worker's own stages, reading pool and checker.

No broker, database or S3 is needed (the stages run over in-memory fakes), but
the reading is real: PDFium, Tesseract and the seal detector in pool processes.
"""

from __future__ import annotations

import pytest

from stream.evaluation import MIN_ACCURACY, EvalOptions, evaluate
from stream.settings import Settings

pytestmark = pytest.mark.integration


@pytest.mark.timeout(300)
async def test_fast_subset_meets_the_bar() -> None:
    settings = Settings(llm_provider="rules")  # type: ignore[call-arg]
    cases, metrics = await evaluate(settings, EvalOptions(subset="fast", workers=2))
    assert metrics.total >= 10
    assert all(case.status == "completed" for case in cases), [
        (case.name, case.status, case.errors) for case in cases if case.status != "completed"
    ]
    assert not metrics.false_accepts, [o.name for o in metrics.false_accepts]
    assert metrics.verdict_accuracy >= MIN_ACCURACY, [
        (o.name, sorted(o.expected_codes), sorted(o.codes))
        for o in (*metrics.false_rejects, *metrics.no_verdicts)
    ]
