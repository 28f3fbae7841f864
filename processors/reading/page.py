"""One page from pixels (and maybe a text layer) to a ``PageReading``.

An image page is prepared the same way whichever engine reads its text: a
sheet photographed on a desk is cut out and flattened, the light evened out,
the page turned upright and levelled; seals and QR codes are looked for on the
upright page. Tesseract then reads it here, in the pool process; for an
engine outside the pool the prepared page is written to disk as a PNG
(``PendingPage``) and read later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np
from PIL import Image

from processors.reading.deskew import even_out_light
from processors.reading.ocr import Upright, recognise, recognise_as_it_stands, stand_up, turn
from processors.reading.perspective import a4_dpi, find_page, flatten
from processors.reading.pixels import grey, work_copy
from processors.reading.prepared import PendingPage
from processors.reading.qr import QrScan, read_qr_codes
from processors.reading.seals import Placement, find_seals
from schemas.document import PageReading, SealMark

if TYPE_CHECKING:
    from processors.reading.graphics import PageView

# Fast deflate: the file lives for one request. On an A4 page at 300 DPI level 1
# takes ~90 ms and ~380 KiB, level 6 ~140 ms and ~320 KiB.
_PNG_OPTIONS = [cv2.IMWRITE_PNG_COMPRESSION, 1]


PageImage = Image.Image | np.ndarray
"""A page as decoded: a PIL image (a photo, a TIFF frame), or its pixels already
(RGB, or one channel for grey) when they came out of PDFium: converting those to
PIL and back costs ~23 ms on an A4 colour page at 300 DPI."""

PageReader = Callable[[int, PageImage, int], PageReading | PendingPage]
"""``(number, image, dpi)`` to a read page, or a page left for an outside engine."""


@dataclass(frozen=True)
class _Prepared:
    gray: np.ndarray
    dpi: int
    rotation: int
    seals: list[SealMark]
    qr_codes: list[str]


def _rgb(image: Image.Image) -> np.ndarray:
    return np.asarray(image if image.mode == "RGB" else image.convert("RGB"))


def page_pixels(image: PageImage) -> np.ndarray:
    """RGB, or one channel for a grey image (a grey scan stays grey throughout)."""
    if isinstance(image, np.ndarray):
        return image
    return np.asarray(image) if image.mode == "L" else _rgb(image)


@dataclass(frozen=True)
class _Flat:
    """A page image cut out of its photo (if it was one) with the light evened out,
    and its ``work_copy`` (pixels and grey) for the steps that measure."""

    pixels: np.ndarray
    """RGB, or grey for a grey image."""
    gray: np.ndarray
    work: np.ndarray
    work_gray: np.ndarray
    dpi: int


def _flatten(image: PageImage, dpi: int) -> _Flat:
    pixels = page_pixels(image)
    work = work_copy(pixels)
    outline = find_page(work)
    if outline is not None:
        pixels = flatten(pixels, outline.scaled(pixels.shape[1] / work.shape[1]))
        dpi = a4_dpi(pixels.shape[1], pixels.shape[0])
        work = work_copy(pixels)
    gray, work_gray = grey(pixels), grey(work)
    level = even_out_light(gray, measured_on=work_gray)
    if level is not gray:  # relit: the copy must show the page as it is read
        gray, work_gray = level, work_copy(level)
    return _Flat(pixels=pixels, gray=gray, work=work, work_gray=work_gray, dpi=dpi)


def _finish(flat: _Flat, page: Upright) -> _Prepared:
    # The turned page's width is the page's height after a quarter turn: only the
    # small copy is turned, the full one is only measured.
    across = 0 if page.rotation % 180 else 1
    page_scale = flat.pixels.shape[across] / flat.work.shape[across]
    return _Prepared(
        gray=page.gray,
        dpi=flat.dpi,
        rotation=page.rotation,
        seals=find_seals(turn(flat.work, page.rotation), page_scale=page_scale),
        qr_codes=read_qr_codes(turn(flat.gray, page.rotation)).payloads,
    )


def _stand_up(flat: _Flat) -> Upright:
    return stand_up(flat.gray, flat.dpi, flat.work_gray)


def _prepare(image: PageImage, dpi: int) -> _Prepared:
    flat = _flatten(image, dpi)
    return _finish(flat, _stand_up(flat))


def recognition_input(image: PageImage, dpi: int) -> tuple[np.ndarray, int]:
    """The grey page recognition reads (cut out of its photo, lit evenly, upright,
    level) and its DPI: what Tesseract alone would be given (the benchmark's
    ceiling)."""
    flat = _flatten(image, dpi)
    return _stand_up(flat).gray, flat.dpi


def read_image_page(number: int, image: PageImage, dpi: int) -> PageReading:
    """OCR a page image with Tesseract, in this process.

    The page is first read as it stands; only when its lines run down it, or
    that reading does not show upright text, is it turned by OSD or trial OCR and
    read again. On the holdout corpus's upright photos this takes a quarter less
    OCR time than turning every photo of a sheet on a desk first, with the same
    text on every page.
    """
    flat = _flatten(image, dpi)
    quick = recognise_as_it_stands(flat.gray, flat.dpi, flat.work_gray)
    if quick is not None:
        upright, text, confidence = quick
        page = _finish(flat, upright)
    else:
        page = _finish(flat, _stand_up(flat))
        text, confidence = recognise(page.gray, page.dpi)
    return PageReading(
        number=number,
        text=text.strip(),
        source="ocr",
        ocr_confidence=round(confidence, 1),
        rotation=page.rotation,
        seals=page.seals,
        qr_codes=page.qr_codes,
    )


def defer_image_page(number: int, image: PageImage, dpi: int, *, folder: Path) -> PendingPage:
    """Prepare a page image and write it to ``folder`` for an engine outside the pool."""
    page = _prepare(image, dpi)
    path = folder / f"page-{number:03d}.png"
    ok, encoded = cv2.imencode(".png", page.gray, _PNG_OPTIONS)
    if not ok:
        raise OSError(f"cannot encode page {number} as PNG")
    path.write_bytes(encoded.tobytes())
    return PendingPage(
        number=number,
        image=str(path),
        dpi=page.dpi,
        rotation=page.rotation,
        seals=page.seals,
        qr_codes=page.qr_codes,
    )


def _look(view: PageView) -> tuple[list[SealMark], QrScan]:
    rgb = view.pixels
    where = Placement(view.left, view.top, view.page_width, view.page_height)
    return find_seals(rgb, where, drawn=view.circles), read_qr_codes(grey(rgb))


def read_text_page(
    number: int,
    text: str,
    draw: Callable[[int], list[PageView]],
    look_dpi: int,
    full_dpi: int,
) -> PageReading:
    """A page with a real text layer: pixels only for seals and QR codes.

    ``draw(dpi)`` draws the parts of the page that may hold them (its graphics,
    or the whole page); it is called at ``look_dpi`` and, only when a QR code is
    seen but too dense to decode there, again at ``full_dpi``.
    """
    seals: list[SealMark] = []
    payloads: list[str] = []
    undecoded = 0
    for view in draw(look_dpi):
        found, scan = _look(view)
        seals += found
        payloads += [p for p in scan.payloads if p not in payloads]
        undecoded += scan.undecoded
    if undecoded and full_dpi > look_dpi:
        for view in draw(full_dpi):
            sharper = read_qr_codes(grey(view.pixels))
            payloads += [p for p in sharper.payloads if p not in payloads]
    seals.sort(key=lambda seal: -seal.score)
    return PageReading(
        number=number, text=text, source="text_layer", seals=seals, qr_codes=payloads
    )
