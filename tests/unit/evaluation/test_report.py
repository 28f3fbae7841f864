"""The printed summary and the JSON report of a run."""

from __future__ import annotations

from typing import Any

from stream.evaluation.metrics import compute
from stream.evaluation.report import json_report, summary
from stream.evaluation.runner import CaseResult


def case(name: str, expected: set[str], got: set[str], **extra: Any) -> CaseResult:
    errors = [{"code": c, "message": "", "details": {"found": "2026-03-27"}} for c in sorted(got)]
    return CaseResult(
        name=name, filename=f"{name}.pdf", rendering="scan", kind="dismissal_order",
        language="ru", parts=1, tags=(), description="", expected_codes=frozenset(expected),
        status="completed", verdict=not got, codes=frozenset(got), size=10, sha256="0" * 64,
        errors=errors, timings_ms={"total": 1200}, **extra,
    )  # fmt: skip


CASES = [
    case("good", set(), set()),
    case("stale_read_as_fresh", {"DATE_STALE"}, set()),
    case("cited_date_taken", set(), {"DATE_STALE"}),
]


def test_summary_names_the_wrong_cases_and_the_outcome() -> None:
    text = summary(CASES, compute([c.outcome for c in CASES]), min_accuracy=0.98)
    assert "verdict accuracy: 0.333 (1/3)" in text
    assert "false accepts (1):\n  stale_read_as_fresh [scan] expected DATE_STALE" in text
    assert "cited_date_taken [scan] expected accept; got completed: DATE_STALE (found: " in text
    assert text.rstrip().endswith("FAIL: accuracy 0.333 against 0.980, 1 false accept(s)")


def test_json_report_holds_metrics_and_every_case() -> None:
    metrics = compute([c.outcome for c in CASES])
    report = json_report(CASES, metrics, {"subset": "fast"})
    assert report["subset"] == "fast"
    assert report["metrics"]["false_accepts"] == ["stale_read_as_fresh"]
    assert report["metrics"]["confusion"]["accept->reject"] == 1
    [first, *_] = report["cases"]
    assert first["expected"] == {"verdict": True, "codes": []}
    assert first["got"]["verdict"] is True and first["verdict_right"] is True
