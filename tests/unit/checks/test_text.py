"""Normalisation of read text: OCR slips undone, Kazakh letters folded, offsets kept."""

from __future__ import annotations

import random
import re

import pytest

from processors.checks import text as text_module
from processors.checks.text import (
    Line,
    PagePattern,
    PageText,
    clean,
    fold,
    fold_name,
    is_cited,
    is_heading,
    names_a_kind,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ивaнoвa Mapия", "Иванова Мария"),  # Latin a, o, M, p inside Cyrillic words
        ("ПPИKAЗ", "ПРИКАЗ"),
        ("TOO «Aльфa»", "ТОО «Альфа»"),  # an all-Latin word of look-alikes
        ("0тпуск по уходу", "Отпуск по уходу"),
        ("0 предоставлении отпуска", "О предоставлении отпуска"),
        ("Жармаған-\nбет Айгерім", "Жармағанбет Айгерім"),
        ("по  беремен-\n  ности   и родам", "по беременности и родам"),
        ("№ 100к от 08.11.2026", "№ 100к от 08.11.2026"),  # digits stay digits
        ("https://egov.kz/check", "https://egov.kz/check"),
        ("II группа", "II группа"),  # a Roman numeral is no look-alike
        ("09.11.2026 Хо 131-ж/қ", "09.11.2026 № 131-ж/қ"),  # «№» read as «Хо»
        ("ПАРАҒЫ\n“Xo 0871340", "ПАРАҒЫ\n“№ 0871340"),  # Latin «Xo»
        ("Мо 45-к от 08.11.2026", "№ 45-к от 08.11.2026"),
        ("N° 12 от 01.11.2026", "№ 12 от 01.11.2026"),
        ("No 7", "№ 7"),
        ("Хорошо 5 дней", "Хорошо 5 дней"),  # a word, not a sign
    ],
)
def test_clean_undoes_ocr_slips(raw: str, expected: str) -> None:
    assert clean(raw) == expected


def test_fold_maps_kazakh_and_yo_letters_one_for_one() -> None:
    text = "Жармағанбет Айгерім Серікқызы, Королёва, ӨҢҰҮҺ"
    folded = fold(text)
    assert folded == "жармаганбет айгерим сериккызы, королева, онуух"
    assert len(folded) == len(text)


def test_fold_name_drops_spaces_and_folds() -> None:
    assert fold_name(" Жармағанбет ") == "жармаганбет"
    assert fold_name("Серік қызы") == "сериккызы"


def test_page_keeps_offsets_between_text_and_folded() -> None:
    page = PageText.of(1, "ПРИКАЗ\nПредоставить Ивaновой отпуск")
    start = page.folded.index("ивановой")
    assert page.text[start : start + 8] == "Ивановой"
    assert page.line_at(start).index == 1
    assert page.lines[1].rank == 1


def test_tokens_tell_initials_from_words() -> None:
    page = PageText.of(1, "Ивановой М.П. от 02.11.2026")
    words = [(t.text, t.initial) for t in page.tokens]
    assert words == [("Ивановой", False), ("М.", True), ("П.", True), ("от", False)]


@pytest.mark.parametrize(
    ("text", "phrase", "cited"),
    [
        (
            "На основании листа о временной нетрудоспособности № 123 предоставить отпуск.",
            "нетрудоспособности",
            True,
        ),
        (
            "На основании листа № 123 предоставить отпуск по беременности и родам.",
            "беременности",
            False,
        ),
        ("Основание: заявление работника.", "заявление", True),
        ("уақытша еңбекке жарамсыздық парағы негізінде БҰЙЫРАМЫН:", "енбекке", True),
        (
            "Жармағанбет А.С.-ға жүктілігіне және босануына байланысты демалыс берілсін.",
            "жуктилиг",
            False,
        ),
    ],
)
def test_is_cited_reads_markers_before_russian_and_after_kazakh(
    text: str, phrase: str, cited: bool
) -> None:
    page = PageText.of(1, text)
    start = page.folded.index(phrase)
    assert is_cited(page, start, start + len(phrase)) is cited


def test_a_city_and_date_row_is_a_clause_of_its_own() -> None:
    page = PageText.of(
        1,
        "ЕҢБЕК ШАРТЫ № 57\nАстана қ. 24.10.2026\n«Сарыарқа Логистик» ЖШС, бұдан әрі\n"
        "«Жұмыс беруші», Жарғы негізінде әрекет ететін директоры атынан жасасты:\n",
    )
    at = page.text.index("24.10.2026")
    start, end = page.clause(at)
    assert page.text[start:end].strip() == "24.10.2026"
    assert not is_cited(page, at, at + len("24.10.2026"))


