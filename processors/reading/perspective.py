"""A sheet photographed on a desk: find its four corners and flatten it.

The sheet is the largest bright, unsaturated region of the frame; its outline,
simplified to four corners, gives the homography to a flat page. The page is
only flattened when that outline is convincing: four corners with sane
angles, a region that fills its quadrilateral, a clearly darker or more
colourful surround, and a reasonable share of the frame. A flatbed scan (paper
to the edges), a framed certificate (paper on both sides of the frame) or a
photo of paper on a white desk is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from processors.reading.pixels import grey, shrink

# ISO 216 sheets (A4, A5) are all 1:√2; a measured aspect near it is snapped to it.
A_ASPECT = float(np.sqrt(2.0))
_ASPECT_SNAP = 0.18
_WORK_SIDE = 640
# Share of the frame the sheet must cover: less is a sheet too far away to
# read, more leaves no surround to be sure of (and nothing to cut).
MIN_SHARE, MAX_SHARE = 0.15, 0.97
_MIN_ANGLE, _MAX_ANGLE = 55.0, 125.0
_MIN_FILL = 0.93
# Grey levels between the sheet and its surround in the paper map.
_MIN_CONTRAST = 35.0
# Print is found as thin dark marks on the work-size frame: a black-hat of this
# size, this many grey levels deep. Around the sheet a few are tolerated (wood
# grain, dust); as many as on the sheet means the "surround" is printed paper.
_PRINT_KERNEL = 5
_PRINT_CONTRAST = 30
_MAX_SURROUND_INK = 0.01
# More paper than this outside the outline: the outline is part of a sheet (a
# dark band, a photo on the page), not the sheet.
_MAX_PAPER_OUTSIDE = 0.3
# A sheet far from the lens is drawn larger than it was photographed: Tesseract
# reads small text better from interpolated pixels than from tiny ones.
MIN_LONG_SIDE = 2000
MAX_LONG_SIDE = 3600
A4_LONG_INCHES = 11.69


@dataclass(frozen=True)
class PageOutline:
    corners: np.ndarray
    """Float32 (4, 2): top-left, top-right, bottom-right, bottom-left, in input pixels."""
    share: float
    """Share of the frame inside the outline."""

    def scaled(self, factor: float) -> PageOutline:
        """The outline on a copy of the photo ``factor`` times as large."""
        return PageOutline(corners=self.corners * np.float32(factor), share=self.share)


def _paper_map(small: np.ndarray) -> np.ndarray:
    """Bright and colourless is paper: value minus saturation, as uint8 (a grey
    image has no saturation: its value is its grey)."""
    if small.ndim == 2:
        return cv2.GaussianBlur(small, (5, 5), 0)
    hsv = cv2.cvtColor(small, cv2.COLOR_RGB2HSV)
    paper = hsv[..., 2].astype(np.int16) - hsv[..., 1].astype(np.int16)
    return cv2.GaussianBlur(np.clip(paper, 0, 255).astype(np.uint8), (5, 5), 0)


def _order(corners: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left (image y grows down)."""
    centre = corners.mean(axis=0)
    angles = np.arctan2(corners[:, 1] - centre[1], corners[:, 0] - centre[0])
    ring = corners[np.argsort(angles)]  # clockwise on screen, from the left-most angle
    start = int(np.argmin(ring.sum(axis=1)))  # top-left has the smallest x + y
    return np.roll(ring, -start, axis=0).astype(np.float32)


def _angles_ok(quad: np.ndarray) -> bool:
    for i in range(4):
        a, b, c = quad[i - 1], quad[i], quad[(i + 1) % 4]
        u, v = a - b, c - b
        cos = float(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v) + 1e-9))
        if not _MIN_ANGLE <= np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))) <= _MAX_ANGLE:
            return False
    return True


def _quadrilateral(contour: np.ndarray) -> np.ndarray | None:
    """Four corners of a contour's convex hull, or ``None`` when it is not four-sided."""
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, closed=True)
    for epsilon in (0.01, 0.02, 0.03, 0.045):
        approx = cv2.approxPolyDP(hull, epsilon * perimeter, closed=True)
        if len(approx) == 4:
            return approx.reshape(4, 2).astype(np.float32)
    return None


def _on_frame_edge(quad: np.ndarray, width: int, height: int) -> bool:
    """Whether a side of ``quad`` runs along the frame: the sheet is cut there, or the
    outline is a lit part of a sheet whose rest is in shadow."""
    margin = 0.01 * max(width, height)
    near = np.stack(
        [
            quad[:, 0] <= margin,
            quad[:, 1] <= margin,
            quad[:, 0] >= width - 1 - margin,
            quad[:, 1] >= height - 1 - margin,
        ],
        axis=1,
    )
    return any(bool((near[i] & near[(i + 1) % 4]).any()) for i in range(4))


