"""Page clean-up before OCR: small-angle deskew and uneven-light correction.

Both are measured on a downscaled copy, so they cost tens of milliseconds on a
300 DPI page. Binarisation is left to Tesseract (its Otsu is as good as ours on
evenly lit pages, and the light correction below makes photos evenly lit).
"""

from __future__ import annotations

import cv2
import numpy as np

from processors.reading.pixels import shrink

MAX_SKEW_DEGREES = 5.0
# Below this a rotation would blur the glyphs more than the tilt hurts OCR.
MIN_SKEW_DEGREES = 0.3
_WORK_WIDTH = 1000
# Background spread (grey levels) above which a page counts as unevenly lit.
_UNEVEN_LIGHT = 40


def _downscaled(gray: np.ndarray, width: int = _WORK_WIDTH) -> np.ndarray:
    return shrink(gray, width / gray.shape[1])


def _profile_sharpness(ys: np.ndarray, xs: np.ndarray, degrees: float) -> float:
    """How crisp the row histogram of ink is when lines are read at ``degrees``."""
    shifted = ys - xs * np.tan(np.radians(degrees))
    rows = np.round(shifted - shifted.min()).astype(np.int64)
    histogram = np.bincount(rows).astype(np.float64)
    return float(np.sum(np.diff(histogram) ** 2))


def estimate_skew(gray: np.ndarray) -> float:
    """Tilt of the text lines in degrees (positive: lines fall to the right).

    A projection-profile search over ±5°: text lines give a spiky row histogram
    only when read at their own angle. Returns 0.0 for tilts too small to
    matter, beyond ±5° (a quarter-turn problem, not skew) or pages without text.
    """
    small = _downscaled(gray)
    ink = cv2.adaptiveThreshold(
        small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )
    ys, xs = np.nonzero(ink)
    if ys.size < 500:
        return 0.0
    if ys.size > 200_000:
        keep = np.random.default_rng(0).choice(ys.size, 200_000, replace=False)
        ys, xs = ys[keep], xs[keep]
    ys_f, xs_f = ys.astype(np.float64), xs.astype(np.float64)
    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 0.5)
    best = max(coarse, key=lambda a: _profile_sharpness(ys_f, xs_f, a))
    fine = np.arange(best - 0.5, best + 0.51, 0.1)
    angle = float(max(fine, key=lambda a: _profile_sharpness(ys_f, xs_f, a)))
    if abs(angle) < MIN_SKEW_DEGREES or abs(angle) > MAX_SKEW_DEGREES:
        return 0.0
    flat = _profile_sharpness(ys_f, xs_f, 0.0)
    # No clear optimum (blank page, a photo of no text): leave the page alone.
    if _profile_sharpness(ys_f, xs_f, angle) < 1.1 * flat:
        return 0.0
    return round(angle, 1)


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


def even_out_light(gray: np.ndarray) -> np.ndarray:
    """Divide out a shadowed or vignetted background (phone photos); else unchanged."""
    small = _downscaled(gray, 500)
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
