"""A PDF's text layer is used only when it is real text; a broken font's layer is
replaced by OCR of the drawn page, which looks right whatever the layer says."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from processors.reading import read_document
from processors.reading.textlayer import judge_text_layer

from . import samples

RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
KAZAKH = "әғқңөұүһі"


def _letters(lines: tuple[str, ...]) -> list[str]:
    return sorted({ch for line in lines for ch in line if ch.isalpha()})


def latin1_mojibake(lines: tuple[str, ...]) -> dict[str, str]:
    """Each letter at its Kazakh code page (KZ-1048) byte, read as Latin-1: "Ïðèêàç"."""
    return {chr(ch.encode("kz1048")[0]): ch for ch in _letters(lines)}


def private_use(lines: tuple[str, ...]) -> dict[str, str]:
    """Each letter at a private-use code point, as symbol-encoded fonts extract."""
    return {chr(0xF000 + i): ch for i, ch in enumerate(_letters(lines))}


def shifted(lines: tuple[str, ...]) -> dict[str, str]:
    """Each Cyrillic letter extracts as the next one: Cyrillic, but not words."""
    alphabet = RUSSIAN + KAZAKH
    upper = alphabet.upper()
    drawn_as = {}
    for letters in (alphabet, upper):
        for i, ch in enumerate(letters):
            drawn_as[letters[(i + 1) % len(letters)]] = ch
    return drawn_as


ENCODINGS: dict[str, Callable[[tuple[str, ...]], dict[str, str]]] = {
    "latin1_mojibake": latin1_mojibake,
    "private_use": private_use,
    "shifted_cyrillic": shifted,
}
LINES = (
    *samples.ORDER_LINES,
    "Основание: заявление работника и лист о временной нетрудоспособности.",
)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_pdf_with_a_broken_font_map_is_ocred(tmp_path: Path, encoding: str) -> None:
    drawn_as = ENCODINGS[encoding](LINES)
    font = samples.reencoded_font(tmp_path / f"{encoding}.ttf", drawn_as)
    path = samples.text_pdf(
        tmp_path / "broken.pdf", [samples.encode_lines(LINES, drawn_as)], font=font
    )
    (page,) = read_document(str(path), max_pages=5).pages
    assert page.source == "ocr"
    for word in ("беременности", "Жүктілігіне", "Основание", samples.IIN):
        assert word in page.text, page.text


def test_extracted_layers_of_the_broken_fonts_are_judged_broken(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    for encoding, build in ENCODINGS.items():
        drawn_as = build(LINES)
        font = samples.reencoded_font(tmp_path / f"{encoding}.ttf", drawn_as)
        path = samples.text_pdf(
            tmp_path / f"{encoding}.pdf", [samples.encode_lines(LINES, drawn_as)], font=font
        )
        document = pdfium.PdfDocument(str(path))
        try:
            text = document[0].get_textpage().get_text_range()
        finally:
            document.close()
        assert "беременности" not in text  # the layer really is broken
        assert not judge_text_layer(text).is_real, encoding


def test_the_same_page_in_a_sound_font_keeps_its_text_layer(tmp_path: Path) -> None:
    path = samples.text_pdf(tmp_path / "sound.pdf", [LINES])
    (page,) = read_document(str(path), max_pages=5).pages
    assert page.source == "text_layer"
    assert "Жүктілігіне" in page.text
