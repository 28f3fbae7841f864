"""The OCR ceiling's page time stands for an average page, however the pages differ."""

from __future__ import annotations

import pytest

from stream.bench._ceiling import typical_page


def test_an_average_page_is_the_mean_of_each_pages_median() -> None:
    # Two passes over a clean scan (~0.93 s) and over a grey copy (~1.75 s): one
    # median over all four would be 1.325 s here, and 0.93 s with a third clean pass.
    assert typical_page([[0.93, 0.93], [1.79, 1.71]]) == pytest.approx((0.93 + 1.75) / 2)
    assert typical_page([[0.93, 0.93, 0.95], [1.79, 1.71]]) == pytest.approx((0.93 + 1.75) / 2)


def test_one_slow_pass_does_not_move_a_page() -> None:
    assert typical_page([[1.0, 1.0, 4.0]]) == 1.0
