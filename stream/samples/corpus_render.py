"""Files for the evaluation corpus: one document or several in one file, in every
way a customer sends them.

Besides ``render_image.render``'s renderings this draws multi-page files (a
cover letter or the employee's application before the order, an
acknowledgement sheet after it) as a digital PDF or a scan, a PDF protected by
an owner password only, and a phone photo that is stored sideways with an EXIF
orientation tag saying how to turn it (as phones do).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Literal, get_args

import numpy as np
import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib.pdfencrypt import StandardEncryption

from stream.samples import degrade
from stream.samples.blocks import DocumentText
from stream.samples.render_image import (
    PHOTO_DPI,
    PHOTO_QUALITY,
    SCAN_DPI,
    SCAN_QUALITY,
    Rendering,
    image_pdf,
    render,
    render_page_image,
)
from stream.samples.render_pdf import render_parts_pdf
from stream.samples.spec import DocumentSpec
from stream.samples.texts import compose
from stream.samples.texts_cover import acknowledgement_sheet, application, cover_letter

Part = tuple[DocumentSpec, DocumentText]
CorpusRendering = Literal[Rendering, "text_pdf_owner_pw", "photo_jpeg_exif"]
PDF = "application/pdf"
_EXIF_ORIENTATION = 0x0112
_ROTATE_90_CW_TO_VIEW = 6


def _page_spec(order: DocumentSpec, offset: int) -> DocumentSpec:
    """The order's facts for a companion page: its own randomness, no eGov footer."""
    return replace(order, seed=order.seed * 10 + offset, qr_payload=None)


def cover_part(order: DocumentSpec, sent: date, out_number: str) -> Part:
    return _page_spec(order, 1), cover_letter(order, sent, out_number)


def application_part(order: DocumentSpec, written: date) -> Part:
    return _page_spec(order, 2), application(order, written)


def acknowledgement_part(order: DocumentSpec, signed: date) -> Part:
    return _page_spec(order, 3), acknowledgement_sheet(order, signed)


def rasterize(pdf: bytes, dpi: int) -> list[Image.Image]:
    """Every page of ``pdf`` drawn at ``dpi``, in RGB."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in document]
    finally:
        document.close()


def scan_pdf(pdf: bytes, seed: int, *, grayscale: bool, created: date) -> bytes:
    """``pdf`` printed and fed through a 300 DPI scanner: JPEG pages, no text layer."""
    rng = np.random.default_rng([seed, 1])
    pages = [degrade.scan(page, rng, grayscale=grayscale) for page in rasterize(pdf, SCAN_DPI)]
    return image_pdf(pages, quality=SCAN_QUALITY, created=created)


def owner_password_only() -> StandardEncryption:
    """Opens without a password, forbids copying and editing: many issued PDFs are so."""
    return StandardEncryption(
        "", ownerPassword="hr-dept-2026", canPrint=1, canModify=0, canCopy=0, canAnnotate=0
    )


def photo_with_exif_turn(spec: DocumentSpec) -> bytes:
    """A JPEG whose pixels lie sideways and whose EXIF says «turn 90° clockwise to view»."""
    upright = degrade.photo(
        render_page_image(spec, PHOTO_DPI), np.random.default_rng([spec.seed, 5])
    )
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # counter-clockwise
    exif = Image.Exif()
    exif[_EXIF_ORIENTATION] = _ROTATE_90_CW_TO_VIEW
    buf = io.BytesIO()
    stored.save(buf, "JPEG", quality=PHOTO_QUALITY["JPEG"], optimize=True, exif=exif)
    return buf.getvalue()


def render_document(
    spec: DocumentSpec,
    how: CorpusRendering,
    before: Sequence[Part] = (),
    after: Sequence[Part] = (),
) -> tuple[bytes, str]:
    """The file holding ``spec``'s document (with companion pages, if any), made the ``how`` way."""
    if how not in get_args(CorpusRendering) and how not in get_args(Rendering):
        raise ValueError(f"unknown rendering {how!r}")
    bundled = bool(before or after)
    if not bundled and how not in ("text_pdf_owner_pw", "photo_jpeg_exif"):
        return render(spec, how)  # type: ignore[arg-type]
    parts = [*before, (spec, compose(spec)), *after]
    if how == "text_pdf":
        return render_parts_pdf(parts), PDF
    if how == "text_pdf_owner_pw":
        return render_parts_pdf(parts, encrypt=owner_password_only()), PDF
    if how in ("scan", "scan_gray"):
        pdf = render_parts_pdf(parts)
        return scan_pdf(pdf, spec.seed, grayscale=how == "scan_gray", created=spec.issue_date), PDF
    if how == "photo_jpeg_exif" and not bundled:
        return photo_with_exif_turn(spec), "image/jpeg"
    raise ValueError(f"a {how} shows one page; it cannot hold companion pages")
