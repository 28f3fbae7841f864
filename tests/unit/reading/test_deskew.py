"""Small-angle deskew and uneven-light correction."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from processors.reading.deskew import estimate_skew, even_out_light, rotate_small

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
