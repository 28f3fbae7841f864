"""Downscaling in two steps gives nearly what one area-averaging step gives; the
histogram median is numpy's."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from processors.reading.pixels import median, shrink


def _page(height: int, width: int) -> np.ndarray:
    """A smooth page with printed-looking strokes: gradients plus black bars."""
    ys, xs = np.mgrid[0:height, 0:width]
    page = (200 + 40 * np.sin(xs / 97.0) * np.cos(ys / 131.0)).astype(np.uint8)
    page[::60, :] = 20
    page[:, ::45] = 30
    return page


@pytest.mark.parametrize(("height", "width", "target"), [(3508, 2482, 1000), (2339, 1654, 1000)])
def test_two_steps_match_one_area_step(height: int, width: int, target: int) -> None:
    page = _page(height, width)
    scale = target / width
    direct = cv2.resize(page, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = shrink(page, scale)
    assert abs(small.shape[0] - direct.shape[0]) <= 1 and abs(small.shape[1] - direct.shape[1]) <= 1
    rows, cols = min(small.shape[0], direct.shape[0]), min(small.shape[1], direct.shape[1])
    difference = np.abs(small[:rows, :cols].astype(int) - direct[:rows, :cols].astype(int))
    # Thin strokes come out a little softer, but hold the same ink, and the page as
    # a whole is the same.
    assert difference.mean() < 3.0
    ink = (255 - direct[:rows, :cols].astype(float)).sum()
    assert (255 - small[:rows, :cols].astype(float)).sum() == pytest.approx(ink, rel=0.01)


def test_colour_pages_keep_their_channels() -> None:
    page = np.dstack([_page(1200, 900)] * 3)
    assert shrink(page, 0.3).shape[2] == 3


def test_nothing_to_shrink_is_left_alone() -> None:
    page = _page(100, 80)
    assert shrink(page, 1.0) is page
    assert shrink(page, 1.5) is page


@pytest.mark.parametrize("size", [1, 2, 3, 10, 11, 1000, 1001])
def test_median_from_the_histogram_is_numpys(size: int) -> None:
    rng = np.random.default_rng(size)
    spread = rng.integers(0, 256, size, dtype=np.uint8)
    narrow = rng.integers(120, 123, size, dtype=np.uint8)  # many ties, even splits
    for values in (spread, narrow, spread.reshape(1, -1)):
        assert median(values) == float(np.median(values))
