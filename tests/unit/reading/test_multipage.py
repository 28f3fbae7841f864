"""Every page of a multi-page file is read: the decisive page may be any of them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from processors.errors import FileTooLarge
from processors.reading import read_document

from . import samples

COVER = (
    "Сопроводительное письмо № 12/07 от 09.11.2026",
    "Направляем копию приказа о предоставлении отпуска для рассмотрения",
    "заявления об отсрочке платежей по договору банковского займа.",
)
APPENDIX = (
    "Приложение к приказу: расчёт пособия",
    "Средний дневной заработок и количество календарных дней отпуска",
    "определены бухгалтерией в соответствии с законодательством.",
)
ORDER_WORDS = ("Жармағанбет", "беременности", samples.IIN)
DPI = 200


@pytest.fixture(scope="module")
def three_page_pdf(
    tmp_path_factory: pytest.TempPathFactory, signed_page: Callable[[int], Image.Image]
) -> Path:
    """A cover letter and an appendix as text, then the signed order as a scanned page."""
    path = tmp_path_factory.mktemp("multipage") / "bundle.pdf"
    return samples.mixed_pdf(path, [COVER, APPENDIX, signed_page(DPI)], DPI)


def test_order_on_the_third_page_of_a_pdf_is_read(three_page_pdf: Path) -> None:
    document = read_document(str(three_page_pdf), max_pages=3)
    assert document.page_count == 3
    assert [p.number for p in document.pages] == [1, 2, 3]
    assert [p.source for p in document.pages] == ["text_layer", "text_layer", "ocr"]
    cover, appendix, order = document.pages
    assert "Сопроводительное письмо" in cover.text and "расчёт пособия" in appendix.text
    for word in ORDER_WORDS:
        assert word in order.text
    assert cover.seals == [] and appendix.seals == []
    assert len(order.seals) == 1 and order.seals[0].colour == "blue"
    assert all(word in document.text for word in ORDER_WORDS)


def test_one_page_over_the_limit_is_refused(three_page_pdf: Path) -> None:
    with pytest.raises(FileTooLarge) as caught:
        read_document(str(three_page_pdf), max_pages=2)
    assert caught.value.details == {"pages": 3, "limit": 2}


def test_every_frame_of_a_tiff_is_read(
    tmp_path: Path, signed_page: Callable[[int], Image.Image]
) -> None:
    # A fax-style bundle: a cover note, then the order fed into the scanner upside down.
    cover = samples.blank_page(DPI)
    samples.write_lines(cover, COVER, DPI)
    order = signed_page(DPI).rotate(180)
    path = tmp_path / "bundle.tiff"
    cover.save(path, save_all=True, append_images=[order], compression="tiff_lzw", dpi=(DPI, DPI))
    document = read_document(str(path), max_pages=2)
    assert document.media_type == "image/tiff"
    assert document.page_count == 2
    first, second = document.pages
    assert "Сопроводительное" in first.text and first.seals == []
    assert second.rotation == 180
    for word in ORDER_WORDS:
        assert word in second.text
    assert len(second.seals) == 1
