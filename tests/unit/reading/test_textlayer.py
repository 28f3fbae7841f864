"""Judging whether a PDF text layer is real Russian/Kazakh text."""

from __future__ import annotations

import re
from datetime import date

from processors.reading.textlayer import TextLayerQuality, judge_text_layer

REAL = (
    "ПРИКАЗ № 45-к от 08.11.2026\n"
    "Предоставить Жармағанбет Айгерим Серікқызы, ИИН 960125445005, "
    "отпуск по беременности и родам. Жүктілігіне және босануына байланысты демалыс."
)


def test_real_russian_and_kazakh_text_is_trusted() -> None:
    quality = judge_text_layer(REAL)
    assert quality.is_real
    assert quality.cyrillic_share > 0.95


def test_latin_lookalikes_inside_cyrillic_words_are_a_broken_mapping() -> None:
    # Latin a, e, o, p, c stand in for Cyrillic ones, as a bad ToUnicode map produces.
    broken = REAL.replace("а", "a").replace("е", "e").replace("о", "o").replace("р", "p")
    quality = judge_text_layer(broken)
    assert quality.mixed_word_share > 0.5
    assert not quality.is_real


def test_replacement_and_private_use_characters_are_garbage() -> None:
    assert not judge_text_layer(REAL.replace("и", "\ufffd")).is_real
    assert not judge_text_layer(REAL.replace("о", "\ue01f")).is_real


def test_too_few_letters_means_an_image_page() -> None:
    assert not judge_text_layer("Стр. 1 из 2").is_real
    assert not judge_text_layer("").is_real


def test_latin_only_text_is_not_a_document_in_our_languages() -> None:
    english = "This is an English sentence that is long enough to count as a page of text. " * 2
    assert not judge_text_layer(english).is_real


def test_c1_control_characters_are_garbage() -> None:
    assert not judge_text_layer(REAL.replace("а", "\x8a")).is_real


def test_cyrillic_that_is_not_words_is_a_broken_mapping() -> None:
    # Every letter read as the next one: a shifted code page. Cyrillic, no Latin, no
    # garbage; only the letter frequencies give it away.
    alphabet = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі"
    shift = str.maketrans(alphabet, alphabet[1:] + alphabet[0])
    quality = judge_text_layer((REAL * 2).lower().translate(shift))
    assert quality.cyrillic_share > 0.95 and quality.garbage_share == 0.0
    assert quality.common_share < 0.68
    assert not quality.is_real


def test_every_sample_document_layer_is_trusted() -> None:
    # Russian and Kazakh documents of every type: the letter-frequency check must
    # not refuse real text, whatever its language.
    import pypdfium2 as pdfium

    from stream.samples import build_samples, render_text_pdf

    cases = build_samples(date(2026, 11, 20), renderer=lambda spec, how: (b"", ""))
    for case in cases:
        document = pdfium.PdfDocument(render_text_pdf(case.spec))
        try:
            for page in document:
                text = page.get_textpage().get_text_range()
                quality = judge_text_layer(text)
                assert quality == _judged_one_by_one(text), case.name
                assert quality.is_real, (case.name, quality)
                assert quality.common_share >= 0.72, (case.name, quality)
        finally:
            document.close()


def _judged_one_by_one(text: str) -> TextLayerQuality:
    """The signals by their plain definition, each character and word on its own."""
    letters = [ch for ch in text if ch.isalpha()]
    cyrillic = [ch.lower() for ch in letters if "\u0400" <= ch <= "\u052f"]
    visible = [ch for ch in text if not ch.isspace()]
    garbage = [
        ch
        for ch in text
        if ch == "\ufffd"
        or 0xE000 <= ord(ch) <= 0xF8FF
        or (ord(ch) < 0x20 and ch not in "\t\n\r\f\v")
        or 0x80 <= ord(ch) <= 0x9F
    ]
    words = [w for w in re.findall(r"\w+", text) if any("\u0400" <= c <= "\u052f" for c in w)]
    mixed = [w for w in words if any(c in "aceopxyABCEHKMOPTXi" for c in w)]
    return TextLayerQuality(
        letters=len(letters),
        cyrillic_share=len(cyrillic) / len(letters) if letters else 0.0,
        garbage_share=len(garbage) / len(visible) if visible else 0.0,
        mixed_word_share=len(mixed) / len(words) if words else 0.0,
        common_share=(
            sum(ch in "аеиоунтрслкдвыімп" for ch in cyrillic) / len(cyrillic) if cyrillic else 0.0
        ),
        cyrillic_letters=len(cyrillic),
    )


def test_counting_distinct_characters_gives_the_plain_definition() -> None:
    broken = REAL.replace("а", "a").replace("о", "\ue01f").replace("е", "\x8a")
    # The ends of the Cyrillic blocks and the letters just past them, alone and in words.
    edges = "Ѐ ԯ Ա Ͽ Ѐxa ԯb Աa Ͽo ӀOO"
    texts = [REAL, broken, REAL.upper() + " İstanbul ½ ²", "", "   \n\t", "Стр. 1 из 2", edges]
    for text in texts:
        assert judge_text_layer(text) == _judged_one_by_one(text), text
