"""The scoring arithmetic: confusion, accuracy, per-code precision and recall, the bar."""

from __future__ import annotations

import pytest

from stream.evaluation.metrics import Outcome, code_scores, compute


def outcome(
    name: str, expected: set[str], got: set[str] | None, *, status: str = "completed"
) -> Outcome:
    """A case labelled ``expected`` (empty: accept) answered with ``got`` (None: no verdict)."""
    verdict = None if got is None else not got
    return Outcome(name, frozenset(expected), verdict, frozenset(got or ()), status)


RUN = [
    outcome("ok_accept", set(), set()),
    outcome("ok_reject", {"NAME_MISMATCH"}, {"NAME_MISMATCH"}),
    outcome("false_reject", set(), {"STAMP_MISSING"}),
    outcome("false_accept", {"DATE_MISSING"}, set()),
    outcome("other_codes", {"DATE_STALE"}, {"DATE_STALE", "STAMP_MISSING"}),
    outcome("failed", {"FILE_CORRUPT"}, None, status="failed"),
]


def test_confusion_counts_every_case_once() -> None:
    m = compute(RUN)
    assert m.total == 6 == sum(m.confusion.values())
    assert m.confusion[("accept", "accept")] == 1
    assert m.confusion[("accept", "reject")] == 1
    assert m.confusion[("reject", "accept")] == 1
    assert m.confusion[("reject", "reject")] == 2
    assert m.confusion[("reject", "no_verdict")] == 1


def test_accuracy_counts_verdicts_and_exact_codes_apart() -> None:
    m = compute(RUN)
    assert m.verdict_accuracy == pytest.approx(3 / 6)  # no verdict counts as wrong
    assert m.exact_accuracy == pytest.approx(2 / 6)


def test_wrong_cases_are_listed_by_kind() -> None:
    m = compute(RUN)
    assert [o.name for o in m.false_accepts] == ["false_accept"]
    assert [o.name for o in m.false_rejects] == ["false_reject"]
    assert [o.name for o in m.no_verdicts] == ["failed"]
    assert [o.name for o in m.wrong_codes] == ["other_codes"]
    other = m.wrong_codes[0]
    assert other.extra_codes == {"STAMP_MISSING"} and not other.missing_codes


def test_per_code_precision_and_recall() -> None:
    scores = {c.code: c for c in compute(RUN).codes}
    stamp = scores["STAMP_MISSING"]
    assert (stamp.tp, stamp.fp, stamp.fn) == (0, 2, 0)
    assert stamp.precision == 0.0 and stamp.recall is None  # never labelled
    name = scores["NAME_MISMATCH"]
    assert name.precision == 1.0 and name.recall == 1.0 and name.support == 1
    missing = scores["DATE_MISSING"]
    assert (missing.tp, missing.fn, missing.precision, missing.recall) == (0, 1, None, 0.0)
    corrupt = scores["FILE_CORRUPT"]
    assert corrupt.recall == 0.0  # a failed request raised nothing


def test_codes_never_seen_still_get_a_row() -> None:
    scores = {c.code: c for c in code_scores([], ["UNREADABLE"])}
    assert scores["UNREADABLE"].support == 0
    assert scores["UNREADABLE"].precision is None and scores["UNREADABLE"].recall is None


def test_the_bar_needs_accuracy_and_no_false_accept() -> None:
    perfect = compute([outcome("a", set(), set()), outcome("b", {"DATE_STALE"}, {"DATE_STALE"})])
    assert perfect.passes(0.98)
    one_false_accept = compute(
        [outcome(str(i), set(), set()) for i in range(99)] + [outcome("x", {"IIN_MISMATCH"}, set())]
    )
    assert one_false_accept.verdict_accuracy == pytest.approx(0.99)
    assert not one_false_accept.passes(0.98)
    one_false_reject = compute(
        [outcome(str(i), set(), set()) for i in range(99)] + [outcome("y", set(), {"UNREADABLE"})]
    )
    assert one_false_reject.passes(0.98) and not one_false_reject.passes(0.995)


def test_an_empty_run_does_not_pass() -> None:
    m = compute([])
    assert m.total == 0 and m.verdict_accuracy == 0.0
    assert not m.passes(0.98)
