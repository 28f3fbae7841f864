"""Circles a PDF page draws as paths: where a vector seal's rings are.

A seal on a born-digital page is drawn with paths (or pasted as an image). Its
rings are closed curves whose every point lies at one distance from a centre,
and the file states them exactly: read from the path, a ring needs no search
through the pixels. The seal finder takes these circles as its first guesses
and judges them on the drawn pixels like any other ring; whatever they do not
explain is searched for in the pixels as before.

Only the points on the curve are measured: each segment's end and its middle
(a Bezier's at t = 1/2), so that a square, whose corners lie on a circle but
whose sides do not, is not taken for one.

A seal pasted as a picture states no circle, but its picture is square and
the seal fills it: the circle inscribed in a square image is offered as a
guess too (``image_circle``), which the finder leads to the seal's outer
ring wherever it lies between 0.7 and 3 times that guess, as for a guess of
its own.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from typing import Any

import pypdfium2.raw as pdfium_c

# On-curve points this close to the mean radius (a share of it) make a circle: a
# Bezier quarter circle strays 0.03 %, a polygon of 24 sides 0.9 %, an ellipse
# of 1.05 : 1 already 2.5 %.
_TOLERANCE = 0.02
# A circle has at least this many on-curve points (four Bezier quarters: eight).
_MIN_POINTS = 8
# Longer paths are not read point by point. A seal exported from an office
# suite is often a few long paths, rings and lettering merged; reading one
# costs ~6 us a segment, so 1,000 segments (~6 ms) stay well under the pixel
# search they spare (~20 ms).
MAX_SEGMENTS = 1000


@dataclass(frozen=True, slots=True)
class DrawnCircle:
    """A circle in PDF points, y up."""

    x: float
    y: float
    r: float


Point = tuple[float, float]


def _midpoint(a: Point, b: Point) -> Point:
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)


def _bezier_middle(start: Point, c1: Point, c2: Point, end: Point) -> Point:
    return (
        (start[0] + 3 * c1[0] + 3 * c2[0] + end[0]) / 8,
        (start[1] + 3 * c1[1] + 3 * c2[1] + end[1]) / 8,
    )


def _circle(points: list[Point]) -> tuple[float, float, float] | None:
    """The circle through a closed subpath's on-curve points, if they make one."""
    if len(points) > 1 and points[-1] == points[0]:
        points = points[:-1]  # the closing point is the first again
    if len(points) < _MIN_POINTS:
        return None
    cx = sum(p[0] for p in points) / len(points)
    cy = sum(p[1] for p in points) / len(points)
    radii = [math.hypot(p[0] - cx, p[1] - cy) for p in points]
    r = sum(radii) / len(radii)
    if r <= 0 or max(abs(d - r) for d in radii) > _TOLERANCE * r:
        return None
    return cx, cy, r


def _ends_where_it_starts(points: list[Point]) -> bool:
    first, last = points[0], points[-1]
    return math.hypot(first[0] - last[0], first[1] - last[1]) <= 1e-3 * (
        1.0 + abs(first[0]) + abs(first[1])
    )


def _subpaths(path: Any, count: int) -> list[list[Point]] | None:
    """On-curve points of each closed subpath (closed by the path, or ending where
    it starts), in the path's own coordinates; ``None`` when a segment cannot be read."""
    x, y = ctypes.c_float(), ctypes.c_float()
    closed: list[list[Point]] = []
    points: list[Point] = []
    controls: list[Point] = []

    def flush() -> None:
        if len(points) > 1 and _ends_where_it_starts(points):
            closed.append(points)

    for index in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, index)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            return None
        point = (x.value, y.value)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            flush()
            points, controls = [point], []
        elif not points:
            return None  # a path begins with a move
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            points.append(_midpoint(points[-1], point))
            points.append(point)
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            controls.append(point)
            if len(controls) == 3:  # two control points, then the curve's end
                points.append(_bezier_middle(points[-1], *controls))
                points.append(controls[2])
                controls = []
        else:
            return None
        if pdfium_c.FPDFPathSegment_GetClose(segment) and not _ends_where_it_starts(points):
            points.append(_midpoint(points[-1], points[0]))  # the closing line
            points.append(points[0])
    flush()
    return closed


Matrix = tuple[float, float, float, float, float, float]
"""A PDF matrix ``(a, b, c, d, e, f)``: ``x' = a x + c y + e``, ``y' = b x + d y + f``."""
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# Form XObjects are looked into this deep, and at most this many objects each:
# a seal placed as a graphic of its own is a form, often one inside another.
_MAX_FORM_DEPTH = 3
_MAX_FORM_OBJECTS = 2000