def _print(gray: np.ndarray) -> np.ndarray:
    """Thin dark marks (print, handwriting): a black-hat, thresholded."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (_PRINT_KERNEL, _PRINT_KERNEL))
    marks = cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, kernel)
    return marks > _PRINT_CONTRAST


def _side_strips(
    shape: tuple[int, ...], quad: np.ndarray, gap: float, band: float
) -> list[np.ndarray]:
    """For each side of ``quad``, a mask of the strip ``gap`` to ``gap + band`` px outside it."""
    centre = quad.mean(axis=0)
    strips = []
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        normal = np.array([b[1] - a[1], a[0] - b[0]], np.float32)
        normal /= np.linalg.norm(normal) + 1e-9
        if np.dot(normal, (a + b) / 2 - centre) < 0:
            normal = -normal
        # Trimmed along the side, so the strips of neighbouring sides do not meet.
        along = (b - a) * 0.08
        near_a, near_b = a + along + normal * gap, b - along + normal * gap
        strip = np.array([near_a, near_b, near_b + normal * band, near_a + normal * band])
        mask = np.zeros(shape[:2], np.uint8)
        cv2.fillConvexPoly(mask, strip.round().astype(np.int32), 1)
        strips.append(mask > 0)
    return strips


def _surround_is_background(small: np.ndarray, paper: np.ndarray, quad: np.ndarray) -> bool:
    """Darker or more colourful than the sheet just outside each side, and without
    print: shadowed paper has the sheet's text running on into it, a desk does not."""
    band = max(3.0, 0.03 * max(paper.shape))
    inside = np.zeros(paper.shape, np.uint8)
    cv2.fillConvexPoly(inside, quad.round().astype(np.int32), 1)
    core = cv2.erode(inside, np.ones((round(band),) * 2, np.uint8)) > 0
    inner = (inside > 0) & ~core
    if not core.any():
        return False
    marks = _print(grey(small))
    sheet_level, sheet_print = float(np.median(paper[inner])), float(marks[core].mean())
    # The surround starts a little off the edge, past the edge's own black-hat.
    for strip in _side_strips(paper.shape, quad, 1.5 * _PRINT_KERNEL, band):
        if strip.sum() < band:
            return False
        if sheet_level - float(np.median(paper[strip])) < _MIN_CONTRAST:
            return False
        if float(marks[strip].mean()) > max(_MAX_SURROUND_INK, 0.35 * sheet_print):
            return False
    return True


def find_page(image: np.ndarray) -> PageOutline | None:
    """The sheet's outline in a photo (RGB or grey), or ``None`` when no convincing one is found."""
    height, width = image.shape[:2]
    scale = min(1.0, _WORK_SIDE / max(height, width))
    small = shrink(image, scale)
    paper = _paper_map(small)
    _, bright = cv2.threshold(paper, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # Closing fills the printed text; opening cuts thin bridges to bright clutter.
    side = max(3, round(0.02 * max(small.shape[:2])))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (side, side))
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, kernel)
    bright = cv2.morphologyEx(bright, cv2.MORPH_OPEN, kernel)
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    contour = max(contours, key=cv2.contourArea)
    quad = _quadrilateral(contour)
    if quad is None:
        return None
    quad = _order(quad)
    frame_area = float(small.shape[0] * small.shape[1])
    quad_area = float(cv2.contourArea(quad))
    share = quad_area / frame_area
    if not MIN_SHARE <= share <= MAX_SHARE or not _angles_ok(quad):
        return None
    if cv2.contourArea(contour) / quad_area < _MIN_FILL:
        return None
    if _on_frame_edge(quad, small.shape[1], small.shape[0]):
        return None
    if not _surround_is_background(small, paper, quad):
        return None
    outside = cv2.fillConvexPoly(bright.copy(), quad.astype(np.int32), 0)
    if cv2.countNonZero(outside) > _MAX_PAPER_OUTSIDE * (frame_area - quad_area):
        return None
    return PageOutline(corners=quad / scale, share=share)


def _target_size(corners: np.ndarray) -> tuple[int, int]:
    """Width and height of the flattened sheet: its longer measured side, the A-series
    aspect when the measured one is near it."""
    tl, tr, br, bl = corners
    across = float(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    down = float(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    long_side, short_side = max(across, down), min(across, down)
    aspect = long_side / max(short_side, 1.0)
    if abs(aspect - A_ASPECT) <= _ASPECT_SNAP:
        aspect = A_ASPECT
    long_side = min(max(long_side, MIN_LONG_SIDE), MAX_LONG_SIDE)
    long_px, short_px = round(long_side), round(long_side / aspect)
    return (short_px, long_px) if down >= across else (long_px, short_px)


def flatten(image: np.ndarray, outline: PageOutline) -> np.ndarray:
    """The sheet inside ``outline`` warped flat, as seen from straight above."""
    width, height = _target_size(outline.corners)
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]])
    matrix = cv2.getPerspectiveTransform(outline.corners, target.astype(np.float32))
    flat: np.ndarray = cv2.warpPerspective(
        image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return flat


def a4_dpi(width: int, height: int) -> int:
    """The resolution of an image taken for a whole A4 page (photos carry no true DPI)."""
    return max(70, min(600, round(max(width, height) / A4_LONG_INCHES)))
