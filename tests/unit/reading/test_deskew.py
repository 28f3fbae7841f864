"""Small-angle deskew and uneven-light correction."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from processors.reading.deskew import estimate_skew, even_out_light, rotate_small
from processors.reading.pixels import work_copy

from . import samples


@pytest.fixture(scope="module")
def page(order_pdf: Path) -> np.ndarray:
    return np.asarray(samples.render(order_pdf, 150).convert("L"))


@pytest.mark.parametrize("tilt", [-4.0, -1.5, 2.5, 4.5])
def test_tilt_is_measured_and_levelled(page: np.ndarray, tilt: float) -> None:
    tilted = np.asarray(
        Image.fromarray(page).rotate(tilt, resample=Image.Resampling.BICUBIC, fillcolor=255)
    )
    skew = estimate_skew(tilted)
    assert skew == pytest.approx(-tilt, abs=0.3)
    assert estimate_skew(rotate_small(tilted, skew)) == 0.0


@pytest.mark.parametrize("tilt", [-2.0, 0.8, 3.5])
def test_the_work_copy_gives_the_pages_own_skew(order_pdf: Path, tilt: float) -> None:
    # A 300 DPI page is measured at the work width either way: handed the copy,
    # the estimate makes none of its own.
    page = samples.render(order_pdf, 300).convert("L")
    tilted = np.asarray(page.rotate(tilt, resample=Image.Resampling.BICUBIC, fillcolor=255))
    skew = estimate_skew(tilted)
    assert skew == pytest.approx(-tilt, abs=0.3)
    assert estimate_skew(work_copy(tilted)) == skew


def test_level_and_blank_pages_are_left_alone(page: np.ndarray) -> None:
    assert estimate_skew(page) == 0.0
    assert estimate_skew(np.full((1754, 1240), 255, np.uint8)) == 0.0


def test_clean_page_is_not_relit(page: np.ndarray) -> None:
    assert even_out_light(page) is page


def test_shadow_across_a_photo_is_divided_out(page: np.ndarray) -> None:
    # Light falling off from 255 to 120 across the page, as under a phone's shadow.
    falloff = np.linspace(1.0, 0.47, page.shape[1])[None, :]
    shaded = (page.astype(np.float64) * falloff).astype(np.uint8)
    levelled = even_out_light(shaded)
    paper = levelled[page == 255]
    assert np.percentile(paper, 5) > 200  # the shadowed paper is white again
    ink = levelled[page < 80]
    assert np.median(ink) < 120  # and the text stays dark


def test_light_measured_on_a_smaller_copy_levels_the_page_itself(page: np.ndarray) -> None:
    falloff = np.linspace(1.0, 0.47, page.shape[1])[None, :]
    shaded = (page.astype(np.float64) * falloff).astype(np.uint8)
    size = (700, round(700 * page.shape[0] / page.shape[1]))
    small, even = cv2.resize(shaded, size), cv2.resize(page, size)
    levelled = even_out_light(shaded, measured_on=small)
    assert levelled.shape == shaded.shape
    assert np.percentile(levelled[page == 255], 5) > 200
    # The light is judged on the copy alone: an evenly lit copy leaves the page as it is.
    assert even_out_light(shaded, measured_on=even) is shaded
