"""Files of the holdout corpus: its own texts through the project's renderers.

The page is laid out by ``render_pdf`` (seal, signature, eGov QR), scanned by
``corpus_render.scan_pdf`` and photographed by ``degrade.photo``, so only the
wording differs from the main corpus. Photos may be shot at a steeper angle
than the main corpus allows, and one rendering throws the page out of focus.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import cv2
import numpy as np
from PIL import Image

from stream.samples import degrade, holdout_texts_kk, holdout_texts_ru
from stream.samples.blocks import DocumentText
from stream.samples.corpus_render import rasterize, scan_pdf
from stream.samples.render_image import PHOTO_DPI, PhotoFormat, encode_photo
from stream.samples.render_pdf import render_parts_pdf
from stream.samples.spec import DocumentSpec

HoldoutRendering = Literal[
    "text_pdf", "scan", "scan_gray", "photo_jpeg", "photo_jpeg_angled", "photo_jpeg_rot",
    "photo_png", "photo_heic", "photo_heic_rot", "photo_jpeg_blurred",
]  # fmt: skip
PDF = "application/pdf"
_PHOTOS: dict[str, tuple[PhotoFormat, bool]] = {
    "photo_jpeg": ("JPEG", False),
    "photo_jpeg_angled": ("JPEG", False),
    "photo_jpeg_rot": ("JPEG", True),
    "photo_png": ("PNG", False),
    "photo_heic": ("HEIC", False),
    "photo_heic_rot": ("HEIC", True),
    "photo_jpeg_blurred": ("JPEG", False),
}
_MEDIA = {"JPEG": "image/jpeg", "PNG": "image/png", "HEIC": "image/heic"}
_COMPOSERS = {"ru": holdout_texts_ru.COMPOSERS, "kk": holdout_texts_kk.COMPOSERS}


def compose(spec: DocumentSpec) -> DocumentText:
    try:
        composer = _COMPOSERS[spec.language][str(spec.doc_type)]
    except KeyError:
        raise ValueError(f"no holdout {spec.language} text for {spec.doc_type!r}") from None
    return composer(spec)


def text_pdf(spec: DocumentSpec) -> bytes:
    return render_parts_pdf([(spec, compose(spec))])


def _photo(spec: DocumentSpec, how: str) -> Image.Image:
    page = rasterize(text_pdf(spec), PHOTO_DPI)[0]
    rng = np.random.default_rng([spec.seed, 2])
    if how == "photo_jpeg_angled":
        # Held at an angle over the desk, not square above it.
        return degrade.photo(page, rng, tilt=(0.05, 0.07), turn=3.5)
    image = degrade.photo(page, rng)
    if how == "photo_jpeg_blurred":
        # Focused on the desk behind the sheet, and moved while shooting.
        pixels = np.asarray(image)
        kernel = np.zeros((31, 31), np.float32)
        kernel[15, :] = 1 / 31
        pixels = cv2.filter2D(cv2.GaussianBlur(pixels, (0, 0), 7.0), -1, kernel)
        image = Image.fromarray(pixels)
    return image


def render_holdout(spec: DocumentSpec, how: HoldoutRendering) -> tuple[bytes, str]:
    """The file for ``spec`` in the holdout's wording, made the ``how`` way."""
    if how == "text_pdf":
        return text_pdf(spec), PDF
    if how in ("scan", "scan_gray"):
        # The customer scans the paper shortly before sending it, not on its issue date.
        scanned = date.fromisoformat(spec.extra.get("scanned", spec.issue_date.isoformat()))
        grey = how == "scan_gray"
        return scan_pdf(text_pdf(spec), spec.seed, grayscale=grey, created=scanned), PDF
    fmt, turned = _PHOTOS[how]
    image = _photo(spec, how)
    if turned:
        image = image.transpose(Image.Transpose.ROTATE_90)
    return encode_photo(image, fmt), _MEDIA[fmt]
