"""QR codes on page images and on text-layer PDF pages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from processors.reading import read_document
from processors.reading.qr import read_qr_codes

from . import samples

EGOV_URL = "https://egov.kz/services/verify?doc=4f7c6a4e8a554c8e"


def test_qr_on_a_page_image_is_decoded() -> None:
    page = samples.blank_page(150)
    page.paste(samples.qr_image(EGOV_URL, 4), (900, 1400))
    page.paste(samples.qr_image("второй код", 4), (200, 1400))
    scan = read_qr_codes(np.asarray(page.convert("L")))
    assert set(scan.payloads) == {EGOV_URL, "второй код"}
    assert scan.undecoded == 0


def test_page_without_codes_reads_nothing() -> None:
    assert read_qr_codes(np.asarray(samples.blank_page(100).convert("L"))).payloads == []


def test_dense_qr_on_a_text_layer_page_is_decoded_at_full_resolution(tmp_path: Path) -> None:
    # 1,600 characters make a version-30-odd symbol: 30 mm of it is too fine to
    # decode at the 150 DPI look-over, so the page is drawn again at 300 DPI.
    payload = (
        EGOV_URL + "&sig=" + "MIIGfwYJKoZIhvcNAQcCoIIGcDCCBmwCAQExDjAMBggqgw4DCgEDAQUAMAsG" * 26
    )
    overlay = Image.new("RGBA", samples.blank_page(300).size, (0, 0, 0, 0))
    code = samples.qr_image(payload, 2).resize((samples.mm(30, 300),) * 2, Image.Resampling.NEAREST)
    overlay.paste(code, (samples.mm(160, 300), samples.mm(250, 300)))
    document = read_document(
        str(samples.text_pdf(tmp_path / "egov.pdf", overlay=overlay)), max_pages=5
    )
    page = document.pages[0]
    assert page.source == "text_layer"
    assert page.qr_codes == [payload]
