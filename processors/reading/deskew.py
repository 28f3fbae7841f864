"""Page clean-up before OCR: small-angle deskew and uneven-light correction.

Both are measured on a downscaled copy, so they cost tens of milliseconds on a
300 DPI page. Binarisation is left to Tesseract (its Otsu is as good as ours on
evenly lit pages, and the light correction below makes photos evenly lit).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from processors.reading.pixels import WORK_WIDTH, shrink

MAX_SKEW_DEGREES = 5.0
# Below this a rotation would blur the glyphs more than the tilt hurts OCR.
MIN_SKEW_DEGREES = 0.3
# Background spread (grey levels) above which a page counts as unevenly lit.
_UNEVEN_LIGHT = 40


def _downscaled(gray: np.ndarray, width: int = WORK_WIDTH) -> np.ndarray:
    return shrink(gray, width / gray.shape[1])


class _InkProfile:
    """Ink pixels of a page, read along trial angles (the buffers are reused: the
    search reads the same pixels at some thirty angles)."""

    def __init__(self, ys: np.ndarray, xs: np.ndarray) -> None:
        self._ys, self._xs = ys.astype(np.float64), xs.astype(np.float64)
        self._shifted = np.empty_like(self._ys)

    def sharpness(self, degrees: float) -> float:
        """How crisp the row histogram of ink is when lines are read at ``degrees``."""
        shifted = self._shifted
        np.multiply(self._xs, np.tan(np.radians(degrees)), out=shifted)
        np.subtract(self._ys, shifted, out=shifted)
        shifted -= shifted.min()
        np.rint(shifted, out=shifted)
        histogram = np.bincount(shifted.astype(np.intp))
        # Whole counts: their squared steps sum exactly in integers.
        steps = np.diff(histogram)
        return float(np.dot(steps, steps))


@dataclass(frozen=True)
class TextLines:
    """How a page's lines of text lie, measured on its ink."""

    skew: float
    """As ``estimate_skew`` gives it."""
    across: bool
    """The lines run across the page (upright or upside down), not down it: a
    page turned a quarter is told before anything is read. True when there is
    too little ink to tell."""


def text_lines(gray: np.ndarray) -> TextLines:
    """The skew of the text lines and whether they run across the page.

    A projection-profile search over ±5°: text lines give a spiky row histogram
    only when read at their own angle; on a page turned a quarter it is the
    column histogram that is spiky (on the corpora's photos the best row
    profile is 8-37 times the best column profile upright, under a tenth turned).
    Measured at ``WORK_WIDTH``: the page's ``work_copy`` gives the same answer.
    """
    small = _downscaled(gray)
    ink = cv2.adaptiveThreshold(
        small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )
    points = cv2.findNonZero(ink)  # row by row, as np.nonzero: the sample below depends on it
    if points is None or len(points) < 500:
        return TextLines(skew=0.0, across=True)
    xs, ys = points.reshape(-1, 2).T
    if ys.size > 200_000:
        keep = np.random.default_rng(0).choice(ys.size, 200_000, replace=False)
        ys, xs = ys[keep], xs[keep]
    rows = _InkProfile(ys, xs)
    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 0.5)
    sharpness = [rows.sharpness(a) for a in coarse]
    best = coarse[int(np.argmax(sharpness))]
    columns = _InkProfile(xs, ys)
    across = max(sharpness) >= max(columns.sharpness(a) for a in coarse[::2])
    return TextLines(skew=_skew(rows, best), across=across)


def _skew(rows: _InkProfile, best: float) -> float:
    fine = np.arange(best - 0.5, best + 0.51, 0.1)
    angle = float(max(fine, key=rows.sharpness))
    if abs(angle) < MIN_SKEW_DEGREES or abs(angle) > MAX_SKEW_DEGREES:
        return 0.0
    flat = rows.sharpness(0.0)
    # No clear optimum (blank page, a photo of no text): leave the page alone.
    if rows.sharpness(angle) < 1.1 * flat:
        return 0.0
    return round(angle, 1)


def estimate_skew(gray: np.ndarray) -> float:
    """Tilt of the text lines in degrees (positive: lines fall to the right).

    Returns 0.0 for tilts too small to matter, beyond ±5° (a quarter-turn
    problem, not skew) or pages without text (``text_lines``).
    """
    return text_lines(gray).skew


def rotate_small(image: np.ndarray, degrees: float) -> np.ndarray:
    """Turn ``image`` by ``degrees`` (as returned by ``estimate_skew``) to level it."""
    if degrees == 0.0:
        return image
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    white = (255,) * (image.shape[2] if image.ndim == 3 else 1)
    return cv2.warpAffine(
        image,
        matrix,
        (width, height),
        flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=white,
    )


def even_out_light(gray: np.ndarray, measured_on: np.ndarray | None = None) -> np.ndarray:
    """Divide out a shadowed or vignetted background (phone photos); else ``gray``
    itself, unchanged.

    The background is measured on a 500 px wide copy, taken from ``measured_on``
    (a smaller copy of ``gray``, at least that wide) when given.
    """
    small = _downscaled(gray if measured_on is None else measured_on, 500)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15))
    # Closing removes the dark strokes and keeps the paper: the background estimate.
    background = cv2.medianBlur(cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel), 21)
    low, high = np.percentile(background, [2, 98])
    if high - low < _UNEVEN_LIGHT:
        return gray
    background = cv2.resize(
        background, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR
    )
    levelled = gray.astype(np.float32) / np.maximum(background.astype(np.float32), 1.0) * 255.0
    return np.clip(levelled, 0, 255).astype(np.uint8)