def _then(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` followed by ``outer``."""
    a, b, c, d, e, f = inner
    aa, bb, cc, dd, ee, ff = outer
    return (
        a * aa + b * cc,
        a * bb + b * dd,
        c * aa + d * cc,
        c * bb + d * dd,
        e * aa + f * cc + ee,
        e * bb + f * dd + ff,
    )


def _matrix(obj: Any) -> Matrix | None:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return None
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _scale(m: Matrix) -> float:
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


def may_be_circle(width: float, height: float, min_size: float) -> bool:
    """Whether bounds (after their transform) could hold a ring worth reading:
    square, and at least ``min_size`` across."""
    return min(width, height) >= min_size and abs(width - height) <= 0.1 * max(width, height)


def path_circles(path: Any, outer: Matrix = _IDENTITY) -> list[DrawnCircle]:
    """The circles among a path object's closed subpaths, in page points: a
    ring stroked as one circle, or a filled band as two (``path``: an
    ``FPDF_PAGEOBJECT`` of type path; ``outer``: the matrices of the forms it
    is drawn in, none for a path on the page itself)."""
    count = pdfium_c.FPDFPath_CountSegments(path)
    own = _matrix(path)
    if not 0 < count <= MAX_SEGMENTS or own is None:
        return []
    a, b, c, d, e, f = _then(own, outer)
    # A circle stays a circle only under a similarity (turn, mirror, one scale).
    scale = _scale((a, b, c, d, e, f))
    if scale == 0 or abs(math.hypot(a, b) - scale) > 1e-3 * scale:
        return []
    if abs(math.hypot(c, d) - scale) > 1e-3 * scale or abs(a * c + b * d) > 1e-3 * scale**2:
        return []
    found = []
    for points in _subpaths(path, count) or []:
        circle = _circle(points)
        if circle is not None:
            x, y, r = circle
            found.append(DrawnCircle(a * x + c * y + e, b * x + d * y + f, r * scale))
    return found


# A pasted seal's ring is ~0.45 of its picture's side (a 40 mm seal on a 44 mm
# square); the finder's search from a guess reaches from 0.7 to 3 times it.
_IMAGE_RING_SHARE = 0.45


def image_circle(image: Any, outer: Matrix = _IDENTITY) -> DrawnCircle | None:
    """The circle a square picture would hold if it were a pasted seal, in page
    points; ``None`` for a picture that is not square on the page."""
    own = _matrix(image)
    if own is None:
        return None
    a, b, c, d, e, f = _then(own, outer)  # the picture is the unit square, mapped
    across, down = math.hypot(a, b), math.hypot(c, d)
    if not may_be_circle(across, down, 0.0) or abs(a * c + b * d) > 1e-3 * across * down:
        return None
    return DrawnCircle((a + c) / 2 + e, (b + d) / 2 + f, _IMAGE_RING_SHARE * min(across, down))


def object_circles(
    obj: Any,
    kind: int,
    width: float,
    height: float,
    *,
    min_size: float,
    outer: Matrix = _IDENTITY,
    depth: int = 0,
) -> list[DrawnCircle]:
    """The circles a page object states (a path's rings, whatever a form holds) or
    suggests (a square picture's), in page points. ``kind``: its
    ``FPDF_PAGEOBJ_*``; ``width``, ``height``: its bounds on the page (paths and
    pictures that are not square, or smaller than ``min_size``, are not read);
    ``outer``, ``depth``: the forms it is drawn in."""
    if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
        return form_circles(obj, min_size, outer, depth + 1) if depth < _MAX_FORM_DEPTH else []
    if not may_be_circle(width, height, min_size):
        return []
    if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
        return path_circles(obj, outer)
    if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
        pasted = image_circle(obj, outer)
        return [] if pasted is None else [pasted]
    return []


def form_circles(
    form: Any, min_size: float, outer: Matrix = _IDENTITY, depth: int = 1
) -> list[DrawnCircle]:
    """The circles the objects inside a form XObject state or suggest (forms
    within it included, ``object_circles``), in page points."""
    own = _matrix(form)
    count = pdfium_c.FPDFFormObj_CountObjects(form)
    if own is None or not 0 < count <= _MAX_FORM_OBJECTS:
        return []
    placed = _then(own, outer)
    scale = _scale(placed)
    bounds = [ctypes.c_float() for _ in range(4)]
    found = []
    for index in range(count):
        obj = pdfium_c.FPDFFormObj_GetObject(form, index)
        if not obj:
            continue
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        width = height = 0.0  # a form's own bounds are not needed
        if kind != pdfium_c.FPDF_PAGEOBJ_FORM:
            if not pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in bounds)):
                continue
            left, bottom, right, top = (v.value for v in bounds)
            width, height = (right - left) * scale, (top - bottom) * scale
        found += object_circles(
            obj, kind, width, height, min_size=min_size, outer=placed, depth=depth
        )
    return found
