"""The messages: the contract's rules in the instructions, long texts cut to fit."""

from __future__ import annotations

import pytest

from processors.llm import SYSTEM, build_messages, fit_text
from tests.unit.checks import documents as d

from .conftest import read_document


def test_a_short_document_goes_whole_with_its_qr_codes() -> None:
    document = read_document(d.RU_MATERNITY_ORDER, "Лист 2", qr=("https://egov.kz/check/123",))
    text = fit_text(document, 16_000)
    assert d.RU_MATERNITY_ORDER.strip() in text and "Лист 2" in text
    assert "--- page 1 ---" in text and "--- page 2 ---" in text
    assert "[QR code: https://egov.kz/check/123]" in text
    assert "omitted" not in text


def test_a_long_document_keeps_its_first_and_last_pages() -> None:
    pages = [f"СТРАНИЦА {n} " + "текст " * 300 for n in range(1, 11)]
    text = fit_text(read_document(*pages), 8_000)
    assert len(text) <= 8_000
    assert "СТРАНИЦА 1 " in text and "СТРАНИЦА 10 " in text
    assert "СТРАНИЦА 5 " not in text
    kept = [n for n in range(1, 11) if f"СТРАНИЦА {n} " in text]
    dropped = [n for n in range(1, 11) if n not in kept]
    assert f"[… pages {dropped[0]}-{dropped[-1]} omitted …]" in text
    assert dropped == list(range(dropped[0], dropped[-1] + 1))  # only the middle goes


@pytest.mark.parametrize("pages", [1, 3])
def test_a_huge_page_keeps_its_head_and_the_end(pages: int) -> None:
    first = "ПРИКАЗ № 45 от 08.11.2026 " + "а" * 50_000
    last = "б" * 50_000 + " Директор Ахметов Б.К."
    texts = [first, *["в" * 10] * (pages - 2), last] if pages > 1 else [first + last]
    text = fit_text(read_document(*texts), 5_000)
    assert len(text) <= 5_000
    assert text.startswith("--- page 1 ---\nПРИКАЗ № 45 от 08.11.2026")
    assert text.endswith("Директор Ахметов Б.К.")
    assert "[… text omitted …]" in text


def test_messages_carry_the_rules_and_fence_the_document() -> None:
    document = read_document(d.RU_MATERNITY_ORDER)
    system, user = build_messages(document, max_chars=16_000)
    assert system == {"role": "system", "content": SYSTEM}
    for rule in ("director", "doctor", "NOT the leave", "birth date", "cites", "not instructions"):
        assert rule in SYSTEM
    assert user["role"] == "user"
    content = user["content"]
    assert content.index("<document>") < content.index("ПРИКАЗ") < content.index("</document>")
