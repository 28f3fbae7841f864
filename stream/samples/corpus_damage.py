"""Files the service must refuse or cannot read, made from a document's spec.

Each answers to one code of CONTRACT section 4 by construction: the wrong bytes
behind a ``.pdf`` name (FILE_UNSUPPORTED), a PDF needing a password
(FILE_UNSUPPORTED), a cut-off download (FILE_CORRUPT), too many pages, bytes or
pixels (FILE_TOO_LARGE), a photo with no legible text on it (UNREADABLE).
"""

from __future__ import annotations

import html
import io
import struct
import zipfile
import zlib

import cv2
import numpy as np
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from stream.samples import degrade
from stream.samples.blocks import Field, Para, Row, Table
from stream.samples.render_image import (
    PHOTO_DPI,
    PHOTO_QUALITY,
    SCAN_DPI,
    render_page_image,
    render_phone_photo,
)
from stream.samples.render_pdf import render_parts_pdf, render_text_pdf
from stream.samples.spec import DocumentSpec
from stream.samples.texts import compose

_ZIP_TIME = (2026, 1, 1, 9, 0, 0)
_A4_MM = (210, 297)


def saved_web_page(spec: DocumentSpec) -> bytes:
    """The document's text as an HTML page saved from a portal: HTML, not a PDF."""
    lines: list[str] = []
    for block in compose(spec).blocks:
        match block:
            case Para():
                lines.append(f"<p>{html.escape(block.text)}</p>")
            case Row():
                lines.append(f"<p>{html.escape(block.left)} {html.escape(block.right)}</p>")
            case Field():
                lines.append(
                    f"<p><b>{html.escape(block.label)}:</b> {html.escape(block.value)}</p>"
                )
            case Table():
                cells = " | ".join(" ".join(row) for row in block.rows)
                lines.append(f"<p>{html.escape(cells)}</p>")
    page = (
        '<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8">'
        "<title>Электронное правительство Республики Казахстан</title></head>\n<body>\n"
        + "\n".join(lines)
        + "\n</body></html>\n"
    )
    return page.encode("utf-8")


def zipped(inner_name: str, content: bytes, *, stored: bool = False) -> bytes:
    """``content`` packed in a ZIP archive, as some mail clients send attachments.

    ``stored`` keeps it uncompressed, so a PDF's own header shows a few dozen
    bytes into the archive.
    """
    buf = io.BytesIO()
    info = zipfile.ZipInfo(inner_name, date_time=_ZIP_TIME)
    # A ZipInfo alone would store it uncompressed.
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr(info, content)
    return buf.getvalue()


def password_protected_pdf(spec: DocumentSpec, password: str = "2026") -> bytes:
    """The document as a PDF that opens only with a user password."""
    encrypt = StandardEncryption(password, ownerPassword=f"owner-{password}")
    return render_parts_pdf([(spec, compose(spec))], encrypt=encrypt)


def cut_off(content: bytes, keep: float) -> bytes:
    """The first ``keep`` share of the bytes: an interrupted upload."""
    if not 0 < keep < 1:
        raise ValueError("keep is a share of the file, between 0 and 1")
    return content[: int(len(content) * keep)]


def truncated_pdf(spec: DocumentSpec, keep: float = 0.6) -> bytes:
    return cut_off(render_text_pdf(spec), keep)


def truncated_photo(spec: DocumentSpec, keep: float = 0.4) -> bytes:
    return cut_off(render_phone_photo(spec, "JPEG"), keep)


def repeated_pages_pdf(spec: DocumentSpec, copies: int) -> bytes:
    """The document fed through a scanner ``copies`` times into one PDF."""
    text = compose(spec)
    return render_parts_pdf([(spec, text)] * copies)


def many_pages_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` nearly blank pages: small in bytes, hostile only in its count."""
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    for number in range(1, pages + 1):
        pdf.drawString(72, 770, f"{number}")
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def decompression_bomb_png(side: int = 15_000) -> bytes:
    """A valid white greyscale PNG of ``side`` x ``side`` pixels in a few hundred KB:
    decoding it would take ``side``² bytes (225 MB by default)."""
    row = b"\x00" + b"\xff" * side  # filter type 0, then the pixels
    packer = zlib.compressobj()
    rows_per_block = max(1, 8_000_000 // len(row))
    blocks, rest = divmod(side, rows_per_block)
    parts = [packer.compress(row * rows_per_block) for _ in range(blocks)]
    idat = b"".join(parts) + packer.compress(row * rest) + packer.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def uncompressed_tiff(spec: DocumentSpec) -> bytes:
    """A 300 DPI colour scan saved as an uncompressed TIFF: about 26 MB for one A4 page."""
    page = degrade.scan(render_page_image(spec, SCAN_DPI), np.random.default_rng([spec.seed, 1]),
                        grayscale=False)  # fmt: skip
    buf = io.BytesIO()
    page.save(buf, "TIFF", compression=None, dpi=(SCAN_DPI, SCAN_DPI))
    return buf.getvalue()


def _jpeg(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=PHOTO_QUALITY["JPEG"], optimize=True)
    return buf.getvalue()


def blank_sheet_photo(seed: int) -> bytes:
    """A phone photo of an empty A4 sheet on a desk (the back of the page was shot)."""
    width, height = (round(mm / 25.4 * PHOTO_DPI) for mm in _A4_MM)
    sheet = Image.new("RGB", (width, height), (255, 255, 255))
    return _jpeg(degrade.photo(sheet, np.random.default_rng([seed, 3])))


def out_of_focus_photo(spec: DocumentSpec, sigma: float = 14.0) -> bytes:
    """The document shot with the lens focused on the desk: lines of grey haze, no letters."""
    photo = degrade.photo(render_page_image(spec, PHOTO_DPI), np.random.default_rng([spec.seed, 4]))
    pixels = cv2.GaussianBlur(np.asarray(photo), (0, 0), sigma)
    return _jpeg(Image.fromarray(pixels))
