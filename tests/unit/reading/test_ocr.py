"""OCR details: orientation without OSD, deskew, broken text layers, engine failures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from processors.errors import OcrFailure
from processors.reading import ocr, read_document
from processors.reading.deskew import text_lines

from . import samples

PageAt = Callable[[int], Image.Image]
SHORT = ("Справка № 12 от 02.10.2026", f"ИИН {samples.IIN}", "Выдана Серікқызы Айгерим")


@pytest.fixture(scope="module")
def short_page(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    """Three lines only: too little text for Tesseract's OSD to be sure."""
    path = samples.text_pdf(tmp_path_factory.mktemp("short") / "short.pdf", [SHORT])
    return np.asarray(samples.render(path, 150).convert("L"))


@pytest.mark.parametrize("turned", [90, 180, 270])
def test_orientation_falls_back_to_trial_ocr_on_short_pages(
    short_page: np.ndarray, turned: int
) -> None:
    assert ocr._osd_rotation(ocr.turn(short_page, turned)) is None  # OSD has too little to go on
    result = ocr.ocr_page(ocr.turn(short_page, turned), dpi=150)
    assert result.rotation == (360 - turned) % 360
    assert samples.IIN in result.text and "Серікқызы" in result.text


def test_tilted_scan_is_levelled_and_read(signed_page: PageAt) -> None:
    tilted = signed_page(200).rotate(-3.0, resample=Image.Resampling.BICUBIC, fillcolor="white")
    result = ocr.ocr_page(np.asarray(tilted.convert("L")), dpi=200)
    assert result.skew == pytest.approx(3.0, abs=0.3)
    assert samples.IIN in result.text and "Жармағанбет" in result.text


def test_broken_text_layer_is_replaced_by_ocr(tmp_path: Path) -> None:
    # Latin a, o, e, p, c in place of Cyrillic ones: the page looks right, its text does not.
    lookalikes = str.maketrans("аоерс", "aoepc")
    lines = [line.translate(lookalikes) for line in samples.ORDER_LINES]
    document = read_document(str(samples.text_pdf(tmp_path / "mapped.pdf", [lines])), max_pages=5)
    (page,) = document.pages
    assert page.source == "ocr"
    assert "беременности" in page.text and samples.IIN in page.text


def test_scan_with_a_stray_text_line_is_ocred(tmp_path: Path, signed_page: PageAt) -> None:
    # An eGov-style footer is real text, but the document itself is the scanned image.
    path = tmp_path / "stamped-scan.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawImage(ImageReader(signed_page(150)), 0, 0, *A4)
    pdf.setFont(samples.font_name(), 7)
    pdf.drawString(40, 20, "Документ сформирован порталом электронного правительства www.egov.kz")
    pdf.showPage()
    pdf.save()
    (page,) = read_document(str(path), max_pages=5).pages
    assert page.source == "ocr"
    assert samples.IIN in page.text


@pytest.fixture
def broken_tessdata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    ocr.close_engines()
    monkeypatch.setattr(ocr, "tessdata_dir", lambda: str(tmp_path))
    yield
    ocr.close_engines()


@pytest.mark.usefixtures("broken_tessdata")
def test_engine_that_cannot_start_is_a_retriable_ocr_failure(short_page: np.ndarray) -> None:
    with pytest.raises(OcrFailure) as caught:
        ocr.ocr_page(short_page, dpi=150)
    assert caught.value.stage == "ocr"
    assert caught.value.retriable


def test_photo_with_a_hard_shadow_is_read(tmp_path: Path, signed_page: PageAt) -> None:
    path = tmp_path / "shadow.jpg"
    samples.shadowed(signed_page(200)).save(path, quality=90)
    (page,) = read_document(str(path), max_pages=5).pages
    for word in ("Жармағанбет", "Предоставить", "Директор", samples.IIN):
        assert word in page.text


def test_an_upright_scan_is_read_without_an_orientation_pass(signed_page: PageAt) -> None:
    gray = np.asarray(signed_page(200).convert("L"))
    quick = ocr.recognise_as_it_stands(gray, 200)
    assert quick is not None
    upright, text, confidence = quick
    assert upright.rotation == 0 and confidence > 80
    assert samples.IIN in text and "Жармағанбет" in text


@pytest.mark.parametrize("turned", [90, 180])
def test_a_turned_scan_is_left_to_the_orientation_pass(signed_page: PageAt, turned: int) -> None:
    gray = np.asarray(signed_page(200).convert("L"))
    assert ocr.recognise_as_it_stands(ocr.turn(gray, turned), 200) is None


@pytest.mark.parametrize("turned", [90, 270])
def test_a_page_turned_a_quarter_is_not_read_as_it_stands(
    signed_page: PageAt, turned: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its lines run down the page: reading it sideways would only be thrown away.
    gray = ocr.turn(np.asarray(signed_page(200).convert("L")), turned)
    assert not text_lines(gray).across
    assert text_lines(ocr.turn(gray, 360 - turned)).across

    def no_recognition(*args: object, **kwargs: object) -> None:
        raise AssertionError("a sideways page was recognised")

    monkeypatch.setattr(ocr, "_using", no_recognition)
    assert ocr.recognise_as_it_stands(gray, 200) is None
