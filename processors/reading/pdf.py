"""Pages of a PDF: the text layer where it is real text, OCR where it is not.

PDFium is not thread-safe; the pool runs one document at a time per process.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from processors.errors import FileCorrupt, FileTooLarge, FileUnsupported
from processors.reading.fullpage import may_mask_images, scanned_page_image
from processors.reading.graphics import PageView, draw_graphics, draw_page
from processors.reading.page import PageReader, read_image_page, read_text_page
from processors.reading.prepared import PendingPage
from processors.reading.textlayer import judge_text_layer
from schemas.document import PageReading

# Text-layer pages are drawn only to look for seals and QR codes.
LOOK_DPI = 150
# A4 at 300 DPI is 3508 px; larger pages (A3, posters) are drawn at a lower DPI.
MAX_LONG_SIDE = 3600
# A page mostly covered by images with little text is a scan with a stray
# text line (an eGov footer, a scanner stamp): its words are in the image.
_SCAN_IMAGE_SHARE = 0.5
_SCAN_MAX_LETTERS = 200


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise FileUnsupported("the PDF is encrypted", reason="encrypted") from exc
        raise FileCorrupt(f"cannot open the PDF: {exc}") from exc


def _text_layer(page: pdfium.PdfPage) -> str:
    textpage = page.get_textpage()
    try:
        text = str(textpage.get_text_range())
    finally:
        textpage.close()
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _image_share(page: pdfium.PdfPage) -> float:
    """How much of the page its images cover (overlaps counted twice, capped at 1)."""
    width, height = page.get_size()
    covered = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        covered += max(0.0, right - left) * max(0.0, top - bottom)
    return min(1.0, covered / (width * height)) if width * height > 0 else 0.0


def _scale(page: pdfium.PdfPage, dpi: int) -> float:
    """Pixels per point for ``dpi``, or fewer for oversized pages."""
    width, height = page.get_size()
    return min(dpi / 72.0, MAX_LONG_SIDE / max(width, height, 1.0))


def page_image(
    page: pdfium.PdfPage, dpi: int, *, masks: Callable[[], bool]
) -> tuple[np.ndarray, int]:
    """The page's pixels as OCR sees them (RGB, or grey for a grey scan's own
    image): drawn at ``dpi``, or lower for oversized pages (a scan's own image
    when that is what drawing would show); and the DPI used.
    ``masks()``: what ``may_mask_images`` says of the file."""
    scale = _scale(page, dpi)
    try:
        scanned = scanned_page_image(page, dpi, MAX_LONG_SIDE, masks=masks)
        if scanned is not None:
            return scanned
        image = draw_page(page, scale).pixels
    except pdfium.PdfiumError as exc:
        raise FileCorrupt(f"cannot draw a PDF page: {exc}") from exc
    return image, max(1, round(scale * 72))


def _draw_graphics(page: pdfium.PdfPage, dpi: int) -> list[PageView]:
    try:
        return draw_graphics(page, _scale(page, dpi))
    except pdfium.PdfiumError as exc:
        raise FileCorrupt(f"cannot draw a PDF page: {exc}") from exc


def _read_page(
    page: pdfium.PdfPage,
    number: int,
    dpi: int,
    read_page: PageReader,
    *,
    masks: Callable[[], bool],
) -> PageReading | PendingPage:
    text = _text_layer(page)
    quality = judge_text_layer(text)
    looks_scanned = quality.letters < _SCAN_MAX_LETTERS and _image_share(page) >= _SCAN_IMAGE_SHARE
    if quality.is_real and not looks_scanned:
        draw = partial(_draw_graphics, page)
        return read_text_page(number, text.strip(), draw, LOOK_DPI, dpi)
    image, used_dpi = page_image(page, dpi, masks=masks)
    return read_page(number, image, used_dpi)


def read_pdf(
    path: Path, *, max_pages: int, dpi: int, read_page: PageReader = read_image_page
) -> tuple[int, list[PageReading | PendingPage]]:
    """The PDF's page count and its pages, read.

    Text-layer pages are read here; pages that need OCR go to ``read_page``.

    Raises ``FileUnsupported`` (needs a password), ``FileCorrupt`` (cannot be
    opened or drawn, or has no pages) and ``FileTooLarge`` (more than
    ``max_pages`` pages; checked before anything is drawn).
    """
    document = _open(path)
    try:
        count = len(document)
        if count == 0:
            raise FileCorrupt("the PDF has no pages")
        if count > max_pages:
            raise FileTooLarge("too many pages", pages=count, limit=max_pages)
        # The file is searched once, and only if a page is a scanner's image.
        masks = cache(partial(may_mask_images, path))
        pages: list[PageReading | PendingPage] = []
        for index in range(count):
            try:
                page = document[index]
            except pdfium.PdfiumError as exc:
                raise FileCorrupt(f"cannot load PDF page {index + 1}: {exc}") from exc
            try:
                pages.append(_read_page(page, index + 1, dpi, read_page, masks=masks))
            finally:
                page.close()
        return count, pages
    finally:
        document.close()
