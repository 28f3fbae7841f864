"""Round seals are found on drawn pages; signatures, tables, logos and text are not seals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from processors.reading.seals import find_seals

from . import samples

DPI = 150


@pytest.fixture(scope="module")
def order_page(order_pdf: Path) -> Callable[[], Image.Image]:
    page = samples.render(order_pdf, DPI)
    return page.copy


def _mm(value: float) -> int:
    return samples.mm(value, DPI)


def _seal_at(page: Image.Image, colour: tuple[int, int, int]) -> tuple[Image.Image, int, int, int]:
    cx, cy = (_mm(v) for v in samples.SEAL_CENTRE_MM)
    radius = _mm(samples.SEAL_RADIUS_MM)
    samples.draw_signature(page, (_mm(100), _mm(80)), _mm(45))
    samples.draw_seal(page, (cx, cy), radius, colour)
    return page, cx, cy, radius


@pytest.mark.parametrize(
    ("colour", "name"),
    [(samples.BLUE, "blue"), (samples.VIOLET, "violet"), ((190, 40, 45), "red")],
)
def test_coloured_double_ring_seal_over_a_signature_is_found(
    order_page: Callable[[], Image.Image], colour: tuple[int, int, int], name: str
) -> None:
    page, cx, cy, radius = _seal_at(order_page(), colour)
    seals = find_seals(np.asarray(page))
    assert len(seals) == 1
    seal = seals[0]
    assert seal.score >= 0.8
    assert seal.colour == name
    assert abs(seal.x - cx) <= 0.1 * radius and abs(seal.y - cy) <= 0.1 * radius
    assert abs(seal.radius - radius) <= 0.15 * radius


def test_seal_on_a_grey_copy_is_found_as_grey(order_page: Callable[[], Image.Image]) -> None:
    page, cx, cy, _ = _seal_at(order_page(), samples.BLUE)
    grey = page.convert("L").convert("RGB")
    seals = find_seals(np.asarray(grey))
    assert [s.colour for s in seals] == ["gray"]
    assert seals[0].score >= 0.8
    assert abs(seals[0].x - cx) < 10 and abs(seals[0].y - cy) < 10


def test_a_signature_alone_is_not_a_seal(order_page: Callable[[], Image.Image]) -> None:
    page = order_page()
    samples.draw_signature(page, (_mm(100), _mm(80)), _mm(45))
    samples.draw_signature(page, (_mm(30), _mm(150)), _mm(60), (20, 20, 20))
    assert find_seals(np.asarray(page)) == []


def test_tables_solid_logos_and_dense_text_are_not_seals(
    order_page: Callable[[], Image.Image],
) -> None:
    page = order_page()
    draw = ImageDraw.Draw(page)
    # A filled round logo in the letterhead, a blue table, a block of dense text.
    draw.ellipse((_mm(150), _mm(8), _mm(185), _mm(43)), fill=samples.BLUE)
    for i in range(6):
        draw.line(
            (_mm(20), _mm(110 + 10 * i), _mm(190), _mm(110 + 10 * i)), fill=samples.BLUE, width=2
        )
    for x in (20, 70, 130, 190):
        draw.line((_mm(x), _mm(110), _mm(x), _mm(160)), fill=samples.BLUE, width=2)
    font = ImageFont.truetype(samples.FONT, _mm(3))
    for i in range(22):
        draw.text(
            (_mm(20), _mm(170 + 4.5 * i)),
            "Предоставить отпуск по уходу за ребенком, ИИН "
            "960125445005, с сохранением места работы, оплата — " + "о" * 8,
            font=font,
            fill=(0, 0, 0),
        )
    assert find_seals(np.asarray(page)) == []


def test_blank_page_has_no_seal() -> None:
    assert find_seals(np.asarray(samples.blank_page(DPI))) == []


def test_single_ring_seal_is_found(order_page: Callable[[], Image.Image]) -> None:
    page = order_page()
    cx, cy = (_mm(v) for v in samples.SEAL_CENTRE_MM)
    samples.draw_seal(page, (cx, cy), _mm(19), inner_ring=False)
    (seal,) = find_seals(np.asarray(page))
    assert seal.score >= 0.6 and seal.colour == "blue"


def test_circle_drawn_by_hand_around_text_is_not_a_seal(
    order_page: Callable[[], Image.Image],
) -> None:
    page = order_page()
    samples.draw_hand_circle(page, (_mm(110), _mm(55)), _mm(18))
    assert find_seals(np.asarray(page)) == []
