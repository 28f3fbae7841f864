"""The parts of a text-layer PDF page worth drawing: where its graphics are.

A born-digital page carries its words as text; a seal or a QR code on it is
drawn with paths, images, shadings, form XObjects or annotations. Drawing the
whole page only to look at a few of those costs ~10 times the pixels, so the
non-text objects are grouped into drawings (a seal's rings and letters lie
close together) and only the regions around them are drawn, each with a
margin so that a ring is seen with its surroundings. Whatever cannot be
placed safely (a rotated page, graphics over most of the page) is drawn whole.

PDF coordinates here are points with y up; ``PageView`` speaks pixels of the
whole page drawn at one DPI, y down.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from processors.reading.drawn_circles import DrawnCircle, object_circles
from processors.reading.pixels import components

# Non-text objects closer than this (pt) are one drawing: a seal's letters,
# rings and emblem, a QR code's modules.
_GAP = 6.0
# Drawings are grouped on a grid of cells this size (pt).
_CELL = 2.0
# Drawings smaller than this (pt, ~7 mm) hold neither a seal (>= 2 * R_MIN of
# the page width, ~19 mm on A4) nor a QR code readable at the look DPI.
_MIN_DRAWING = 20.0
# Around each drawing, as a share of the page width: the seal finder judges a
# ring against what lies just outside it (up to 1.18 radii).
_MARGIN_SHARE = 0.04
# Regions covering more of the page than this are not worth cutting out.
_WHOLE_PAGE_SHARE = 0.5
# Rules (table borders) are simple: a rectangle is five segments.
_MAX_RULE_SEGMENTS = 16
# Annotations without an appearance of their own.
_BARE_ANNOTS = frozenset({pdfium_c.FPDF_ANNOT_LINK, pdfium_c.FPDF_ANNOT_POPUP})


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points, y up."""

    left: float
    bottom: float
    right: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    def grown(self, by: float) -> Box:
        return Box(self.left - by, self.bottom - by, self.right + by, self.top + by)

    def within(self, frame: Box) -> Box | None:
        left, right = max(self.left, frame.left), min(self.right, frame.right)
        bottom, top = max(self.bottom, frame.bottom), min(self.top, frame.top)
        return Box(left, bottom, right, top) if left < right and bottom < top else None


@dataclass(frozen=True)
class PageView:
    """A page, or a region of it, drawn alone; positions in pixels of the whole page."""

    pixels: np.ndarray
    """RGB, as drawn."""
    left: int
    top: int
    page_width: int
    page_height: int
    circles: tuple[tuple[float, float, float], ...] = ()
    """Circles the page's drawing states or suggests here, (x, y, radius) in pixels
    of the whole page: a vector seal's rings, as the file states them, and the
    circle a square picture would hold if it were a pasted seal (``drawn_circles``)."""


def group(boxes: list[Box], frame: Box, gap: float = _GAP) -> list[Box]:
    """The parts of ``frame`` covered by ``boxes``, boxes within ``gap`` of each
    other (transitively) merged into one; to a grid of ``_CELL`` points."""
    if not boxes:
        return []
    half = gap / 2
    # The boxes as arrays, with Box's own arithmetic (grown, then within the frame):
    # a QR code drawn module by module is hundreds of boxes, and a Box each cost
    # more than the labelling.
    edges = np.array([(b.left, b.bottom, b.right, b.top) for b in boxes], dtype=np.float64)
    left = np.maximum(edges[:, 0] - half, frame.left)
    bottom = np.maximum(edges[:, 1] - half, frame.bottom)
    right = np.minimum(edges[:, 2] + half, frame.right)
    top = np.minimum(edges[:, 3] + half, frame.top)
    seen = (left < right) & (bottom < top)  # off the page: never drawn
    if not seen.any():
        return []
    cells = np.stack(
        [
            (left[seen] - frame.left) / _CELL,
            (frame.top - top[seen]) / _CELL,
            (right[seen] - frame.left) / _CELL,
            (frame.top - bottom[seen]) / _CELL,
        ],
        axis=1,
    ).astype(np.intp)  # (x0, y0, x1, y1) of each box, in cells of the page
    # Only the cells the boxes span are labelled: the whole page's grid cost ~10
    # times more and held nothing but zeros beyond them. The grid starts on an even
    # cell, so the labelling's 2x2 blocks and its label order are the whole page's.
    grid_left, grid_top = cells[:, :2].min(axis=0) // 2 * 2
    grid_right, grid_bottom = cells[:, 2:].max(axis=0)
    grid = np.zeros((grid_bottom - grid_top + 1, grid_right - grid_left + 1), dtype=np.uint8)
    for x0, y0, x1, y1 in (cells - [grid_left, grid_top, grid_left, grid_top]).tolist():
        grid[y0 : y1 + 1, x0 : x1 + 1] = 1
    count, _labels, stats = components(grid)
    stats[:, 0] += grid_left
    stats[:, 1] += grid_top
    groups = []
    for x, y, w, h in stats[1:count, :4]:
        found = Box(
            frame.left + x * _CELL,
            frame.top - (y + h) * _CELL,
            frame.left + (x + w) * _CELL,
            frame.top - y * _CELL,
        )
        groups.append(found.grown(-half).within(frame) or found)
    return groups


