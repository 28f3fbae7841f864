"""Scores of a labelled run: verdict accuracy, the confusion table, per-code precision
and recall, and the cases that went wrong.

Pure functions over ``Outcome`` records, so the arithmetic is tested without
reading a single document. A result without a verdict (status ``failed``) is
neither an accept nor a reject: it counts against accuracy and is listed apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Expected = Literal["accept", "reject"]
Got = Literal["accept", "reject", "no_verdict"]
EXPECTED: tuple[Expected, ...] = ("accept", "reject")
GOT: tuple[Got, ...] = ("accept", "reject", "no_verdict")


@dataclass(frozen=True)
class Outcome:
    """One labelled case and what the service answered."""

    name: str
    expected_codes: frozenset[str]
    verdict: bool | None
    codes: frozenset[str]
    status: str = "completed"

    @property
    def expected(self) -> Expected:
        return "reject" if self.expected_codes else "accept"

    @property
    def got(self) -> Got:
        if self.verdict is None:
            return "no_verdict"
        return "accept" if self.verdict else "reject"

    @property
    def verdict_right(self) -> bool:
        return self.expected == self.got

    @property
    def codes_right(self) -> bool:
        return self.verdict_right and self.expected_codes == self.codes

    @property
    def missing_codes(self) -> frozenset[str]:
        return self.expected_codes - self.codes

    @property
    def extra_codes(self) -> frozenset[str]:
        return self.codes - self.expected_codes


@dataclass(frozen=True)
class CodeScore:
    """How one error code fared: raised where expected (tp), where not (fp), or missed (fn)."""

    code: str
    tp: int
    fp: int
    fn: int

    @property
    def support(self) -> int:
        """Cases labelled with the code."""
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass(frozen=True)
class Metrics:
    total: int
    verdict_accuracy: float
    exact_accuracy: float
    """Share of cases with the right verdict and exactly the labelled codes."""
    confusion: dict[tuple[Expected, Got], int]
    codes: tuple[CodeScore, ...]
    false_accepts: tuple[Outcome, ...]
    """Labelled reject, answered accept: the costly mistake."""
    false_rejects: tuple[Outcome, ...]
    no_verdicts: tuple[Outcome, ...]
    wrong_codes: tuple[Outcome, ...]
    """Right verdict (reject), but not exactly the labelled codes."""

    def passes(self, min_accuracy: float) -> bool:
        """The bar: verdict accuracy at least ``min_accuracy`` and no false accept."""
        return self.verdict_accuracy >= min_accuracy and not self.false_accepts


def code_scores(outcomes: Iterable[Outcome], codes: Iterable[str] = ()) -> tuple[CodeScore, ...]:
    """Per-code counts over ``outcomes``; ``codes`` lists codes to report even when unseen."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    seen = set(codes)
    for o in outcomes:
        seen |= o.expected_codes | o.codes
        tp.update(o.expected_codes & o.codes)
        fp.update(o.codes - o.expected_codes)
        fn.update(o.expected_codes - o.codes)
    return tuple(CodeScore(c, tp[c], fp[c], fn[c]) for c in sorted(seen))


def compute(outcomes: Sequence[Outcome], codes: Iterable[str] = ()) -> Metrics:
    """Every figure of a run; an empty run scores zero, never passes by default."""
    total = len(outcomes)
    confusion = {(e, g): 0 for e in EXPECTED for g in GOT}
    for o in outcomes:
        confusion[(o.expected, o.got)] += 1
    right = sum(o.verdict_right for o in outcomes)
    exact = sum(o.codes_right for o in outcomes)
    return Metrics(
        total=total,
        verdict_accuracy=right / total if total else 0.0,
        exact_accuracy=exact / total if total else 0.0,
        confusion=confusion,
        codes=code_scores(outcomes, codes),
        false_accepts=tuple(o for o in outcomes if o.expected == "reject" and o.got == "accept"),
        false_rejects=tuple(o for o in outcomes if o.expected == "accept" and o.got == "reject"),
        no_verdicts=tuple(o for o in outcomes if o.got == "no_verdict"),
        wrong_codes=tuple(
            o
            for o in outcomes
            if o.expected == "reject" and o.got == "reject" and not o.codes_right
        ),
    )
