"""The evaluation's printed summary and its JSON report."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from .metrics import EXPECTED, GOT, Metrics
from .runner import CaseResult


def _ratio(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def confusion_table(metrics: Metrics) -> list[str]:
    lines = [f"{'':18}" + "".join(f"{'got ' + g:>16}" for g in GOT)]
    for e in EXPECTED:
        row = "".join(f"{metrics.confusion[(e, g)]:>16}" for g in GOT)
        lines.append(f"{'expected ' + e:18}{row}")
    return lines


def code_table(metrics: Metrics) -> list[str]:
    lines = [f"{'code':20}{'support':>8}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}"]
    for c in metrics.codes:
        lines.append(
            f"{c.code:20}{c.support:>8}{c.tp:>5}{c.fp:>5}{c.fn:>5}"
            f"{_ratio(c.precision):>11}{_ratio(c.recall):>8}"
        )
    return lines


def _why(case: CaseResult) -> str:
    """The failed checks' codes with the details that say what was found."""
    parts = []
    for error in case.errors:
        details = error.get("details") or {}
        found = details.get("found")
        parts.append(f"{error['code']} (found: {found!r})" if found is not None else error["code"])
    return "; ".join(parts) or "-"


def case_lines(cases: Sequence[CaseResult], names: Sequence[str]) -> list[str]:
    by_name = {c.name: c for c in cases}
    lines = []
    for name in names:
        c = by_name[name]
        expected = ",".join(sorted(c.expected_codes)) or "accept"
        lines.append(f"  {c.name} [{c.rendering}] expected {expected}; got {c.status}: {_why(c)}")
    return lines


def timing_table(cases: Sequence[CaseResult]) -> list[str]:
    """Median and worst total milliseconds per rendering."""
    by: dict[str, list[int]] = defaultdict(list)
    for c in cases:
        if "total" in c.timings_ms:
            by[c.rendering].append(c.timings_ms["total"])
    lines = [f"{'rendering':22}{'cases':>6}{'median ms':>11}{'max ms':>9}"]
    for rendering, values in sorted(by.items()):
        lines.append(
            f"{rendering:22}{len(values):>6}{int(statistics.median(values)):>11}{max(values):>9}"
        )
    return lines


def summary(cases: Sequence[CaseResult], metrics: Metrics, *, min_accuracy: float) -> str:
    right = round(metrics.verdict_accuracy * metrics.total)
    exact = round(metrics.exact_accuracy * metrics.total)
    verdict = "PASS" if metrics.passes(min_accuracy) else "FAIL"
    out = [
        f"cases: {metrics.total}",
        "",
        *confusion_table(metrics),
        "",
        f"verdict accuracy: {metrics.verdict_accuracy:.3f} ({right}/{metrics.total})",
        f"exact-code accuracy: {metrics.exact_accuracy:.3f} ({exact}/{metrics.total})",
        "",
        *code_table(metrics),
        "",
        f"false accepts ({len(metrics.false_accepts)}):",
        *case_lines(cases, [o.name for o in metrics.false_accepts]),
        f"false rejects ({len(metrics.false_rejects)}):",
        *case_lines(cases, [o.name for o in metrics.false_rejects]),
        f"no verdict ({len(metrics.no_verdicts)}):",
        *case_lines(cases, [o.name for o in metrics.no_verdicts]),
        f"rejected, but with other codes ({len(metrics.wrong_codes)}):",
        *case_lines(cases, [o.name for o in metrics.wrong_codes]),
        "",
        *timing_table(cases),
        "",
        f"{verdict}: accuracy {metrics.verdict_accuracy:.3f} against {min_accuracy:.3f}, "
        f"{len(metrics.false_accepts)} false accept(s)",
    ]
    return "\n".join(out)


def json_report(
    cases: Sequence[CaseResult], metrics: Metrics, meta: dict[str, Any]
) -> dict[str, Any]:
    return {
        **meta,
        "metrics": {
            "total": metrics.total,
            "verdict_accuracy": metrics.verdict_accuracy,
            "exact_accuracy": metrics.exact_accuracy,
            "confusion": {f"{e}->{g}": n for (e, g), n in metrics.confusion.items()},
            "codes": [
                {
                    "code": c.code,
                    "support": c.support,
                    "tp": c.tp,
                    "fp": c.fp,
                    "fn": c.fn,
                    "precision": c.precision,
                    "recall": c.recall,
                }
                for c in metrics.codes
            ],
            "false_accepts": [o.name for o in metrics.false_accepts],
            "false_rejects": [o.name for o in metrics.false_rejects],
            "no_verdicts": [o.name for o in metrics.no_verdicts],
            "wrong_codes": [o.name for o in metrics.wrong_codes],
        },
        "cases": [c.as_json() for c in cases],
    }
