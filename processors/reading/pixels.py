"""Downscaling shared by the page steps that work on a small copy of the page."""

from __future__ import annotations

import cv2
import numpy as np

WORK_WIDTH = 1000
"""Width of the copy of a page the page steps measure on (~120 DPI for A4): the
sheet, the light, the skew and the seals."""


def grey(image: np.ndarray) -> np.ndarray:
    """``image`` in grey: an RGB page converted, a grey one as it is.

    A grey page is kept in one channel through the page steps: converted to RGB,
    its channels would be equal, and every colour measure of it zero.
    """
    if image.ndim == 2:
        return image
    converted: np.ndarray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    return converted


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """``cv2.connectedComponentsWithStats`` of ``mask`` (8-connected): the count,
    the labels and the stats.

    Grana's block-based algorithm (BBDT) by name: the same labels and stats as
    the default, in about a third of the time with one OpenCV thread (~3 ms
    instead of ~9 ms on a page mask at ``WORK_WIDTH``).
    """
    count, labels, stats, _centroids = cv2.connectedComponentsWithStatsWithAlgorithm(
        mask, 8, cv2.CV_32S, cv2.CCL_GRANA
    )
    return int(count), labels, stats


# OpenCV counts a histogram in float32: whole counts are exact below 2 ** 24.
_EXACT_FLOAT32 = 1 << 24


def median(image: np.ndarray) -> float:
    """``np.median`` of a uint8 image, from its histogram: no sort of the pixels
    (~1 ms instead of ~9 ms for a page at the seal finder's working size)."""
    if image.ndim == 2 and image.size < _EXACT_FLOAT32:
        histogram = cv2.calcHist([image], [0], None, [256], [0, 256]).ravel()
    else:
        histogram = np.bincount(image.ravel(), minlength=256)
    counts = np.cumsum(histogram.astype(np.int64))
    size = int(counts[-1])
    if size == 0:
        return float("nan")
    # The values at sorted positions (size - 1) // 2 and size // 2: one value, or the two
    # middle ones of an even count.
    low, high = np.searchsorted(counts, [(size - 1) // 2 + 1, size // 2 + 1])
    return (float(low) + float(high)) / 2


def shrink(image: np.ndarray, scale: float) -> np.ndarray:
    """``image`` scaled down by ``scale`` (< 1) with area averaging.

    A large reduction first takes a whole factor (OpenCV's fast path for area
    averaging, about half the cost on a 300 DPI page), then the rest; one-pixel
    strokes come out a little softer than from one step, and the size may
    differ by a pixel.
    """
    if scale >= 1.0:
        return image
    factor = int(1.0 / scale)
    if factor >= 2:
        height, width = image.shape[:2]
        image = cv2.resize(
            image[: height - height % factor, : width - width % factor],
            (width // factor, height // factor),
            interpolation=cv2.INTER_AREA,
        )
        scale *= factor
        if scale >= 1.0:
            return image
    small: np.ndarray = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return small


def work_copy(image: np.ndarray) -> np.ndarray:
    """``image`` at ``WORK_WIDTH`` (as it is when not wider): the copy the page steps
    measure on. A page's copy is made once and handed to each step, as shrinking
    a 300 DPI page costs more than most of the steps do on the copy."""
    return shrink(image, WORK_WIDTH / image.shape[1])
