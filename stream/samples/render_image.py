"""Raster renderings of a spec: the clean page, a scan as an image-only PDF, a phone photo.

Every raster starts from the text PDF, so all renderings share one layout.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Literal

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from stream.samples import degrade
from stream.samples.render_pdf import render_text_pdf
from stream.samples.spec import DocumentSpec

PhotoFormat = Literal["JPEG", "PNG", "HEIC"]

SCAN_DPI = 300
SCAN_QUALITY = 72
PHOTO_DPI = 220
PHOTO_QUALITY = {"JPEG": 84, "HEIC": 50}


def _rng(spec: DocumentSpec, stream: int) -> np.random.Generator:
    """A generator per spec and purpose, so a scan and a photo of one spec differ."""
    return np.random.default_rng([spec.seed, stream])


def render_page_images(spec: DocumentSpec, dpi: int = SCAN_DPI) -> list[Image.Image]:
    """Every page of the text PDF, rasterised at ``dpi`` (A4 at 300 DPI is 2480x3508)."""
    document = pdfium.PdfDocument(render_text_pdf(spec))
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in document]
    finally:
        document.close()


def render_page_image(spec: DocumentSpec, dpi: int = SCAN_DPI) -> Image.Image:
    """The first page, clean, as an RGB image."""
    return render_page_images(spec, dpi)[0]


def image_pdf(pages: list[Image.Image], *, quality: int, created: date) -> bytes:
    """An image-only PDF at ``SCAN_DPI``, each page one JPEG (DCTDecode) image.

    Pillow's PDF writer encodes each page once, straight to JPEG, and writes no
    clock time when given the dates, so the bytes are stable.
    """
    stamp = created.timetuple()
    buf = io.BytesIO()
    pages[0].save(
        buf, "PDF", save_all=True, append_images=pages[1:], resolution=SCAN_DPI,
        quality=quality, optimize=True, creationDate=stamp, modDate=stamp,
    )  # fmt: skip
    return buf.getvalue()


def render_scanned_pdf(spec: DocumentSpec, grayscale: bool = False) -> bytes:
    """The document printed and scanned at 300 DPI: no text layer, JPEG pages."""
    rng = _rng(spec, 1)
    pages = [degrade.scan(page, rng, grayscale=grayscale) for page in render_page_images(spec)]
    # The scanner stamps the file with the day the paper was scanned: its issue date.
    return image_pdf(pages, quality=SCAN_QUALITY, created=spec.issue_date)


def render_phone_photo(
    spec: DocumentSpec, fmt: PhotoFormat = "JPEG", *, rotate90: bool = False
) -> bytes:
    """The first page photographed on a desk, ~2800 px on the long side.

    ``rotate90`` saves the frame turned a quarter (a phone held sideways, no EXIF
    orientation), so readers must find the text direction themselves.
    """
    image = degrade.photo(render_page_image(spec, PHOTO_DPI), _rng(spec, 2))
    if rotate90:
        image = image.transpose(Image.Transpose.ROTATE_90)
    return encode_photo(image, fmt)


def encode_photo(image: Image.Image, fmt: PhotoFormat) -> bytes:
    """``image`` saved as a phone saves it: JPEG, PNG (a screenshot) or HEIC."""
    buf = io.BytesIO()
    if fmt == "JPEG":
        image.save(buf, "JPEG", quality=PHOTO_QUALITY["JPEG"], optimize=True)
    elif fmt == "PNG":
        image.save(buf, "PNG")
    elif fmt == "HEIC":
        from pillow_heif import from_pillow

        # x265's "fast" preset: a third of the default's time, about the same size.
        from_pillow(image).save(buf, quality=PHOTO_QUALITY["HEIC"], enc_params={"preset": "fast"})
    else:
        raise ValueError(f"unsupported photo format {fmt!r}")
    return buf.getvalue()


Rendering = Literal[
    "text_pdf",
    "scan",
    "scan_gray",
    "photo_jpeg",
    "photo_jpeg_rot",
    "photo_png",
    "photo_heic",
    "photo_heic_rot",
]
"""How a case's file is made: a digital PDF, a scan, or a phone photo."""

_PHOTOS: dict[str, tuple[PhotoFormat, bool]] = {
    "photo_jpeg": ("JPEG", False),
    "photo_jpeg_rot": ("JPEG", True),
    "photo_png": ("PNG", False),
    "photo_heic": ("HEIC", False),
    "photo_heic_rot": ("HEIC", True),
}
_MEDIA_TYPES: dict[PhotoFormat, str] = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "HEIC": "image/heic",
}


def render(spec: DocumentSpec, how: Rendering) -> tuple[bytes, str]:
    """The file for ``spec`` made the ``how`` way, with its media type."""
    if how == "text_pdf":
        return render_text_pdf(spec), "application/pdf"
    if how in ("scan", "scan_gray"):
        return render_scanned_pdf(spec, grayscale=how == "scan_gray"), "application/pdf"
    fmt, turned = _PHOTOS[how]
    return render_phone_photo(spec, fmt, rotate90=turned), _MEDIA_TYPES[fmt]
