"""Language: Russian, Kazakh, or both clearly present."""

from __future__ import annotations

import pytest

from processors.checks.language import detect_language
from processors.checks.text import PageText

from . import documents as d


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (d.RU_MATERNITY_ORDER, "ru"),
        (d.RU_CHILDCARE_ORDER, "ru"),
        (d.RU_SICK_LEAVE, "ru"),
        (d.RU_DISABILITY_CERTIFICATE, "ru"),
        (d.KK_MATERNITY_ORDER, "kk"),
        (d.KK_CHILDCARE_ORDER, "kk"),
        (d.KK_DISMISSAL_ORDER, "kk"),
        (d.KK_SICK_LEAVE, "kk"),
        (d.KK_UNEMPLOYMENT_CERTIFICATE, "kk"),
        (d.BILINGUAL_MATERNITY_ORDER, "mixed"),
    ],
)
def test_language(text: str, language: str) -> None:
    assert detect_language((PageText.of(1, text),)) == language


def test_a_kazakh_name_and_letterhead_leave_a_russian_order_russian() -> None:
    text = d.RU_MATERNITY_ORDER.replace(
        "Ивановой Марии Петровне", "Жармағанбет Айгерім Серікқызы"
    ).replace(
        "ТОВАРИЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ",
        "«АЛМАТЫ СТРОЙ СЕРВИС» ЖАУАПКЕРШІЛІГІ ШЕКТЕУЛІ СЕРІКТЕСТІГІ\nТОО",
    )
    assert detect_language((PageText.of(1, text),)) == "ru"


def test_a_russian_letterhead_leaves_a_kazakh_order_kazakh() -> None:
    text = "Товарищество с ограниченной ответственностью «Альфа»\n" + d.KK_MATERNITY_ORDER
    assert detect_language((PageText.of(1, text),)) == "kk"


def test_no_words_no_language() -> None:
    assert detect_language((PageText.of(1, "12 34 ___"),)) is None