def test_a_date_row_continuing_a_sentence_stays_in_it() -> None:
    page = PageText.of(
        1, "БҰЙРЫҚ\nЕңбек кодексіне сәйкес,\n01.11.2026 ж.\n№ 123 парағы негізінде БҰЙЫРАМЫН:\n"
    )
    at = page.text.index("01.11.2026")
    assert is_cited(page, at, at + len("01.11.2026"))


# The fast paths below must give exactly what their plain definitions give; random
# texts built from the fragments that could tell them apart hold them to it.
_FRAGMENTS = (
    "уволить", "увольнении", "мсэ", "о доходах", "о  доход", "выписка", " ", "  ", "\n", ",",
    "x", "_", "1", "0", "о", "ё", "Ё", "ә", "-", "от", "с", "по", "№", "«", "ǅ", "ʼ", "ب", "Ⅸ",
    "ДИРЕКТОР", "Приказ", "беременности и родам", "A", "ⅰ", "енбек", "шарты", "бузу",
)  # fmt: skip


def _random_texts(count: int, *, seed: int, parts: int = 12) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(_FRAGMENTS, k=rng.randint(0, parts))) for _ in range(count)]


@pytest.mark.parametrize(
    "pattern",
    [
        r"\bуволить\b",
        r"\bувольнени\w*",
        r"\bмсэ\b",
        r"\bо\s+доход\w*",
        r"беременност\w*\s+и\s+род\w*",  # no leading \b: searched as it is
        r"\bвыписк\w*",
        r"\bенбек\s+шарт\w*(?:\s+[^\s.;]+){0,8}?\s+(?:бузу|бузыл\w*)",
    ],
)
def test_page_pattern_finds_exactly_what_the_regular_expression_finds(pattern: str) -> None:
    compiled = re.compile(pattern)
    fast = PagePattern(pattern)
    for text in _random_texts(3000, seed=len(pattern)):
        assert [m.span() for m in fast.finditer(text)] == [
            m.span() for m in compiled.finditer(text)
        ], text
        found, expected = fast.search(text), compiled.search(text)
        assert (found and found.span()) == (expected and expected.span()), text


def test_page_pattern_passes_over_a_find_inside_a_word_and_keeps_one_within_it() -> None:
    assert [m.span() for m in PagePattern(r"\bмсэ\b").finditer("амсэ мсэ_ мсэ")] == [(10, 13)]
    # The find after «х» is passed over; the match that starts inside it is kept.
    pattern = PagePattern(r"\bенбек\s+шарт\w*(?:\s+[^\s.;]+){0,8}?\s+(?:бузу|бузыл\w*)")
    text = "хенбек шарты енбек шарты бузылсын"
    assert [m.group() for m in pattern.finditer(text)] == ["енбек шарты бузылсын"]


def test_a_row_continues_exactly_when_the_plain_pattern_says_so() -> None:
    plain = re.compile(r"(?:[,(«\"–—-]|\bот|\bс|\bпо|\bдо|№)\s*$")
    texts = [*_random_texts(5000, seed=7, parts=5), "вот", "от", " с ", "по\t", "№  ", "(", ""]
    assert [text_module._continues(t) for t in texts] == [bool(plain.search(t)) for t in texts]


def test_is_heading_is_its_plain_definition() -> None:
    def plain(line: Line) -> bool:
        if line.rank >= 20 or not line.text:
            return False
        if names_a_kind(line) or re.match(r"об?\s", line.folded):
            return True
        letters = [c for c in line.text if c.isalpha()]
        return len(letters) >= 6 and all(c.isupper() for c in letters)

    lines = [
        Line(0, 0, 0, len(t), t, fold(t))
        for t in [*_random_texts(5000, seed=11, parts=6), "ДИРЕКТОРʼ", "ДИРЕКТОРب", "ǅДИРЕКТОР"]
    ]
    assert [is_heading(ln) for ln in lines] == [plain(ln) for ln in lines]
    assert any(is_heading(ln) for ln in lines) and not all(is_heading(ln) for ln in lines)


def test_a_word_without_a_latin_letter_or_a_zero_is_never_changed() -> None:
    # What lets ``clean`` fix only the words holding one.
    rng = random.Random(3)
    alphabet = "АаОоЕеРрСсХхӘәІіЁё123456789"
    for _ in range(3000):
        word = "".join(rng.choices(alphabet, k=rng.randint(1, 8)))
        assert text_module._fixed_word(word) == word


def test_a_token_norm_is_the_fold_of_its_word() -> None:
    page = PageText.of(1, "Серікқызы Ә.Ё. КОРОЛЁВОЙ Жармағанбет-Ұлы ӨҢҰҮҺ")
    assert [t.norm for t in page.tokens] == [fold(t.text.rstrip(".")) for t in page.tokens]
    assert [t.norm for t in page.tokens][:3] == ["сериккызы", "а", "е"]