def regions_to_draw(drawn: list[Box], frame: Box) -> list[Box] | None:
    """Regions of ``frame`` around the drawings among ``drawn`` (non-text objects),
    top to bottom; ``[]`` when nothing there could be a seal or a QR code, ``None``
    when the whole page should be drawn instead."""
    margin = _MARGIN_SHARE * frame.width
    regions = []
    for drawing in group(drawn, frame):
        if max(drawing.width, drawing.height) < _MIN_DRAWING:
            continue
        region = drawing.grown(margin).within(frame)
        if region is not None:
            regions.append(region)
    regions = group(regions, frame, gap=0.0)
    area = sum(r.width * r.height for r in regions)
    if area > _WHOLE_PAGE_SHARE * frame.width * frame.height:
        return None
    return sorted(regions, key=lambda r: -r.top)


def _annotation_boxes(page: pdfium.PdfPage) -> list[Box]:
    boxes = []
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        if not annot:
            continue
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) in _BARE_ANNOTS:
                continue
            rect = pdfium_c.FS_RECTF()
            if pdfium_c.FPDFAnnot_GetRect(annot, ctypes.byref(rect)):
                boxes.append(
                    Box(
                        min(rect.left, rect.right),
                        min(rect.bottom, rect.top),
                        max(rect.left, rect.right),
                        max(rect.bottom, rect.top),
                    )
                )
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return boxes


# Page objects are read through PDFium's own calls rather than pypdfium2's
# ``PdfObject`` wrappers: a page has hundreds of them (every text run), and
# wrapping each one cost more than the rest of this module.
_Handle = Any
"""A ``FPDF_PAGEOBJECT``."""


def _straight_and_level(path: _Handle) -> bool:
    """Whether a path is made only of horizontal and vertical lines."""
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(path, ctypes.byref(m)):
        return False
    if not (abs(m.b) < 1e-6 and abs(m.c) < 1e-6) and not (abs(m.a) < 1e-6 and abs(m.d) < 1e-6):
        return False
    count = pdfium_c.FPDFPath_CountSegments(path)
    if not 0 < count <= _MAX_RULE_SEGMENTS:
        return False
    x, y = ctypes.c_float(), ctypes.c_float()
    start = last = None
    for index in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, index)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind not in (pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO):
            return False
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            return False
        point = (x.value, y.value)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif last is None or not _level(last, point):
            return False
        closes = pdfium_c.FPDFPathSegment_GetClose(segment)
        if closes and start is not None and not _level(point, start):
            return False
        last = point
    return True


def _level(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) < 0.01 or abs(a[1] - b[1]) < 0.01


def is_rule(obj: _Handle, kind: int, width: float, height: float) -> bool:
    """A table border, an underline or a frame: straight horizontal and vertical
    lines, stroked, or filled but thin. Neither a seal (round) nor a QR code
    (filled squares) is drawn so. ``kind``: the object's ``FPDF_PAGEOBJ_*``;
    ``width``, ``height``: its bounds' (pt)."""
    if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
        return False
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return False
    thin, long = (width, height) if width <= height else (height, width)
    # The shape first, the segments last: a QR code's hundreds of filled squares
    # are told apart without walking each one's outline.
    if fill.value != pdfium_c.FPDF_FILLMODE_NONE and not (thin < 1.5 and long >= 8 * thin):
        return False
    return _straight_and_level(obj)


def graphics_boxes(page: pdfium.PdfPage) -> list[Box] | None:
    """Bounds of the page's non-text objects (form XObjects as a whole) and
    annotations, rules left out; ``None`` when an object cannot be placed.

    Raises ``pdfium.PdfiumError`` when PDFium cannot list the page's objects.
    """
    drawing = _drawing(page)
    return None if drawing is None else drawing[0]


