"""One page from pixels (and maybe a text layer) to a ``PageReading``."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
from PIL import Image

from processors.reading.deskew import even_out_light
from processors.reading.ocr import ocr_page, turn
from processors.reading.qr import read_qr_codes
from processors.reading.seals import find_seals
from schemas.document import PageReading


def _rgb(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"))


def read_image_page(number: int, image: Image.Image, dpi: int) -> PageReading:
    """OCR a page image; seals and QR codes are looked for on the upright page."""
    rgb = _rgb(image)
    gray = even_out_light(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
    result = ocr_page(gray, dpi)
    rgb, gray = turn(rgb, result.rotation), turn(gray, result.rotation)
    return PageReading(
        number=number,
        text=result.text,
        source="ocr",
        ocr_confidence=result.confidence,
        rotation=result.rotation,
        seals=find_seals(rgb),
        qr_codes=read_qr_codes(gray).payloads,
    )


def read_text_page(
    number: int, text: str, render: Callable[[int], Image.Image], look_dpi: int, full_dpi: int
) -> PageReading:
    """A page with a real text layer: pixels only for seals and QR codes.

    ``render(dpi)`` draws the page; it is called at ``look_dpi`` and, only when
    a QR code is seen but too dense to decode there, again at ``full_dpi``.
    """
    rgb = _rgb(render(look_dpi))
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    scan = read_qr_codes(gray)
    payloads = scan.payloads
    if scan.undecoded and full_dpi > look_dpi:
        sharper = read_qr_codes(cv2.cvtColor(_rgb(render(full_dpi)), cv2.COLOR_RGB2GRAY))
        payloads = payloads + [p for p in sharper.payloads if p not in payloads]
    return PageReading(
        number=number, text=text, source="text_layer", seals=find_seals(rgb), qr_codes=payloads
    )
