"""The seal finder's mask steps, written for speed, give exactly what their plain
definitions give: on random pixels, on hand-made masks and on a stamped page."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from processors.reading import pixels, seals
from processors.reading.pixels import components, median, work_copy
from processors.reading.seals import _colour_ink, _large_components

from . import samples


def _plain_colour_ink(rgb: np.ndarray) -> dict[str, np.ndarray]:
    """The ink masks as first written: one comparison per condition on the HSV planes."""
    hsv = cv2.cvtColor(seals._white_balanced(rgb), cv2.COLOR_RGB2HSV)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    chroma = sat.astype(np.uint16) * val // 255
    seal_hue = ((hue >= 90) & (hue < 160)) | (hue < 10) | (hue >= 165)
    strong = (sat >= 45) & (val >= 40) & (chroma >= 40)
    masks = {
        "blue": (strong & (hue >= 90) & (hue < 125)).astype(np.uint8),
        "violet": (strong & (hue >= 125) & (hue < 160)).astype(np.uint8),
        "red": (strong & ((hue < 10) | (hue >= 165))).astype(np.uint8),
    }
    masks["coloured"] = masks["blue"] | masks["violet"] | masks["red"]
    tinted = seal_hue & (sat >= 30) & (val >= 40) & (chroma >= 22)
    masks["inked"] = masks["coloured"] | tinted.astype(np.uint8)
    return masks


def _plain_large_components(mask: np.ndarray, min_extent: float) -> np.ndarray:
    _count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    extent = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    keep = extent >= min_extent
    keep[0] = False
    return keep[labels].astype(np.uint8)


@pytest.fixture(scope="module")
def stamped_page(order_pdf: Path) -> np.ndarray:
    """The order at the seal finder's working size, stamped with a violet seal,
    signed in blue and with a red line: every colour the masks tell apart."""
    page = samples.render(order_pdf, 150).convert("RGB")
    draw = ImageDraw.Draw(page)
    x, y, r = page.width * 0.7, page.height * 0.8, page.width * 0.09
    draw.ellipse((x - r, y - r, x + r, y + r), outline=(110, 60, 170), width=5)
    draw.ellipse((x - 0.7 * r, y - 0.7 * r, x + 0.7 * r, y + 0.7 * r), outline=(120, 70, 180))
    draw.line((page.width * 0.2, y, page.width * 0.45, y - 40), fill=(30, 60, 200), width=3)
    draw.line((page.width * 0.1, 80, page.width * 0.9, 80), fill=(200, 30, 30), width=2)
    return work_copy(np.asarray(page))


def _random_images(seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    noise = rng.integers(0, 256, (300, 400, 3), dtype=np.uint8)
    paper = np.full((300, 400, 3), 235, np.uint8) - rng.integers(0, 60, (300, 400, 1), np.uint8)
    return [noise, paper]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_colour_masks_are_their_plain_definitions(seed: int, stamped_page: np.ndarray) -> None:
    for rgb in [*_random_images(seed), stamped_page]:
        expected = _plain_colour_ink(rgb)
        ink = _colour_ink(rgb)
        got = {**ink.hues, "coloured": ink.coloured, "inked": ink.inked}
        assert got.keys() == expected.keys()
        for name, mask in expected.items():
            assert got[name].dtype == np.uint8 and got[name].shape == mask.shape
            assert np.array_equal(got[name], mask), name
    assert ink.coloured.any() and ink.hues["violet"].any()  # the page's seal is seen


def _hand_made_masks(stamped_page: np.ndarray) -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    speckle = (rng.random((400, 500)) < 0.2).astype(np.uint8)
    rings = Image.new("L", (500, 400), 0)
    draw = ImageDraw.Draw(rings)
    for index in range(12):
        x, y, r = 40 * index + 20, 30 * index + 20, 5 + 4 * index
        draw.ellipse((x - r, y - r, x + r, y + r), outline=1, width=2)
    # Long shapes whose boxes together cover more than the mask: the other path.
    slanted = np.zeros((300, 300), np.uint8)
    for offset in range(0, 200, 15):
        cv2.line(slanted, (0, offset), (299, offset + 100), 1)
    _count, _labels, stats = components(slanted)
    assert int((stats[1:, 2] * stats[1:, 3]).sum()) > slanted.size
    page = seals._Masks(stamped_page)
    return [speckle, np.asarray(rings), slanted, page.dark, page.coloured, page.inked]


@pytest.mark.parametrize("min_extent", [1, 10, 45, 120])
def test_large_components_are_their_plain_definition(
    min_extent: float, stamped_page: np.ndarray
) -> None:
    for mask in _hand_made_masks(stamped_page):
        expected = _plain_large_components(mask, min_extent)
        got = _large_components(mask, min_extent)
        assert got.dtype == np.uint8 and np.array_equal(got, expected)


def test_components_are_opencvs_default_labelling(stamped_page: np.ndarray) -> None:
    for mask in _hand_made_masks(stamped_page):
        count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        got_count, got_labels, got_stats = components(mask)
        assert got_count == count
        assert np.array_equal(got_labels, labels) and np.array_equal(got_stats, stats)


def test_median_counts_large_images_without_float_rounding(
    monkeypatch: pytest.MonkeyPatch, stamped_page: np.ndarray
) -> None:
    gray = cv2.cvtColor(stamped_page, cv2.COLOR_RGB2GRAY)
    assert median(gray) == float(np.median(gray))
    monkeypatch.setattr(pixels, "_EXACT_FLOAT32", 0)  # as for a page of 2 ** 24 pixels
    assert median(gray) == float(np.median(gray))
