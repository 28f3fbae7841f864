"""A scanned PDF page taken as its own image instead of drawn.

A scanner's PDF page is one image laid over the whole page. Drawing it at the
reading DPI makes PDFium decode the image and then resample it onto a bitmap of
nearly the same size: ~95 ms for an A4 colour page at 300 DPI, against ~35 ms
to decode the image alone. When the page is nothing but that image, upright and
at (about) the reading DPI, the decoded image is the page as drawn, without
the resampling blur. Anything else on the page, or any doubt about how it
would be drawn, and the page is drawn as before.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# How far (pt) the image may miss the page's edges and still be the page.
_EDGE_TOLERANCE = 1.0
# Native resolutions this close to the reading DPI are used as they are; others
# are drawn at the reading DPI (a 600 DPI scan is reduced, a 150 DPI one enlarged).
_DPI_TOLERANCE = 0.1
# The horizontal and vertical resolutions of a scan agree; if not, drawing evens them.
_ASPECT_TOLERANCE = 0.02


def may_mask_images(path: Path) -> bool:
    """Whether any image in the PDF may carry a mask (``/SMask``, ``/Mask``).

    PDFium decodes an image without its mask and has no call that tells whether
    it has one. An image's dictionary heads a stream, and streams are never
    packed into object streams, so the key is in the file's bytes as written
    if it is anywhere: a file mentioning neither has no masked image.
    """
    data = path.read_bytes()
    return b"/SMask" in data or b"/Mask" in data


def _only_image(page: pdfium.PdfPage) -> pdfium.PdfImage | None:
    if page.get_rotation() % 360 or pdfium_c.FPDFPage_GetAnnotCount(page.raw) != 0:
        return None
    objects = list(page.get_objects(max_depth=1))
    if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    image = objects[0]
    assert isinstance(image, pdfium.PdfImage)
    # A blend mode, an alpha or a soft mask in the graphics state would be
    # composited over white when drawn (the image's own mask: ``may_mask_images``).
    if pdfium_c.FPDFPageObj_HasTransparency(image.raw):
        return None
    return image


def _fills_page(image: pdfium.PdfImage, page: pdfium.PdfPage) -> bool:
    """Whether the image is placed upright, unflipped, over exactly the crop box."""
    matrix = image.get_matrix()
    left, bottom, right, top = page.get_cropbox()
    return (
        matrix.b == 0.0
        and matrix.c == 0.0
        and abs(matrix.e - left) <= _EDGE_TOLERANCE
        and abs(matrix.f - bottom) <= _EDGE_TOLERANCE
        and abs(matrix.a - (right - left)) <= _EDGE_TOLERANCE
        and abs(matrix.d - (top - bottom)) <= _EDGE_TOLERANCE
    )


def _native_dpi(image: pdfium.PdfImage, dpi: int, max_long_side: int) -> int | None:
    """The image's own resolution when it may stand for the page drawn at ``dpi``."""
    width_px, height_px = image.get_px_size()
    if max(width_px, height_px) > max_long_side:
        return None
    matrix = image.get_matrix()
    across, down = width_px * 72.0 / matrix.a, height_px * 72.0 / matrix.d
    if abs(across - down) > _ASPECT_TOLERANCE * across:
        return None
    if abs(across - dpi) > _DPI_TOLERANCE * dpi:
        return None
    return round(across)


def _decoded(image: pdfium.PdfImage) -> np.ndarray | None:
    """The image's pixels: one channel for grey, RGB for colour."""
    bitmap = image.get_bitmap(render=False)
    # Copied out of PDFium's buffer, which goes with the bitmap.
    if bitmap.format == pdfium_c.FPDFBitmap_Gray:
        grey: np.ndarray = bitmap.to_numpy().copy()
        return grey
    if bitmap.format == pdfium_c.FPDFBitmap_BGR:
        # One OpenCV pass is cheaper than PIL's raw BGR decoder.
        rgb: np.ndarray = cv2.cvtColor(bitmap.to_numpy(), cv2.COLOR_BGR2RGB)
        return rgb
    return None  # alpha, or a format not worth a special case


def scanned_page_image(
    page: pdfium.PdfPage, dpi: int, max_long_side: int, *, masks: Callable[[], bool]
) -> tuple[np.ndarray, int] | None:
    """The page's one image (its pixels) and its DPI, when that is what drawing the page at
    ``dpi`` would show; ``None`` when the page must be drawn. ``masks()``: what
    ``may_mask_images`` says of the file, asked only of a page that is one image.

    Raises ``pdfium.PdfiumError`` when PDFium cannot decode the image.
    """
    image = _only_image(page)
    if image is None or not _fills_page(image, page):
        return None
    native = _native_dpi(image, dpi, max_long_side)
    if native is None or masks():
        return None
    decoded = _decoded(image)
    return None if decoded is None else (decoded, native)
