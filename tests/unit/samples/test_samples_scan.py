"""The scanned PDF: image-only, one JPEG page per page, A4 at 300 DPI."""

from __future__ import annotations

from collections.abc import Callable

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from stream.samples import SampleCase


def _images(pdf: bytes) -> tuple[int, str, list[tuple[int, int]], tuple[float, float]]:
    """Pages, text layer, the pixel size of every image object, the first page's size."""
    document = pdfium.PdfDocument(pdf)
    try:
        text = "".join(page.get_textpage().get_text_range() for page in document)
        sizes = [
            obj.get_px_size()
            for page in document
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
        ]
        return len(document), text, sizes, document[0].get_size()
    finally:
        document.close()


@pytest.mark.parametrize("name", ["sick_leave_ru_scan", "name_mismatch_scan"])
def test_scan_has_no_text_layer_and_one_image_page(
    case_named: Callable[[str], SampleCase], name: str
) -> None:
    case = case_named(name)
    pages, text, sizes, (width, height) = _images(case.content)
    assert pages == 1
    assert text.strip() == ""
    assert len(sizes) == 1
    px_w, px_h = sizes[0]
    assert abs(px_w - 2480) <= 2 and abs(px_h - 3508) <= 2  # A4 at 300 DPI
    assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1
    assert len(case.content) < 1_500_000


def test_grayscale_scan_embeds_a_gray_image(case_named: Callable[[str], SampleCase]) -> None:
    document = pdfium.PdfDocument(case_named("name_mismatch_scan").content)
    try:
        (image,) = document[0].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
        assert image.get_filters() == ["DCTDecode"]
        assert image.get_bitmap().to_pil().mode == "L"
    finally:
        document.close()
