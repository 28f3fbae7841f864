"""Round seals (stamps) on a page image, found with OpenCV.

A Kazakh organisation's seal is a circle 35-50 mm across: a bold outer ring,
usually a thin inner ring, text between them and an emblem or BIN inside. The
detector works at a fixed width (1000 px, ~120 DPI for A4) with radii relative
to the page width, so scans, renders and photos share one set of numbers.

Two ink masks feed the same test: coloured ink (blue, violet, red in HSV) and
dark ink (for grey copies). Candidates come from blob boxes and Hough circles;
each must show a ring of ink along most of its perimeter, clearly more than
just outside it, and engraving (an inner ring, lettering) all around inside.
Signatures (open strokes), text blocks, table borders (lines meet a circle in
points), solid logos (filled inside) and circles drawn by hand (empty inside)
fail that test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

from schemas.document import SealMark

Colour = Literal["blue", "violet", "red", "gray"]

WORK_WIDTH = 1000
# Seal radius relative to page width: 1.5-2.5 cm on a 21 cm page is 0.07-0.12;
# photos show the page smaller than the frame, close-ups larger.
R_MIN, R_MAX = 0.045, 0.16
R_TYPICAL = (0.065, 0.13)
MIN_SCORE = 0.5
_SAMPLES = 360
_ANGLES = np.linspace(0.0, 2.0 * np.pi, _SAMPLES, endpoint=False)
_COS, _SIN = np.cos(_ANGLES), np.sin(_ANGLES)
_MAX_CANDIDATES = 25


@dataclass(frozen=True)
class _Circle:
    x: float
    y: float
    r: float


class _Masks:
    """Ink masks of the working-size page (uint8, ink = 1)."""

    def __init__(self, rgb: np.ndarray) -> None:
        hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
        hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
        # Chroma (max - min of RGB) as well as saturation: dark grey text has a
        # high saturation from a few levels of scanner colour fringing.
        chroma = sat.astype(np.uint16) * val // 255
        inked = (sat >= 45) & (val >= 40) & (chroma >= 40)
        self.hues: dict[Colour, np.ndarray] = {
            "blue": (inked & (hue >= 90) & (hue < 125)).astype(np.uint8),
            "violet": (inked & (hue >= 125) & (hue < 160)).astype(np.uint8),
            "red": (inked & ((hue < 10) | (hue >= 165))).astype(np.uint8),
        }
        self.coloured = self.hues["blue"] | self.hues["violet"] | self.hues["red"]
        self.gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        # Adaptive: follows uneven light, and keeps thin strokes on grey copies.
        self.dark = cv2.adaptiveThreshold(
            self.gray, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 12
        )
        self.paper = float(np.median(self.gray))


def _large_components(mask: np.ndarray, min_extent: float) -> np.ndarray:
    """Only ink shapes at least ``min_extent`` px long: drops text glyphs, keeps rings."""
    _count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    extent = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    keep = extent >= min_extent
    keep[0] = False
    large: np.ndarray = keep[labels].astype(np.uint8)
    return large


def _hits(mask: np.ndarray, x: np.ndarray, y: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """Ink at each sampled angle of each circle: bool array of shape (circles, angles)."""
    height, width = mask.shape
    xs = np.rint(x[:, None] + radii[:, None] * _COS).astype(np.int64)
    ys = np.rint(y[:, None] + radii[:, None] * _SIN).astype(np.int64)
    inside = (xs >= 0) & (xs < width) & (ys >= 0) & (ys < height)
    ink = np.zeros(xs.shape, dtype=bool)
    ink[inside] = mask[ys[inside], xs[inside]] > 0
    return ink


def _coverages(mask: np.ndarray, circles: np.ndarray, band: int = 1) -> np.ndarray:
    """For rows (x, y, r): share of directions with ink within ``band`` px of the circle."""
    offsets = np.arange(-band, band + 1, dtype=np.float64)
    n = len(circles)
    x = np.repeat(circles[:, 0], len(offsets))
    y = np.repeat(circles[:, 1], len(offsets))
    r = (circles[:, 2:3] + offsets).ravel()
    ink = _hits(mask, x, y, r).reshape(n, len(offsets), _SAMPLES)
    shares: np.ndarray = ink.any(axis=1).mean(axis=1)
    return shares


def _coverage(mask: np.ndarray, c: _Circle, radius: float, band: int = 1) -> float:
    return float(_coverages(mask, np.array([[c.x, c.y, radius]]), band)[0])


def _refine(mask: np.ndarray, c: _Circle, steps: tuple[int, ...] = (6, 3, 1)) -> _Circle:
    """Nudge centre and radius to the best-covered ring, coarse to fine."""
    grid = np.array(
        [(dx, dy, dr) for dx in (-1, 0, 1) for dy in (-1, 0, 1) for dr in (-1, 0, 1)],
        dtype=np.float64,
    )
    best = np.array([c.x, c.y, c.r])
    for step in steps:
        trials = best + grid * step
        # The exact-radius term breaks ties toward the middle of a thick stroke.
        fit = _coverages(mask, trials, band=1) + _coverages(mask, trials, band=0)
        best = trials[int(np.argmax(fit))]
    return _Circle(*(float(v) for v in best))


def _outermost_ring(mask: np.ndarray, c: _Circle, r_max: float) -> _Circle:
    """The outer ring of a seal found from any circle near its centre (often an inner ring)."""
    radii = np.arange(max(3.0, c.r * 0.7), min(r_max, c.r * 1.5), 1.0)
    if radii.size < 3:
        return c
    ink = _hits(mask, np.full(radii.size, c.x), np.full(radii.size, c.y), radii)
    banded = ink.copy()
    banded[1:] |= ink[:-1]
    banded[:-1] |= ink[1:]
    profile = banded.mean(axis=1)
    strong = np.nonzero(profile >= max(0.6, 0.85 * profile.max()))[0]
    if strong.size == 0:
        return c
    return _refine(mask, _Circle(c.x, c.y, float(radii[strong[-1]])), steps=(2, 1))


def _blob_candidates(mask: np.ndarray, r_min: float, r_max: float) -> list[_Circle]:
    joined = cv2.dilate(mask, np.ones((3, 3), np.uint8), iterations=2)
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    found = []
    for i in range(1, count):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if 2 * r_min <= w <= 2.1 * r_max and 2 * r_min <= h <= 2.1 * r_max and 0.8 <= w / h <= 1.25:
            found.append(_Circle(x + w / 2, y + h / 2, (w + h) / 4 - 2))
    return found


def _hough_candidates(mask: np.ndarray, r_min: float, r_max: float) -> list[_Circle]:
    blurred = cv2.GaussianBlur(mask * 255, (5, 5), 0)
    circles = cv2.HoughCircles(
        blurred,
        cv2.HOUGH_GRADIENT,
        dp=2,
        minDist=r_min,
        param1=120,
        param2=40,
        minRadius=int(r_min),
        maxRadius=int(r_max),
    )
    if circles is None:
        return []
    return [_Circle(float(x), float(y), float(r)) for x, y, r in circles[0][:_MAX_CANDIDATES]]


def _fill(masks: _Masks, c: _Circle) -> float:
    """Share of clearly dark pixels in the middle half of the disc."""
    r = max(1, round(c.r * 0.5))
    x0, y0 = max(0, round(c.x) - r), max(0, round(c.y) - r)
    patch = masks.gray[y0 : round(c.y) + r + 1, x0 : round(c.x) + r + 1]
    if patch.size == 0:
        return 0.0
    yy, xx = np.ogrid[: patch.shape[0], : patch.shape[1]]
    disc = (xx + x0 - c.x) ** 2 + (yy + y0 - c.y) ** 2 <= r * r
    return float((patch[disc] < masks.paper * 0.7).mean()) if disc.any() else 0.0


# Between the outer ring and the centre a seal is engraved all around: an inner
# ring, the organisation's name in a circle. A circle drawn by hand around a
# word, or a round frame, is empty there.
_ENGRAVED_BAND = (0.6, 0.93)


def _engraving(mask: np.ndarray, c: _Circle) -> float:
    """Share of directions with ink somewhere in the engraved band."""
    low, high = _ENGRAVED_BAND
    radii = np.arange(c.r * low, c.r * high, 1.0)
    ink = _hits(mask, np.full(radii.size, c.x), np.full(radii.size, c.y), radii)
    return float(ink.any(axis=0).mean())


def _score(mask: np.ndarray, masks: _Masks, c: _Circle) -> float:
    height, width = mask.shape
    ring = _coverage(mask, c, c.r, band=2)
    if ring < 0.55:  # an open or broken shape: a signature, a line, text
        return 0.0
    outside = max(_coverage(mask, c, c.r * 1.1), _coverage(mask, c, c.r * 1.18))
    # A closed ring standing out from its surroundings, engraved inside.
    contrast = np.clip((ring - outside - 0.25) / 0.55, 0.0, 1.0)
    closed = np.clip((ring - 0.55) / 0.35, 0.0, 1.0)
    engraved = np.clip((_engraving(mask, c) - 0.5) / 0.4, 0.0, 1.0)
    score = (0.6 * contrast + 0.4 * closed) * (0.4 + 0.6 * engraved)
    if not R_TYPICAL[0] <= c.r / width <= R_TYPICAL[1]:
        score *= 0.6
    if _fill(masks, c) > 0.5:  # a solid disc: a logo or a blot, not a seal's engraving
        score *= 0.3
    if c.y < 0.12 * height:  # letterheads put round logos at the top
        score *= 0.7
    return float(np.clip(score, 0.0, 1.0))


def _colour_of(masks: _Masks, c: _Circle) -> Colour:
    votes = {name: _coverage(hue, c, c.r, band=2) for name, hue in masks.hues.items()}
    return max(votes, key=lambda name: votes[name])


def _detect(
    mask: np.ndarray, masks: _Masks, colour: Colour | None
) -> list[tuple[float, _Circle, Colour]]:
    width = mask.shape[1]
    r_min, r_max = R_MIN * width, R_MAX * width
    large = _large_components(mask, r_min)
    if large.sum() < np.pi * r_min:  # not even half a smallest ring of ink
        return []
    found = []
    seen: list[_Circle] = []
    for candidate in _blob_candidates(large, r_min, r_max) + _hough_candidates(large, r_min, r_max):
        circle = _outermost_ring(large, _refine(large, candidate), r_max)
        if any(abs(circle.x - o.x) + abs(circle.y - o.y) + abs(circle.r - o.r) < 6 for o in seen):
            continue
        seen.append(circle)
        if colour == "gray" and _coverage(masks.coloured, circle, circle.r, band=2) >= 0.5:
            continue  # a ring of coloured ink: the colour pass has judged it already
        score = _score(mask, masks, circle)
        if score >= MIN_SCORE:
            found.append((score, circle, colour or _colour_of(masks, circle)))
    return found


def find_seals(rgb: np.ndarray) -> list[SealMark]:
    """Seals on an RGB page, strongest first, in the input image's pixels."""
    scale = min(1.0, WORK_WIDTH / rgb.shape[1])
    small = (
        rgb
        if scale == 1.0
        else cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    )
    masks = _Masks(small)
    # Coloured ink first; the grey pass adds seals on grey copies and skips
    # rings the colour pass has judged.
    found = _detect(masks.coloured, masks, None) + _detect(masks.dark, masks, "gray")
    marks: list[SealMark] = []
    kept: list[_Circle] = []
    for score, circle, colour in sorted(found, key=lambda item: -item[0]):
        if any(np.hypot(circle.x - k.x, circle.y - k.y) < max(circle.r, k.r) for k in kept):
            continue
        kept.append(circle)
        marks.append(
            SealMark(
                x=round(circle.x / scale),
                y=round(circle.y / scale),
                radius=round(circle.r / scale),
                score=round(score, 3),
                colour=colour,
            )
        )
    return marks
