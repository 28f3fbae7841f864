"""``read_document`` end to end: text layers, OCR of scans and photos, and refusals."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pdfencrypt import StandardEncryption

from processors.errors import FileCorrupt, FileTooLarge, FileUnsupported
from processors.reading import pdf as pdf_module
from processors.reading import read_document
from schemas.document import PageReading

from . import samples

WORDS = ("Жармағанбет", "Серікқызы", "беременности", "Жүктілігіне", samples.IIN)


def _assert_reads_the_order(page: PageReading) -> None:
    missing = [word for word in WORDS if word not in page.text]
    assert not missing, f"not read: {missing}\n{page.text}"


def _assert_one_blue_seal(page: PageReading) -> None:
    assert len(page.seals) == 1
    assert page.seals[0].score >= 0.8
    assert page.seals[0].colour == "blue"


def test_digital_pdf_is_read_from_its_text_layer(order_pdf: Path) -> None:
    document = read_document(str(order_pdf), max_pages=20)
    assert document.media_type == "application/pdf"
    assert document.sha256 == hashlib.sha256(order_pdf.read_bytes()).hexdigest()
    assert document.page_count == 1
    (page,) = document.pages
    assert page.source == "text_layer"
    assert page.ocr_confidence is None
    assert page.text.startswith("ТОО «Жұлдыз Логистика»")  # exact, Kazakh ұ included
    _assert_reads_the_order(page)
    assert page.seals == []


def test_seal_on_a_digital_pdf_is_found_without_ocr(tmp_path: Path) -> None:
    overlay = Image.new("RGBA", samples.blank_page(150).size, (0, 0, 0, 0))
    samples.sign_and_seal(overlay, 150)
    document = read_document(
        str(samples.text_pdf(tmp_path / "sealed.pdf", overlay=overlay)), max_pages=5
    )
    (page,) = document.pages
    assert page.source == "text_layer"
    _assert_one_blue_seal(page)


def test_scanned_pdf_is_ocred(scan_pdf: Path) -> None:
    document = read_document(str(scan_pdf), max_pages=20)
    (page,) = document.pages
    assert page.source == "ocr"
    assert page.ocr_confidence is not None and page.ocr_confidence > 80
    assert page.rotation == 0
    _assert_reads_the_order(page)
    _assert_one_blue_seal(page)


def test_phone_photo_is_stood_up_by_exif_and_ocred(exif_photo: Path) -> None:
    document = read_document(str(exif_photo), max_pages=20)
    assert document.media_type == "image/jpeg"
    (page,) = document.pages
    assert page.rotation == 0  # EXIF already turned it; OCR found it upright
    _assert_reads_the_order(page)
    _assert_one_blue_seal(page)


def test_sideways_page_is_turned_before_ocr(sideways_png: Path) -> None:
    (page,) = read_document(str(sideways_png), max_pages=20).pages
    assert page.rotation == 90  # turned a quarter clockwise to read it
    _assert_reads_the_order(page)
    _assert_one_blue_seal(page)


def test_every_page_of_a_pdf_is_read(tmp_path: Path) -> None:
    second = ("Страница 2", "Настоящий приказ вступает в силу со дня подписания.")
    path = samples.text_pdf(tmp_path / "two.pdf", [samples.ORDER_LINES, second])
    document = read_document(str(path), max_pages=2)
    assert document.page_count == 2
    assert [p.number for p in document.pages] == [1, 2]
    assert "вступает в силу" in document.pages[1].text
    assert "\f" in document.text


def test_pdf_with_too_many_pages_is_refused_before_drawing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = samples.text_pdf(tmp_path / "long.pdf", [("Страница",)] * 21)

    def no_drawing(*args: object, **kwargs: object) -> None:
        raise AssertionError("a page was drawn")

    monkeypatch.setattr(pdf_module, "page_image", no_drawing)
    with pytest.raises(FileTooLarge) as caught:
        read_document(str(path), max_pages=20)
    assert caught.value.details == {"pages": 21, "limit": 20}


def test_encrypted_pdf_is_unsupported(tmp_path: Path) -> None:
    path = samples.text_pdf(tmp_path / "locked.pdf", encrypt="secret")
    with pytest.raises(FileUnsupported):
        read_document(str(path), max_pages=20)


def test_pdf_restricted_by_an_owner_password_only_is_read(tmp_path: Path) -> None:
    # Opens without a password (printing, copying limits only): the bank's own
    # systems and eGov produce such files, and nothing stops reading them.
    restricted = StandardEncryption("", ownerPassword="owner", canModify=0, canCopy=0)
    path = samples.text_pdf(tmp_path / "restricted.pdf", encrypt=restricted)
    assert b"/Encrypt" in path.read_bytes()
    (page,) = read_document(str(path), max_pages=20).pages
    assert page.source == "text_layer" and samples.IIN in page.text


def test_truncated_pdf_is_corrupt(tmp_path: Path, order_pdf: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(order_pdf.read_bytes()[:4000])
    with pytest.raises(FileCorrupt):
        read_document(str(path), max_pages=20)


@pytest.mark.parametrize(
    "content",
    [b"", b"<!DOCTYPE html><html><body>Access denied</body></html>", b"PK\x03\x04" + b"\x00" * 40],
)
def test_non_documents_named_pdf_are_unsupported(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    with pytest.raises(FileUnsupported) as caught:
        read_document(str(path), max_pages=20)
    assert caught.value.details["size"] == len(content)


@pytest.mark.parametrize(
    "image",
    [
        Image.new("RGB", (827, 1169), "white"),  # a blank page
        Image.new("L", (1, 1), 0),  # a single pixel
        Image.new("LA", (600, 800), (0, 0)),  # fully transparent
    ],
    ids=["blank", "pixel", "transparent"],
)
def test_images_without_text_read_as_empty_pages(tmp_path: Path, image: Image.Image) -> None:
    path = tmp_path / "empty.png"
    image.save(path)
    (page,) = read_document(str(path), max_pages=5).pages
    assert page.text == ""
    assert page.source == "ocr"
    assert page.seals == [] and page.qr_codes == []
