"""Ring sampling against the plain definition, one sample at a time."""

from __future__ import annotations

import math

import numpy as np

from processors.reading.rings import (
    _NUDGES,
    SAMPLES,
    Circle,
    _nudged_fits,
    band_coverage,
    coverage,
    coverages,
    hits,
)


def _ink_at(mask: np.ndarray, x: float, y: float, r: float) -> list[bool]:
    """The definition: the mask's pixel nearest each sampled point, none off the mask."""
    height, width = mask.shape
    found = []
    for k in range(SAMPLES):
        angle = 2.0 * math.pi * k / SAMPLES
        col = int(np.rint(x + r * np.cos(angle)))
        row = int(np.rint(y + r * np.sin(angle)))
        found.append(0 <= col < width and 0 <= row < height and bool(mask[row, col]))
    return found


def test_samples_are_the_nearest_pixels_and_nothing_off_the_mask() -> None:
    rng = np.random.default_rng(7)
    mask = (rng.random((90, 120)) < 0.3).astype(np.uint8)
    # Centres inside, on the edges and off the mask; rings reaching past every side.
    x = np.array([60.0, 0.0, 119.0, -10.5, 130.2, 33.3])
    y = np.array([45.0, 0.0, 89.0, 40.0, -5.0, 95.7])
    r = np.array([20.0, 15.5, 30.0, 25.0, 12.25, 60.0])
    got = hits(mask, x, y, r)
    assert got.shape == (len(x), SAMPLES) and got.dtype == bool
    for i in range(len(x)):
        assert got[i].tolist() == _ink_at(mask, x[i], y[i], r[i])


def test_a_drawn_ring_is_covered_and_its_surroundings_are_not() -> None:
    mask = np.zeros((200, 200), np.uint8)
    yy, xx = np.ogrid[:200, :200]
    distance = np.hypot(xx - 100, yy - 100)
    mask[(distance >= 49) & (distance <= 51)] = 1
    ring = Circle(100, 100, 50)
    assert coverage(mask, ring) == 1.0
    assert coverages(mask, np.array([[100, 100, 60.0], [100, 100, 40.0]])).tolist() == [0.0, 0.0]
    assert band_coverage(mask, ring, 0.6, 0.93) == 0.0
    mask[:, :100] = 0  # half the ring gone (the column through the centre kept)
    assert coverage(mask, ring) == 181 / SAMPLES


def _fit_by_circle(mask: np.ndarray, x: float, y: float, r: float) -> float:
    """The definition of a trial's fit: inked angles within 1 px of the circle, plus
    inked angles on it exactly."""
    at = np.array([x]), np.array([y])
    bands = [hits(mask, *at, np.array([r + d]))[0] for d in (-1.0, 0.0, 1.0)]
    within = np.count_nonzero(np.any(bands, axis=0)) / SAMPLES
    return within + np.count_nonzero(bands[1]) / SAMPLES


def test_the_nudged_trials_fit_as_each_circle_alone() -> None:
    rng = np.random.default_rng(11)
    mask = (rng.random((120, 160)) < 0.25).astype(np.uint8)
    yy, xx = np.ogrid[:120, :160]
    mask[np.abs(np.hypot(xx - 70, yy - 60) - 40) < 1.5] = 1
    # Centres on a pixel, half-way between pixels and anywhere; rings off the mask too.
    for best in ([70.0, 60.0, 40.0], [70.5, 59.5, 40.5], [3.2, 117.9, 55.3], [150.0, 10.0, 90.0]):
        for step in (6, 3, 1):
            trials = np.array(best) + _NUDGES * step
            want = [_fit_by_circle(mask, *trial) for trial in trials]
            assert _nudged_fits(mask, np.array(best), step).tolist() == want