def _drawing(page: pdfium.PdfPage) -> tuple[list[Box], list[DrawnCircle]] | None:
    """``graphics_boxes``, and the circles the page's objects state or suggest
    (``drawn_circles.object_circles``)."""
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    if count < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    boxes = []
    circles: list[DrawnCircle] = []
    left, bottom, right, top = (
        ctypes.c_float(),
        ctypes.c_float(),
        ctypes.c_float(),
        ctypes.c_float(),
    )
    bounds = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    # Top level only: a form XObject's bounds cover what it draws. The loop runs
    # once per object, text runs included: PDFium's calls are looked up once.
    raw, get_object, get_type, get_bounds = (
        page.raw,
        pdfium_c.FPDFPage_GetObject,
        pdfium_c.FPDFPageObj_GetType,
        pdfium_c.FPDFPageObj_GetBounds,
    )
    text, finite = pdfium_c.FPDF_PAGEOBJ_TEXT, math.isfinite
    for index in range(count):
        obj = get_object(raw, index)
        if not obj:
            raise pdfium.PdfiumError("Failed to get pageobject.")
        kind = get_type(obj)
        if kind == text:
            continue
        if not get_bounds(obj, *bounds):
            return None
        x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
        if not (finite(x0) and finite(y0) and finite(x1) and finite(y1)):
            return None
        if not is_rule(obj, kind, x1 - x0, y1 - y0):
            boxes.append(Box(x0, y0, x1, y1))
            circles += object_circles(obj, kind, x1 - x0, y1 - y0, min_size=_MIN_DRAWING)
    return boxes + _annotation_boxes(page), circles


def draw_page(page: pdfium.PdfPage, scale: float) -> PageView:
    """The whole page drawn at ``scale`` pixels per point.

    Raises ``pdfium.PdfiumError`` when PDFium cannot draw it.
    """
    pixels = _drawn(page, scale)
    height, width = pixels.shape[:2]
    return PageView(pixels, 0, 0, width, height)


def _drawn(
    page: pdfium.PdfPage, scale: float, crop: tuple[float, ...] = (0, 0, 0, 0)
) -> np.ndarray:
    """Pixels of the page drawn at ``scale``, RGB as PDFium draws them (no byte swap,
    no PIL image to copy into and out of: ~3 ms against ~23 ms for an A4 page at
    300 DPI), copied out of PDFium's buffer, which goes with the bitmap."""
    bitmap = page.render(scale=scale, crop=crop, rev_byteorder=True)
    pixels: np.ndarray = bitmap.to_numpy().copy()
    return pixels


def _circles_in(
    circles: list[DrawnCircle], frame: Box, scale: float, region: Box | None = None
) -> tuple[tuple[float, float, float], ...]:
    """The circles centred in ``region`` (the whole frame when ``None``), in pixels
    of the page drawn at ``scale``, y down."""
    within = region or frame
    return tuple(
        ((c.x - frame.left) * scale, (frame.top - c.y) * scale, c.r * scale)
        for c in circles
        if within.left <= c.x <= within.right and within.bottom <= c.y <= within.top
    )


def draw_graphics(page: pdfium.PdfPage, scale: float) -> list[PageView]:
    """The regions of a text-layer page that may hold a seal or a QR code, drawn at
    ``scale`` pixels per point (the whole page when they cannot be cut out), each
    with the circles its objects state or suggest (``PageView.circles``).

    Raises ``pdfium.PdfiumError`` when PDFium cannot draw the page.
    """
    if page.get_rotation() % 360:
        return [draw_page(page, scale)]
    frame = Box(*page.get_cropbox())
    drawing = _drawing(page)
    if drawing is None:
        return [draw_page(page, scale)]
    boxes, circles = drawing
    regions = regions_to_draw(boxes, frame)
    if regions is None:
        whole = draw_page(page, scale)
        return [replace(whole, circles=_circles_in(circles, frame, scale))]
    page_width, page_height = round(frame.width * scale), round(frame.height * scale)
    views = []
    for region in regions:
        crop = (
            region.left - frame.left,
            region.bottom - frame.bottom,
            frame.right - region.right,
            frame.top - region.top,
        )
        views.append(
            PageView(
                _drawn(page, scale, crop),
                round(crop[0] * scale),
                round(crop[3] * scale),
                page_width,
                page_height,
                _circles_in(circles, frame, scale, region),
            )
        )
    return views
