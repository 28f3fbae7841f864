"""A handwritten-looking signature: a looped pen stroke and a flourish, as vector ink."""

from __future__ import annotations

import math
import random

from reportlab.pdfgen.canvas import Canvas

PEN_INK = (0.08, 0.12, 0.42)


def _stroke(canvas: Canvas, points: list[tuple[float, float]]) -> None:
    path = canvas.beginPath()
    path.moveTo(*points[0])
    for p in points[1:]:
        path.lineTo(*p)
    canvas.drawPath(path, stroke=1, fill=0)


def draw_signature(canvas: Canvas, x: float, y: float, width: float, rng: random.Random) -> None:
    """Sign from (x, y) on the baseline over ``width`` points.

    A trochoid (a circle rolling along the line) gives the loops of cursive
    letters; random amplitude and phase make every signer's hand different.
    """
    loops = rng.randint(4, 7)
    loop_r = rng.uniform(4.5, 7.5)
    height = rng.uniform(9, 13)
    slant = rng.uniform(0.15, 0.35)
    drift = rng.uniform(-5, 6)
    phase = rng.uniform(0, math.tau)
    # Smooth random modulation: a few slow waves with random frequencies and phases.
    waves = [
        (rng.uniform(1.5, 5.5), rng.uniform(0, math.tau), rng.uniform(0.2, 0.5)) for _ in range(3)
    ]

    def wobble(t: float, k: int) -> float:
        return 1 + sum(a * math.sin(f * math.tau * t + ph + k) for f, ph, a in waves) / 1.5

    n = 220
    points: list[tuple[float, float]] = []
    for i in range(n + 1):
        t = i / n
        a = t * loops * math.tau + phase
        px = x + width * 0.8 * t - loop_r * max(wobble(t, 0), 0.2) * math.sin(a)
        py = y + 6 + drift * t + height * max(wobble(t, 2), 0.25) * math.cos(a) * 0.7
        points.append((px + slant * (py - y), py))
    # A leading capital: a tall stroke with a small hook.
    cap_h = height * rng.uniform(1.3, 1.8)
    capital = [(x - 4 + slant * k * cap_h / 12, y + 2 + k * cap_h / 12) for k in range(13)]
    capital += [(capital[-1][0] + 4 * math.sin(k / 4), capital[-1][1] - k * 0.8) for k in range(8)]
    # The closing flourish sweeps back under the name.
    end_x, end_y = points[-1]
    flourish = [
        (end_x - width * 0.9 * s, end_y - 8 - 6 * math.sin(math.pi * s) + 3 * s)
        for s in (k / 30 for k in range(31))
    ]
    canvas.saveState()
    canvas.setStrokeColorRGB(*PEN_INK, alpha=0.92)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    canvas.setLineWidth(rng.uniform(0.8, 1.1))
    _stroke(canvas, capital)
    _stroke(canvas, points + flourish)
    canvas.restoreState()
