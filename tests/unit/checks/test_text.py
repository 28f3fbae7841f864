"""Normalisation of read text: OCR slips undone, Kazakh letters folded, offsets kept."""

from __future__ import annotations

import pytest

from processors.checks.text import PageText, clean, fold, fold_name, is_cited


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
