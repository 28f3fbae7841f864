"""Round seals (stamps) on a page image, found with OpenCV.

A Kazakh organisation's seal is a circle 35-50 mm across: a bold outer ring,
usually a thin inner ring, text between them and an emblem or BIN inside.

Every page is first resized to a fixed working width (1000 px, ~120 DPI for
A4), up or down, and radii are bounded relative to that width: a seal is then
the same number of pixels whether the page was drawn at 100 or 300 DPI or
photographed, and the pixel-sized steps (blur, bands, refinement) mean the
same thing at every input resolution.

Two ink masks feed the same test: coloured ink (blue, violet, red in HSV, on
white-balanced pixels) and dark ink (for grey copies). Candidates from both
masks are pooled (blob boxes and two Hough variants); each is judged on the
mask of its own ink: it must show a ring along most of its perimeter, clearly
more than just outside it, and engraving (an inner ring, lettering) all around
inside. Signatures (open strokes), text blocks, table borders (lines meet a
circle in points), solid logos (filled inside) and circles drawn by hand
(empty inside, or enclosing text of another colour) fail that test.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

from processors.reading.pixels import WORK_WIDTH, components, grey, median, shrink
from processors.reading.rings import (
    Circle,
    band_coverage,
    coverage,
    coverages,
    outermost_ring,
    refine,
)
from schemas.document import SealMark

Colour = Literal["blue", "violet", "red", "gray"]

# Seal radius relative to page width: 1.5-2.5 cm on a 21 cm page is 0.07-0.12;
# photos show the page smaller than the frame, close-ups larger.
R_MIN, R_MAX = 0.045, 0.16
R_TYPICAL = (0.065, 0.13)
MIN_SCORE = 0.5
_MAX_CANDIDATES = 25
# Rough guesses this close (centre and radius, px) are one guess.
_SAME_GUESS = 4.0


@dataclass(frozen=True)
class Placement:
    """Where an image lies on its page, in the image's pixels: a region of a page
    drawn alone is judged as part of the whole page (seal sizes are relative to
    the page's width, letterheads to its height)."""

    left: float
    top: float
    page_width: float
    page_height: float


@dataclass(frozen=True)
class _Frame:
    """The page around the working image, in working pixels."""

    width: float
    height: float
    top: float


def _white_balanced(rgb: np.ndarray) -> np.ndarray:
    """``rgb`` with its paper made neutral: photos under warm light tint everything,
    and a pale ink's colour is only visible against the paper's own."""
    sample = rgb[::4, ::4].reshape(-1, 3)  # the paper's colour needs no more
    gray = sample.astype(np.uint16).sum(axis=1)
    paper = np.median(sample[gray >= np.percentile(gray, 60)], axis=0)
    if paper.min() < 60:  # a dark frame: no paper to balance on
        return rgb
    levels = np.arange(256, dtype=np.float32)[:, None] * (255.0 / paper[None, :])
    table = np.clip(levels, 0, 255).astype(np.uint8).reshape(1, 256, 3)
    balanced: np.ndarray = cv2.LUT(rgb, table)
    return balanced


@dataclass(frozen=True)
class _ColourInk:
    hues: dict[Colour, np.ndarray]
    coloured: np.ndarray
    """Clearly coloured ink: where rings are looked for."""
    inked: np.ndarray
    """Any seal-coloured ink, pale included: thin engraved letters and a pen line
    blurred by a photo or JPEG keep only part of their colour. Rings of it are
    judged on it alone, which tells a seal's lettering from the black text a pen
    circle may enclose."""


# Seal hues (OpenCV's 0-179): 0 none, else the hue's colour by its ``_HUES`` index.
_HUES: tuple[Colour, ...] = ("blue", "violet", "red")
_HUE_OF = np.zeros(256, np.uint8)
_HUE_OF[90:125] = 1  # blue
_HUE_OF[125:160] = 2  # violet
_HUE_OF[:10] = _HUE_OF[165:] = 3  # red


def _colour_ink(rgb: np.ndarray) -> _ColourInk:
    hsv = cv2.cvtColor(_white_balanced(rgb), cv2.COLOR_RGB2HSV)
    # Planes of their own: comparisons on the interleaved channels cost ~3 times more.
    hue, sat, val = cv2.split(hsv)
    # Chroma (max - min of RGB, sat * val // 255) as well as saturation: dark grey
    # text has a high saturation from a few levels of scanner colour fringing.
    # ``sat * val >= c * 255`` is ``chroma >= c``, without the division.
    sat_val = cv2.multiply(sat, val, dtype=cv2.CV_16U)
    hue_of = cv2.LUT(hue, _HUE_OF)
    seal_hue = hue_of > 0
    lit = val >= 40
    strong = (sat >= 45) & lit & (sat_val >= 40 * 255)
    hues: dict[Colour, np.ndarray] = {
        name: (strong & (hue_of == index)).view(np.uint8)
        for index, name in enumerate(_HUES, start=1)
    }
    coloured = (strong & seal_hue).view(np.uint8)
    tinted = seal_hue & (sat >= 30) & lit & (sat_val >= 22 * 255)
    return _ColourInk(hues, coloured, coloured | tinted.view(np.uint8))


def _no_colour(shape: tuple[int, ...]) -> _ColourInk:
    none = np.zeros(shape, np.uint8)
    return _ColourInk({"blue": none, "violet": none, "red": none}, none, none)


class _Masks:
    """Ink masks of the working-size page (uint8, ink = 1)."""

    def __init__(self, image: np.ndarray) -> None:
        self.gray = grey(image)
        # A grey page shows no coloured ink (converted to RGB, every mask of it is empty).
        ink = _no_colour(self.gray.shape) if image.ndim == 2 else _colour_ink(image)
        self.hues, self.coloured, self.inked = ink.hues, ink.coloured, ink.inked
        # Adaptive: follows uneven light, and keeps thin strokes on grey copies.
        self.dark = cv2.adaptiveThreshold(
            self.gray, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 12
        )
        self.paper = median(self.gray)


def _large_components(mask: np.ndarray, min_extent: float) -> np.ndarray:
    """Only ink shapes at least ``min_extent`` px long: drops text glyphs, keeps rings."""
    count, labels, stats = components(mask)
    extent = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    kept = np.flatnonzero(extent[1:] >= min_extent) + 1  # label 0 is the background
    boxes = stats[kept, :4]
    if int((boxes[:, 2] * boxes[:, 3]).sum()) > mask.size:
        keep = np.zeros(count, dtype=bool)
        keep[kept] = True
        every: np.ndarray = keep[labels].astype(np.uint8)
        return every
    # The few long shapes, each within its own box: looking every pixel's label up
    # costs more than the labelling itself.
    large = np.zeros(mask.shape, dtype=np.uint8)
    for label, (x, y, width, height) in zip(kept, boxes, strict=True):
        window = large[y : y + height, x : x + width]
        window |= (labels[y : y + height, x : x + width] == label).view(np.uint8)
    return large


def _blob_candidates(mask: np.ndarray, r_min: float, r_max: float) -> list[Circle]:
    joined = cv2.dilate(mask, np.ones((3, 3), np.uint8), iterations=2)
    count, _, stats = components(joined)
    found = []
    for i in range(1, count):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if 2 * r_min <= w <= 2.1 * r_max and 2 * r_min <= h <= 2.1 * r_max and 0.8 <= w / h <= 1.25:
            found.append(Circle(x + w / 2, y + h / 2, (w + h) / 4 - 2))
    return found


# (method, dp, min_dist as a share of r_min, param1, param2, blur kernel), on
# the mask at half size.
_HOUGH = (
    # The gradient-alternative variant locates concentric rings precisely.
    (cv2.HOUGH_GRADIENT_ALT, 1.5, 0.2, 300, 0.6, 3),
    # The classic one still answers when the ring is broken (worn ink, a
    # signature across it); its vote threshold is for the half-size ring.
    (cv2.HOUGH_GRADIENT, 1.0, 1.0, 120, 20, 3),
)
# Hough's votes grow with edge pixels times radii: at half size they cost a
# quarter, and each guess is refined on the full-size mask afterwards anyway.
_HOUGH_SCALE = 0.5


def _hough_candidates(mask: np.ndarray, r_min: float, r_max: float) -> list[Circle]:
    half = cv2.resize(
        mask * 255, None, fx=_HOUGH_SCALE, fy=_HOUGH_SCALE, interpolation=cv2.INTER_AREA
    )
    found: list[Circle] = []
    blurred: dict[int, np.ndarray] = {}  # both variants blur alike: once
    for method, dp, min_dist, param1, param2, blur in _HOUGH:
        if blur not in blurred:
            blurred[blur] = cv2.GaussianBlur(half, (blur, blur), 0)
        circles = cv2.HoughCircles(
            blurred[blur],
            method,
            dp=dp,
            minDist=min_dist * r_min * _HOUGH_SCALE,
            param1=param1,
            param2=param2,
            minRadius=int(r_min * _HOUGH_SCALE),
            maxRadius=int(r_max * _HOUGH_SCALE) + 1,
        )
        if circles is not None:
            best = circles[0][:_MAX_CANDIDATES] / _HOUGH_SCALE
            found += [Circle(float(x), float(y), float(r)) for x, y, r in best]
    return found


def _fill(masks: _Masks, c: Circle) -> float:
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


def _engraving(mask: np.ndarray, c: Circle) -> float:
    """Share of directions with ink somewhere in the engraved band."""
    return band_coverage(mask, c, *_ENGRAVED_BAND)


def _score(
    mask: np.ndarray, engraved_mask: np.ndarray, masks: _Masks, c: Circle, frame: _Frame
) -> float:
    ring = coverage(mask, c, c.r, band=2)
    if ring < 0.55:  # an open or broken shape: a signature, a line, text
        return 0.0
    outside = float(
        coverages(mask, np.array([[c.x, c.y, c.r * 1.1], [c.x, c.y, c.r * 1.18]])).max()
    )
    # A closed ring standing out from its surroundings, engraved inside.
    contrast = np.clip((ring - outside - 0.25) / 0.55, 0.0, 1.0)
    closed = np.clip((ring - 0.55) / 0.35, 0.0, 1.0)
    engraved = np.clip((_engraving(engraved_mask, c) - 0.5) / 0.4, 0.0, 1.0)
    score = (0.6 * contrast + 0.4 * closed) * (0.4 + 0.6 * engraved)
    if not R_TYPICAL[0] <= c.r / frame.width <= R_TYPICAL[1]:
        score *= 0.6
    if _fill(masks, c) > 0.5:  # a solid disc: a logo or a blot, not a seal's engraving
        score *= 0.3
    if c.y + frame.top < 0.12 * frame.height:  # letterheads put round logos at the top
        score *= 0.7
    return float(np.clip(score, 0.0, 1.0))


def _colour_of(masks: _Masks, c: Circle) -> Colour:
    votes = {name: coverage(hue, c, c.r, band=2) for name, hue in masks.hues.items()}
    return max(votes, key=lambda name: votes[name])


# Guesses whose centres are this close (px) are the same seal's rings.
_SAME_CENTRE = 4.0
# ``outermost_ring`` looks this far out from a guess.
_REACH = 3.0


def _answered(guess: Circle, earlier: list[tuple[Circle, Circle]], r_max: float) -> bool:
    """Whether an earlier guess with the same centre already found the ring this
    one would lead to: its outer ring lies within this guess's search, which
    reaches no further than the earlier one's (Hough names a seal's rings one by
    one; each would end on the same outer ring)."""
    reach = min(r_max, guess.r * _REACH)
    return any(
        np.hypot(guess.x - first.x, guess.y - first.y) < _SAME_CENTRE
        and guess.r * 0.7 <= ring.r <= reach
        and reach <= min(r_max, first.r * _REACH)
        for first, ring in earlier
    )


def _large_ink(mask: np.ndarray, r_min: float) -> np.ndarray | None:
    """The long ink shapes of ``mask``; ``None`` when they could not make a ring."""
    # The test below, before labelling the mask: a grey page's coloured mask is
    # empty, and a page in black ink alone has little coloured ink.
    if cv2.countNonZero(mask) < np.pi * r_min:
        return None
    large = _large_components(mask, r_min)
    if large.sum() < np.pi * r_min:  # not even half a smallest ring of ink
        return None
    return large


def _rings(
    large: np.ndarray, rough: list[Circle], r_max: float, earlier: list[tuple[Circle, Circle]]
) -> list[tuple[Circle, Circle]]:
    """The ring each rough guess leads to on ``large``, with the guess; guesses
    ``earlier`` ones already answered are skipped."""
    found: list[tuple[Circle, Circle]] = []
    for guess in rough:
        if not _answered(guess, earlier + found, r_max):
            found.append((guess, outermost_ring(large, refine(large, guess), r_max)))
    return found


def _candidates(
    mask: np.ndarray, r_min: float, r_max: float, earlier: list[tuple[Circle, Circle]]
) -> list[tuple[Circle, Circle]]:
    """Rings on ``mask``, each with the rough guess it was found from; guesses
    ``earlier`` ones already answered are skipped."""
    large = _large_ink(mask, r_min)
    if large is None:
        return []
    rough: list[Circle] = []
    for guess in _blob_candidates(large, r_min, r_max) + _hough_candidates(large, r_min, r_max):
        if all(
            abs(guess.x - o.x) + abs(guess.y - o.y) + abs(guess.r - o.r) >= _SAME_GUESS
            for o in rough
        ):
            rough.append(guess)
    return _rings(large, rough, r_max, earlier)


def _judge(
    masks: _Masks, frame: _Frame, rings: list[tuple[Circle, Circle]], seen: list[Circle]
) -> list[tuple[float, Circle, Colour]]:
    found = []
    for _guess, circle in rings:
        if any(abs(circle.x - o.x) + abs(circle.y - o.y) + abs(circle.r - o.r) < 6 for o in seen):
            continue
        seen.append(circle)
        # A ring of coloured ink is judged on the coloured masks only: on the dark
        # mask, text under a pen circle would pass for a seal's engraving. Pale or
        # JPEG-blurred ink counts as coloured too, or such a circle would be judged
        # on the dark mask after all.
        coloured = coverage(masks.inked, circle, circle.r, band=2) >= 0.5
        if coloured:
            score = _score(masks.inked, masks.inked, masks, circle, frame)
        else:
            score = _score(masks.dark, masks.dark, masks, circle, frame)
        if score >= MIN_SCORE:
            found.append((score, circle, _colour_of(masks, circle) if coloured else "gray"))
    return found


def _drawn_seals(
    masks: _Masks, frame: _Frame, drawn: list[Circle]
) -> list[tuple[float, Circle, Colour]]:
    """Seals in coloured ink on the circles the page's drawing states or suggests,
    each led to its ring and judged as a guess found in the pixels would be."""
    r_min, r_max = R_MIN * frame.width, R_MAX * frame.width
    # The largest first: a seal's outer ring answers for the rings inside it.
    rough = sorted((c for c in drawn if r_min <= c.r <= r_max), key=lambda c: -c.r)
    large = _large_ink(masks.coloured, r_min) if rough else None
    if large is None:
        return []
    found = _judge(masks, frame, _rings(large, rough, r_max, []), [])
    return [seal for seal in found if seal[2] != "gray"]


def _detect(
    masks: _Masks, frame: _Frame, drawn: list[Circle] | None = None
) -> list[tuple[float, Circle, Colour]]:
    # A seal the drawing's own circles show is the page's stamp; the pixels are
    # searched only when they show none (a seal in black, a seal in a picture
    # away from its middle, no seal).
    if drawn and (seals := _drawn_seals(masks, frame, drawn)):
        return seals
    r_min, r_max = R_MIN * frame.width, R_MAX * frame.width
    seen: list[Circle] = []
    coloured_rings = _candidates(masks.coloured, r_min, r_max, [])
    found = _judge(masks, frame, coloured_rings, seen)
    # The dark ink is searched for the seals of grey copies. A page already showing
    # a seal in coloured ink is stamped; its other rings are not looked for.
    if any(colour != "gray" for _score, _circle, colour in found):
        return found
    # A ring of coloured ink shows on the dark mask too: not looked for twice.
    dark_rings = _candidates(masks.dark, r_min, r_max, coloured_rings)
    return found + _judge(masks, frame, dark_rings, seen)


def find_seals(
    image: np.ndarray,
    placement: Placement | None = None,
    *,
    page_scale: float = 1.0,
    drawn: Sequence[tuple[float, float, float]] = (),
) -> list[SealMark]:
    """Seals on a page (RGB, or grey: seals of dark ink only), or on a region of
    one (``placement``), strongest first, in pixels of the whole page at the
    input's resolution, times ``page_scale`` (for a page's ``work_copy``: how
    many of the page's own pixels one of the copy's is).

    ``drawn``: circles (x, y, radius, in pixels of the whole page) that the
    page's drawing states or suggests (a PDF's paths, a square picture's
    inscribed circle: ``drawn_circles``); a coloured seal on them is found
    without searching the pixels for rings.

    The page is resized to ``WORK_WIDTH`` whatever its resolution (enlarged
    too), so the result does not depend on the DPI it was drawn or scanned at.
    """
    height, width = image.shape[:2]
    where = placement or Placement(0.0, 0.0, width, height)
    scale = WORK_WIDTH / where.page_width
    if scale <= 1.0:
        small = shrink(image, scale)
    else:
        small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_LINEAR)
    frame = _Frame(WORK_WIDTH, where.page_height * scale, where.top * scale)
    guesses = [
        Circle((x - where.left) * scale, (y - where.top) * scale, r * scale) for x, y, r in drawn
    ]
    found = _detect(_Masks(small), frame, guesses)
    marks: list[SealMark] = []
    kept: list[Circle] = []
    for score, circle, colour in sorted(found, key=lambda item: -item[0]):
        if any(np.hypot(circle.x - k.x, circle.y - k.y) < max(circle.r, k.r) for k in kept):
            continue
        kept.append(circle)
        marks.append(
            SealMark(
                x=round((circle.x / scale + where.left) * page_scale),
                y=round((circle.y / scale + where.top) * page_scale),
                radius=round(circle.r / scale * page_scale),
                score=round(score, 3),
                colour=colour,
            )
        )
    return marks
