"""A scanner's page (one image over the whole page) is taken as its own image;
any page where drawing would show something else is drawn."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from processors.reading.fullpage import may_mask_images, scanned_page_image
from processors.reading.page import read_image_page
from processors.reading.pdf import MAX_LONG_SIDE, read_pdf

from . import samples

DPI = 300


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def _scan(
    path: Path,
    image: Image.Image,
    *,
    dpi: int = DPI,
    extra: Callable[[canvas.Canvas], None] | None = None,
    margin: float = 0.0,
) -> Path:
    """A one-page PDF holding ``image`` as a JPEG over the page (inside ``margin`` pt)."""
    width, height = image.width * 72 / dpi, image.height * 72 / dpi
    pdf = canvas.Canvas(str(path), pagesize=(width + 2 * margin, height + 2 * margin))
    pdf.drawImage(ImageReader(io.BytesIO(_jpeg(image))), margin, margin, width, height)
    if extra is not None:
        extra(pdf)
    pdf.showPage()
    pdf.save()
    return path


@contextmanager
def _page(path: Path) -> Iterator[pdfium.PdfPage]:
    document = pdfium.PdfDocument(str(path))
    try:
        yield document[0]
    finally:
        document.close()


def _taken(path: Path, dpi: int = DPI) -> tuple[np.ndarray, int] | None:
    with _page(path) as page:
        return scanned_page_image(page, dpi, MAX_LONG_SIDE, masks=lambda: may_mask_images(path))


def test_a_colour_scan_is_its_own_image_unresampled(
    tmp_path: Path, signed_page: Callable[[int], Image.Image]
) -> None:
    page = signed_page(DPI).convert("RGB")
    taken = _taken(_scan(tmp_path / "scan.pdf", page))
    assert taken is not None
    image, dpi = taken
    assert dpi == DPI
    assert image.shape == (page.height, page.width, 3)  # RGB
    # Exactly the JPEG's pixels: decoded, not drawn (drawing resamples them).
    decoded = np.asarray(Image.open(io.BytesIO(_jpeg(page))).convert("RGB"))
    assert np.array_equal(image, decoded)


def test_a_grey_scan_stays_grey(tmp_path: Path, signed_page: Callable[[int], Image.Image]) -> None:
    taken = _taken(_scan(tmp_path / "grey.pdf", signed_page(DPI).convert("L")))
    assert taken is not None
    assert taken[0].ndim == 2  # one channel


def test_a_scan_near_the_reading_dpi_keeps_its_own(
    tmp_path: Path, signed_page: Callable[[int], Image.Image]
) -> None:
    page = signed_page(DPI).convert("RGB")
    taken = _taken(_scan(tmp_path / "scan.pdf", page, dpi=290))
    assert taken is not None
    assert taken[1] == 290 and taken[0].shape[:2] == (page.height, page.width)


def test_a_scan_far_from_the_reading_dpi_is_drawn(
    tmp_path: Path, signed_page: Callable[[int], Image.Image]
) -> None:
    page = signed_page(150).convert("RGB")
    assert _taken(_scan(tmp_path / "low.pdf", page, dpi=150)) is None
    assert _taken(_scan(tmp_path / "same.pdf", page, dpi=150), dpi=150) is not None


def test_anything_else_on_the_page_has_it_drawn(
    tmp_path: Path, signed_page: Callable[[int], Image.Image]
) -> None:
    page = signed_page(DPI).convert("RGB")

    def footer(pdf: canvas.Canvas) -> None:
        pdf.setFont(samples.font_name(), 8)
        pdf.drawString(40, 20, "Документ сформирован порталом электронного правительства")

    def link(pdf: canvas.Canvas) -> None:
        pdf.linkURL("https://egov.kz", (40, 20, 200, 40))

    assert _taken(_scan(tmp_path / "footer.pdf", page, extra=footer)) is None
    assert _taken(_scan(tmp_path / "annotated.pdf", page, extra=link)) is None
    assert _taken(_scan(tmp_path / "framed.pdf", page, margin=20)) is None


def test_a_turned_or_transparent_image_is_drawn(
    tmp_path: Path, signed_page: Callable[[int], Image.Image]
) -> None:
    page = signed_page(DPI).convert("RGB")

    def turned(pdf: canvas.Canvas) -> None:
        pdf.setPageRotation(90)

    assert _taken(_scan(tmp_path / "turned.pdf", page, extra=turned)) is None

    see_through = page.convert("RGBA")
    see_through.putalpha(200)
    path = tmp_path / "alpha.pdf"
    width, height = page.width * 72 / DPI, page.height * 72 / DPI
    pdf = canvas.Canvas(str(path), pagesize=(width, height))
    pdf.drawImage(ImageReader(see_through), 0, 0, width, height, mask="auto")
    pdf.showPage()
    pdf.save()
    assert _taken(path) is None


def test_a_scan_taken_as_its_image_reads_as_drawn(scan_pdf: Path) -> None:
    """The reading stage's result for the fixture scan: its text and its seal."""
    _count, pages = read_pdf(scan_pdf, max_pages=5, dpi=DPI)
    page = pages[0]
    assert page.source == "ocr"  # type: ignore[union-attr]
    assert samples.IIN in page.text.replace(" ", "")  # type: ignore[union-attr]
    assert page.seals and page.seals[0].colour == "blue"  # type: ignore[union-attr]


def test_a_grey_scan_read_in_one_channel_reads_as_its_rgb_copy(
    signed_page: Callable[[int], Image.Image],
) -> None:
    """A grey page stays grey through the page steps, with the same result."""
    grey = signed_page(DPI).convert("L")
    one_channel = read_image_page(1, grey, DPI)
    assert samples.IIN in one_channel.text.replace(" ", "")
    assert one_channel == read_image_page(1, grey.convert("RGB"), DPI)


def _pil_pdf(page: Image.Image, *, decode_inverted: bool = False) -> bytes:
    """``page`` saved by Pillow as a one-image PDF (a 1-bit page as CCITT G4, as
    black-and-white scanners write it); optionally with ``/Decode [1 0]``, which
    inverts the image when drawn."""
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=DPI)
    data = buffer.getvalue()
    if decode_inverted:
        data = data.replace(b"/Type /XObject", b"/Type /XObject /Decode [1 0]", 1)
    return data


@pytest.mark.parametrize("decode_inverted", [False, True])
def test_a_black_and_white_scan_is_taken_as_drawing_shows_it(
    tmp_path: Path, signed_page: Callable[[int], Image.Image], decode_inverted: bool
) -> None:
    path = tmp_path / "bw.pdf"
    path.write_bytes(_pil_pdf(signed_page(DPI).convert("1"), decode_inverted=decode_inverted))
    taken = _taken(path)
    assert taken is not None
    with _page(path) as page:
        drawn = np.asarray(page.render(scale=DPI / 72).to_pil().convert("L"))
    image = cv2.cvtColor(taken[0], cv2.COLOR_RGB2GRAY) if taken[0].ndim == 3 else taken[0]
    height, width = image.shape
    # The same page, black where drawing shows black (inverted by /Decode or not),
    # up to drawing's one-pixel stretch.
    assert np.abs(image.astype(int) - drawn[:height, :width]).mean() < 8
