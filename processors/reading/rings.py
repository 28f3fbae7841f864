"""Circles sampled on binary ink masks: how much of a ring is inked, and where the
best-inked ring near a rough guess lies.

Used by the seal detector on its fixed-width working page, so the pixel steps
below are the same at every input resolution.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

SAMPLES = 360
_ANGLES = np.linspace(0.0, 2.0 * np.pi, SAMPLES, endpoint=False)
_COS, _SIN = np.cos(_ANGLES), np.sin(_ANGLES)
_NUDGES = np.array(
    [(dx, dy, dr) for dx in (-1, 0, 1) for dy in (-1, 0, 1) for dr in (-1, 0, 1)],
    dtype=np.float64,
)


@dataclass(frozen=True)
class Circle:
    x: float
    y: float
    r: float


def hits(mask: np.ndarray, x: np.ndarray, y: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """Ink at each sampled angle of each circle: bool array of shape (circles, angles)."""
    height, width = mask.shape
    xs = radii[:, None] * _COS
    xs += x[:, None]
    ys = radii[:, None] * _SIN
    ys += y[:, None]
    columns = np.rint(xs, out=xs).astype(np.intp)
    rows = np.rint(ys, out=ys).astype(np.intp)
    # Unsigned, a negative coordinate is huge: one comparison per axis.
    inside = columns.view(np.uintp) < width
    inside &= rows.view(np.uintp) < height
    rows *= width
    rows += columns
    rows *= inside  # outside the mask: index 0, then masked off below
    ink: np.ndarray = np.ascontiguousarray(mask).ravel().take(rows) > 0
    ink &= inside
    return ink


def _share(ink: npt.ArrayLike) -> np.ndarray:
    """Share of inked angles along the last axis (exactly ``ink.mean(axis=-1)``;
    counting is cheaper than averaging bools as floats)."""
    shares: np.ndarray = np.count_nonzero(ink, axis=-1) / SAMPLES
    return shares


def _band_hits(mask: np.ndarray, circles: np.ndarray, band: int) -> np.ndarray:
    """Ink along each circle of rows (x, y, r) and its neighbours up to ``band`` px
    in and out: bool array of shape (circles, 2 * band + 1, angles)."""
    offsets = np.arange(-band, band + 1, dtype=np.float64)
    n = len(circles)
    x = np.repeat(circles[:, 0], len(offsets))
    y = np.repeat(circles[:, 1], len(offsets))
    r = (circles[:, 2:3] + offsets).ravel()
    return hits(mask, x, y, r).reshape(n, len(offsets), SAMPLES)


def coverages(mask: np.ndarray, circles: np.ndarray, band: int = 1) -> np.ndarray:
    """For rows (x, y, r): share of directions with ink within ``band`` px of the circle."""
    return _share(_band_hits(mask, circles, band).any(axis=1))


def coverage(mask: np.ndarray, c: Circle, radius: float | None = None, band: int = 1) -> float:
    """Share of directions with ink within ``band`` px of ``c`` (or of radius ``radius``)."""
    r = c.r if radius is None else radius
    return float(coverages(mask, np.array([[c.x, c.y, r]]), band)[0])


def band_coverage(mask: np.ndarray, c: Circle, low: float, high: float) -> float:
    """Share of directions with ink anywhere between ``low * r`` and ``high * r``."""
    radii = np.arange(c.r * low, c.r * high, 1.0)
    if radii.size == 0:
        return 0.0
    ink = hits(mask, np.full(radii.size, c.x), np.full(radii.size, c.y), radii)
    return float(_share(ink.any(axis=0)))


_STEPS = np.array([-1.0, 0.0, 1.0])


def _nudged_fits(mask: np.ndarray, best: np.ndarray, step: int) -> np.ndarray:
    """How well each of the 27 trials ``best + _NUDGES * step`` fits, in their
    order: its coverage within 1 px plus its coverage exactly on it (the exact
    term breaks ties toward the middle of a thick stroke).

    The trials are three x, three y and nine radii (each nudged radius, and 1 px
    in and out of it) in every combination: the sampled columns are worked out
    for the 27 (x, radius) pairs and the rows for the 27 (y, radius) pairs, not
    for all 81 circles, with the very same arithmetic as ``hits`` (so the same
    pixels), then combined.
    """
    height, width = mask.shape
    nudged = _STEPS * step
    xs, ys = best[0] + nudged, best[1] + nudged
    radii = ((best[2] + nudged)[:, None] + _STEPS).ravel()  # (dr, band) order, as in _band_hits
    columns = radii[:, None] * _COS
    columns = columns[None] + xs[:, None, None]  # (x, radius, angle)
    rows = radii[:, None] * _SIN
    rows = rows[None] + ys[:, None, None]  # (y, radius, angle)
    columns = np.rint(columns, out=columns).astype(np.intp)
    rows = np.rint(rows, out=rows).astype(np.intp)
    across = columns.view(np.uintp) < width
    down = rows.view(np.uintp) < height
    rows *= width
    # Every (x, y) pair with every radius: (x, y, radius, angle), the trials' order.
    flat = rows[None] + columns[:, None]
    inside = down[None] & across[:, None]
    flat *= inside
    ink: np.ndarray = np.ascontiguousarray(mask).ravel().take(flat) > 0
    ink &= inside
    ink = ink.reshape(len(_NUDGES), len(_STEPS), SAMPLES)
    fit: np.ndarray = _share(ink.any(axis=1)) + _share(ink[:, 1])
    return fit


def refine(mask: np.ndarray, c: Circle, steps: tuple[int, ...] = (6, 3, 1)) -> Circle:
    """Nudge centre and radius to the best-covered ring, coarse to fine."""
    best = np.array([c.x, c.y, c.r])
    for step in steps:
        trials = best + _NUDGES * step
        best = trials[int(np.argmax(_nudged_fits(mask, best, step)))]
    return Circle(*(float(v) for v in best))


def outermost_ring(mask: np.ndarray, c: Circle, r_max: float) -> Circle:
    """The outer ring of a seal found from any circle near its centre.

    Hough and blob guesses often land on an inner ring, which sits at a third to
    four fifths of the outer radius; the search reaches three times out.
    """
    radii = np.arange(max(3.0, c.r * 0.7), min(r_max, c.r * 3.0), 1.0)
    if radii.size < 3:
        return c
    ink = hits(mask, np.full(radii.size, c.x), np.full(radii.size, c.y), radii)
    banded = ink.copy()
    banded[1:] |= ink[:-1]
    banded[:-1] |= ink[1:]
    profile = _share(banded)
    strong = np.nonzero(profile >= max(0.6, 0.85 * profile.max()))[0]
    if strong.size == 0:
        return c
    return refine(mask, Circle(c.x, c.y, float(radii[strong[-1]])), steps=(2, 1))
