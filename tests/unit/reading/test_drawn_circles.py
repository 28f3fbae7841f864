"""Circles read from a PDF's paths: rings however they are drawn and placed, and
nothing that only looks round at its corners."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from processors.reading.drawn_circles import (
    MAX_SEGMENTS,
    DrawnCircle,
    form_circles,
    image_circle,
    path_circles,
)

Draw = Callable[[canvas.Canvas], None]


def _page_objects(tmp_path: Path, draw: Draw, kind: int) -> Iterator[Any]:
    """The top-level objects of one ``kind`` on a page ``draw`` makes."""
    path = tmp_path / "drawing.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    draw(pdf)
    pdf.showPage()
    pdf.save()
    document = pdfium.PdfDocument(str(path))
    try:
        for obj in document[0].get_objects(filter=(kind,), max_depth=1):
            yield obj.raw
    finally:
        document.close()


def _circles(tmp_path: Path, draw: Draw) -> list[DrawnCircle]:
    found = []
    for path in _page_objects(tmp_path, draw, pdfium_c.FPDF_PAGEOBJ_PATH):
        found += path_circles(path)
    return found


def _polygon(pdf: canvas.Canvas, cx: float, cy: float, r: float, sides: int) -> None:
    path = pdf.beginPath()
    for k in range(sides):
        a = 2 * math.pi * k / sides
        (path.moveTo if k == 0 else path.lineTo)(cx + r * math.cos(a), cy + r * math.sin(a))
    path.close()
    pdf.drawPath(path, stroke=1, fill=0)


def _close_to(found: DrawnCircle, x: float, y: float, r: float) -> bool:
    return abs(found.x - x) < 0.05 and abs(found.y - y) < 0.05 and abs(found.r - r) < 0.05


def test_a_stroked_circle_is_read_where_it_is_drawn(tmp_path: Path) -> None:
    (circle,) = _circles(tmp_path, lambda pdf: pdf.circle(300, 200, 56, stroke=1, fill=0))
    assert _close_to(circle, 300, 200, 56)


def test_a_circle_turned_moved_and_scaled_by_the_page_is_read_on_the_page(
    tmp_path: Path,
) -> None:
    def draw(pdf: canvas.Canvas) -> None:
        pdf.translate(250, 400)
        pdf.rotate(23)
        pdf.scale(1.5, 1.5)
        pdf.circle(10, 0, 30, stroke=1, fill=0)

    (circle,) = _circles(tmp_path, draw)
    turn = math.radians(23)
    assert _close_to(circle, 250 + 15 * math.cos(turn), 400 + 15 * math.sin(turn), 45)


def test_a_filled_band_is_two_concentric_circles(tmp_path: Path) -> None:
    def draw(pdf: canvas.Canvas) -> None:
        path = pdf.beginPath()
        path.circle(300, 500, 60)
        path.circle(300, 500, 52)
        pdf.drawPath(path, stroke=0, fill=1, fillMode=0)  # even-odd: a band

    found = sorted(_circles(tmp_path, draw), key=lambda c: -c.r)
    assert len(found) == 2
    assert _close_to(found[0], 300, 500, 60) and _close_to(found[1], 300, 500, 52)


def test_a_polygon_of_many_sides_is_a_circle(tmp_path: Path) -> None:
    (circle,) = _circles(tmp_path, lambda pdf: _polygon(pdf, 200, 300, 50, 48))
    assert abs(circle.r - 50) < 0.5 and abs(circle.x - 200) < 0.05


@pytest.mark.parametrize(
    "draw",
    [
        pytest.param(lambda pdf: _polygon(pdf, 200, 300, 50, 4), id="square"),
        pytest.param(lambda pdf: _polygon(pdf, 200, 300, 50, 8), id="octagon"),
        pytest.param(lambda pdf: pdf.rect(100, 100, 120, 60, stroke=1, fill=0), id="rectangle"),
        pytest.param(lambda pdf: pdf.roundRect(100, 100, 100, 100, 30), id="rounded square"),
        pytest.param(lambda pdf: pdf.ellipse(100, 100, 220, 214, stroke=1), id="ellipse 1.05:1"),
        pytest.param(
            lambda pdf: pdf.arc(100, 100, 220, 220, startAng=0, extent=300), id="open arc"
        ),
        pytest.param(
            lambda pdf: (pdf.scale(1.3, 1), pdf.circle(150, 300, 50)), id="circle squashed"
        ),
        pytest.param(
            lambda pdf: (pdf.transform(1, 0, 0.3, 1, 0, 0), pdf.circle(150, 300, 50)),
            id="circle sheared",
        ),
    ],
)
def test_shapes_round_only_at_their_corners_or_not_closed_are_not_circles(
    tmp_path: Path, draw: Draw
) -> None:
    assert _circles(tmp_path, draw) == []


def test_a_ring_merged_with_its_lettering_into_one_path_is_read(tmp_path: Path) -> None:
    # As an office suite exports a seal: the ring, a polygon of 120 sides here,
    # and the letters' outlines are subpaths of one path.
    def draw(pdf: canvas.Canvas) -> None:
        path = pdf.beginPath()
        for k in range(120):
            a = 2 * math.pi * k / 120
            (path.moveTo if k == 0 else path.lineTo)(300 + 56 * math.cos(a), 400 + 56 * math.sin(a))
        path.close()
        for k in range(150):  # letters: small closed squares inside the ring
            x, y = 270 + (k % 15) * 4, 380 + (k // 15) * 4
            path.rect(x, y, 2, 3)
        pdf.drawPath(path, stroke=1, fill=0)

    (circle,) = _circles(tmp_path, draw)
    assert abs(circle.r - 56) < 0.5 and abs(circle.x - 300) < 0.05 and abs(circle.y - 400) < 0.05


def test_a_path_too_long_to_read_point_by_point_gives_no_circle(tmp_path: Path) -> None:
    def draw(pdf: canvas.Canvas) -> None:
        path = pdf.beginPath()
        path.circle(300, 500, 60)
        for k in range(MAX_SEGMENTS):  # lettering merged into the ring's path
            path.moveTo(100 + k % 50, 100 + k // 50)
            path.lineTo(101 + k % 50, 100 + k // 50)
        pdf.drawPath(path, stroke=1, fill=0)

    assert _circles(tmp_path, draw) == []


def test_circles_inside_forms_are_read_where_the_forms_place_them(tmp_path: Path) -> None:
    # A seal placed as a graphic of its own: a form XObject, here inside another,
    # each moved and scaled by where it is drawn.
    path = tmp_path / "forms.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.beginForm("ring")
    pdf.circle(0, 0, 40, stroke=1, fill=0)
    pdf.circle(10, 0, 4, stroke=1, fill=0)  # a speck: not read
    pdf.endForm()
    pdf.beginForm("stamp")
    pdf.translate(5, 5)
    pdf.scale(1.5, 1.5)
    pdf.doForm("ring")
    pdf.endForm()
    pdf.translate(300, 400)
    pdf.rotate(30)
    pdf.doForm("stamp")
    pdf.showPage()
    pdf.save()
    document = pdfium.PdfDocument(str(path))
    try:
        (form,) = document[0].get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_FORM,), max_depth=1)
        (circle,) = form_circles(form.raw, min_size=20.0)
    finally:
        document.close()
    turn = math.radians(30)
    x, y = (
        300 + 5 * math.cos(turn) - 5 * math.sin(turn),
        400 + 5 * math.sin(turn) + 5 * math.cos(turn),
    )
    assert _close_to(circle, x, y, 60)


def _pictures(tmp_path: Path, draw: Draw) -> list[DrawnCircle | None]:
    pictures = _page_objects(tmp_path, draw, pdfium_c.FPDF_PAGEOBJ_IMAGE)
    return [image_circle(picture) for picture in pictures]


def test_a_square_picture_offers_the_circle_a_pasted_seal_would_fill(tmp_path: Path) -> None:
    picture = ImageReader(Image.new("RGB", (40, 40), (30, 60, 200)))

    def draw(pdf: canvas.Canvas) -> None:
        pdf.drawImage(picture, 100, 500, 120, 120)  # upright
        pdf.translate(300, 300)
        pdf.rotate(30)
        pdf.drawImage(picture, 0, 0, 100, 100)  # turned about its corner
        pdf.drawImage(picture, 0, 200, 100, 60)  # not square

    upright, turned, wide = _pictures(tmp_path, draw)
    assert upright is not None and _close_to(upright, 160, 560, 0.45 * 120)
    turn = math.radians(30)
    corner_to_centre = (
        50 * math.cos(turn) - 50 * math.sin(turn),
        50 * math.sin(turn) + 50 * math.cos(turn),
    )
    assert turned is not None
    assert _close_to(turned, 300 + corner_to_centre[0], 300 + corner_to_centre[1], 45)
    assert wide is None
