"""A round double-ring company seal, drawn as semi-transparent vector ink.

Kazakhstan seals are usually 40 mm across: the legal name around the outer
band, the BIN around the inner band and an emblem in the centre. The ink is
multiplied over the page so the signature and text underneath stay visible.
"""

from __future__ import annotations

import math
import random

from reportlab.pdfgen.canvas import Canvas

from stream.samples.fonts import SANS_BOLD, draw_glyph, width
from stream.samples.spec import Ink

INKS: dict[Ink, tuple[float, float, float]] = {
    "blue": (0.13, 0.27, 0.72),
    "violet": (0.43, 0.23, 0.66),
}

RADIUS = 56.7
"""20 mm in points: a 40 mm seal."""


def _ring_text(canvas: Canvas, text: str, radius: float, size: float, start_deg: float) -> None:
    """Letters upright along a circle, clockwise from ``start_deg``, spread to fill it."""
    room = 2 * math.pi * radius * 0.97
    total = sum(width(ch, SANS_BOLD, size) for ch in text)
    if total > room:  # a long name is cut in smaller letters, not overlapped
        size *= room / total
    advances = [width(ch, SANS_BOLD, size) for ch in text]
    # Spread the letters over the whole circle; the gap closes the ring.
    scale = room / sum(advances)
    angle = math.radians(start_deg)
    for ch, adv in zip(text, advances, strict=True):
        step = adv * scale / radius
        mid = angle - step / 2
        canvas.saveState()
        canvas.translate(radius * math.cos(mid), radius * math.sin(mid))
        canvas.rotate(math.degrees(mid) - 90)
        if ch.strip():
            draw_glyph(canvas, ch, SANS_BOLD, size)
        canvas.restoreState()
        angle -= step


def _star(canvas: Canvas, r_out: float, r_in: float) -> None:
    path = canvas.beginPath()
    for k in range(10):
        r = r_out if k % 2 == 0 else r_in
        a = math.pi / 2 + k * math.pi / 5
        (path.moveTo if k == 0 else path.lineTo)(r * math.cos(a), r * math.sin(a))
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def _centred_line(canvas: Canvas, text: str, y: float, size: float) -> None:
    advances = [width(ch, SANS_BOLD, size) for ch in text]
    x = -sum(advances) / 2
    for ch, adv in zip(text, advances, strict=True):
        canvas.saveState()
        canvas.translate(x + adv / 2, y)
        if ch.strip():
            draw_glyph(canvas, ch, SANS_BOLD, size)
        canvas.restoreState()
        x += adv


def draw_seal(
    canvas: Canvas,
    x: float,
    y: float,
    *,
    outer_text: str,
    inner_text: str,
    centre_text: str,
    centre_text_2: str = "",
    ink: Ink,
    rng: random.Random,
    radius: float = RADIUS,
) -> None:
    """Stamp a seal centred at (x, y), turned by a random angle as a hand stamps it."""
    r, g, b = INKS[ink]
    canvas.saveState()
    canvas.setBlendMode("Multiply")
    canvas.setFillColorRGB(r, g, b, alpha=rng.uniform(0.72, 0.85))
    canvas.setStrokeColorRGB(r, g, b, alpha=rng.uniform(0.72, 0.85))
    canvas.translate(x, y)
    canvas.rotate(rng.uniform(-25, 25))
    k = radius / RADIUS
    for ring_r, lw in (
        (radius, 1.9 * k),
        (radius - 3.2 * k, 0.6 * k),
        (radius - 17 * k, 0.9 * k),
        (radius - 29 * k, 0.6 * k),
    ):
        canvas.setLineWidth(lw)
        canvas.circle(0, 0, ring_r, stroke=1, fill=0)
    _ring_text(canvas, f"{outer_text} * ", radius - 12 * k, 7.2 * k, 90)
    _ring_text(canvas, f"{inner_text} * ", radius - 25.5 * k, 6.0 * k, 90)
    _star(canvas, 9 * k, 3.8 * k)
    _centred_line(canvas, centre_text, 11.5 * k, 5.6 * k)
    _centred_line(canvas, centre_text_2, -17 * k, 5.6 * k)
    canvas.restoreState()
