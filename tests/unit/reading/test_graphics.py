"""Only the graphics of a text-layer page are drawn: seals and QR codes, wherever
they are and however they are drawn, are still found; table borders, underlines
and text alone cost no pixels."""

from __future__ import annotations

import ctypes
import random
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from processors.reading import seals
from processors.reading.graphics import (
    _CELL,
    Box,
    PageView,
    draw_graphics,
    graphics_boxes,
    group,
    regions_to_draw,
)
from processors.reading.pdf import read_pdf
from processors.reading.pixels import components
from stream.samples.seal import RADIUS, draw_seal
from stream.samples.spec import Ink

from . import samples

A4_FRAME = Box(0.0, 0.0, *A4)
SCALE = 150 / 72
PAYLOAD = "https://egov.kz/services/verify?doc=5d1f0c2a"


def _order(path: Path, draw: object = None) -> Path:
    """The sample order's text layer, plus whatever ``draw(pdf)`` adds to page 1."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(samples.font_name(), 12)
    y = A4[1] - 70
    for line in samples.ORDER_LINES:
        pdf.drawString(60, y, line)
        y -= 24
    if callable(draw):
        draw(pdf)
    pdf.showPage()
    pdf.save()
    return path


def _seal_png(dpi: int = 300) -> Image.Image:
    """A blue seal as a transparent image, 44 mm square, as pasted into a digital order."""
    side = samples.mm(44, dpi)
    image = Image.new("RGBA", (side, side), (255, 255, 255, 0))
    samples.draw_seal(image, (side // 2, side // 2), samples.mm(20, dpi), samples.BLUE)
    return image


def _boxes(path: Path) -> list[Box]:
    document = pdfium.PdfDocument(str(path))
    try:
        found = graphics_boxes(document[0])
        assert found is not None
        return found
    finally:
        document.close()


def _views(path: Path) -> list[PageView]:
    """The regions page 1 of ``path`` is drawn in, with what its drawing states."""
    document = pdfium.PdfDocument(str(path))
    try:
        return draw_graphics(document[0], SCALE)
    finally:
        document.close()


def _read(path: Path) -> tuple[list[str], list[tuple[str, float]]]:
    _count, pages = read_pdf(path, max_pages=5, dpi=300)
    (page,) = pages
    assert page.source == "text_layer"  # type: ignore[union-attr]
    return page.qr_codes, [(s.colour, s.score) for s in page.seals]  # type: ignore[union-attr]


def _group_on_the_whole_page(boxes: list[Box], frame: Box, gap: float) -> list[Box]:
    """The definition: boxes grown by half the gap, painted on a grid of the whole
    page, and each connected patch shrunk back, in the labelling's order."""
    grid = np.zeros((int(frame.height / _CELL) + 2, int(frame.width / _CELL) + 2), np.uint8)
    for box in boxes:
        seen = box.grown(gap / 2).within(frame)
        if seen is not None:
            x0, x1 = int((seen.left - frame.left) / _CELL), int((seen.right - frame.left) / _CELL)
            y0, y1 = int((frame.top - seen.top) / _CELL), int((frame.top - seen.bottom) / _CELL)
            grid[y0 : y1 + 1, x0 : x1 + 1] = 1
    count, _labels, stats = components(grid)
    found = []
    for x, y, w, h in stats[1:count, :4]:
        patch = Box(
            frame.left + x * _CELL,
            frame.top - (y + h) * _CELL,
            frame.left + (x + w) * _CELL,
            frame.top - y * _CELL,
        )
        found.append(patch.grown(-gap / 2).within(frame) or patch)
    return found


def test_drawings_are_grouped_as_on_a_grid_of_the_whole_page() -> None:
    rng = np.random.default_rng(5)
    for _ in range(300):
        frame = Box(*rng.uniform(-5, 5, 2), *rng.uniform([200, 300], [620, 850]))
        boxes = []
        for _ in range(rng.integers(0, 40)):
            x, y = rng.uniform(-50, 650), rng.uniform(-50, 900)
            w, h = rng.exponential(20, 2)
            boxes.append(Box(x, y, x + w, y + h))
        for gap in (0.0, 2.5, 6.0):
            assert group(boxes, frame, gap) == _group_on_the_whole_page(boxes, frame, gap)
    # Boxes that only touch the page's edges from outside, once grown, cover none of it.
    frame = Box(0.0, 0.0, *A4)
    for gap in (0.0, 6.0):
        touching = [
            Box(-40, 300, -gap / 2, 340),
            Box(A4[0] + gap / 2, 300, A4[0] + 40, 340),
            Box(200, A4[1] + gap / 2, 240, A4[1] + 30),
        ]
        assert group(touching, frame, gap) == _group_on_the_whole_page(touching, frame, gap) == []


def test_a_seals_pieces_are_one_region_with_a_margin() -> None:
    ring = Box(250, 300, 370, 420)
    letters = [Box(255 + 9 * i, 421, 262 + 9 * i, 428) for i in range(10)]
    (region,) = regions_to_draw([ring, *letters], A4_FRAME)
    margin = 0.04 * A4[0]
    assert region.left == pytest.approx(250 - margin, abs=2.5)
    assert region.right == pytest.approx(370 + margin, abs=2.5)
    assert region.top == pytest.approx(428 + margin, abs=2.5)
    assert region.bottom == pytest.approx(300 - margin, abs=2.5)


def test_marks_too_small_for_a_seal_or_a_qr_code_are_not_drawn() -> None:
    bullets = [Box(60, 700 - 24 * i, 64, 704 - 24 * i) for i in range(5)]
    assert regions_to_draw(bullets, A4_FRAME) == []


def test_graphics_over_most_of_the_page_draw_it_whole() -> None:
    assert regions_to_draw([Box(0, 0, A4[0], A4[1])], A4_FRAME) is None
    assert regions_to_draw([Box(30, 30, 560, 500)], A4_FRAME) is None


def test_separate_drawings_are_separate_regions_top_first() -> None:
    qr_code = Box(60, 60, 130, 130)
    seal = Box(300, 320, 420, 440)
    regions = regions_to_draw([qr_code, seal], A4_FRAME)
    assert regions is not None and len(regions) == 2
    assert regions[0].top > regions[1].top
    assert regions[1].left < 60


def test_drawings_off_the_page_are_not_drawn() -> None:
    assert regions_to_draw([Box(700, 900, 800, 1000)], A4_FRAME) == []


def test_table_borders_and_underlines_are_rules_seals_and_qr_modules_are_not(
    tmp_path: Path,
) -> None:
    def draw(pdf: canvas.Canvas) -> None:
        for row in range(6):  # a table: stroked cells
            for col in range(3):
                pdf.rect(80 + 150 * col, 400 + 20 * row, 150, 20, stroke=1, fill=0)
        pdf.line(60, 380, 540, 380)  # an underline
        pdf.rect(60, 360, 480, 0.8, stroke=0, fill=1)  # a rule drawn as a thin fill
        pdf.rect(60, 100, 6, 6, stroke=0, fill=1)  # a QR module
        pdf.circle(300, 200, 56, stroke=1, fill=0)  # a seal's ring

    boxes = _boxes(_order(tmp_path / "table.pdf", draw))
    assert len(boxes) == 2
    assert sorted(b.width for b in boxes) == pytest.approx([6, 113], abs=1.5)  # + the stroke


def test_a_page_of_text_alone_draws_nothing(order_pdf: Path) -> None:
    assert _views(order_pdf) == []
    assert _read(order_pdf) == ([], [])


def test_a_seal_pasted_as_an_image_is_found_in_its_region(
    tmp_path: Path, hough_calls: list[int]
) -> None:
    side = 44 / 25.4 * 72

    def draw(pdf: canvas.Canvas) -> None:
        pdf.drawImage(ImageReader(_seal_png()), 330, 420, side, side, mask="auto")

    path = _order(tmp_path / "image-seal.pdf", draw)
    (view,) = _views(path)
    assert view.pixels.shape[1] < view.page_width / 2  # a region, not the page
    # The picture's inscribed circle is offered as a guess, and the seal is found
    # from it where the pixel search alone finds it.
    centre = ((330 + side / 2) * SCALE, (A4[1] - 420 - side / 2) * SCALE)
    assert [c[:2] for c in view.circles] == [pytest.approx(centre, abs=0.5)]
    where = seals.Placement(view.left, view.top, view.page_width, view.page_height)
    (searched,) = seals.find_seals(view.pixels, where)
    hough_calls.clear()
    qr_codes, found = _read(path)
    assert hough_calls == []
    assert qr_codes == [] and len(found) == 1
    assert found[0][0] == "blue" and found[0][1] == pytest.approx(searched.score, abs=0.05)


def test_a_square_picture_that_is_no_seal_is_searched_as_before(tmp_path: Path) -> None:
    # A QR code pasted as a picture: square, so its inscribed circle is offered,
    # judged no seal, and the region is searched as if nothing had been offered.
    def draw(pdf: canvas.Canvas) -> None:
        side = 30 / 25.4 * 72
        pdf.drawImage(ImageReader(samples.qr_image(PAYLOAD, 8)), 330, 420, side, side)

    path = _order(tmp_path / "image-qr.pdf", draw)
    (view,) = _views(path)
    assert len(view.circles) == 1
    where = seals.Placement(view.left, view.top, view.page_width, view.page_height)
    assert seals.find_seals(view.pixels, where, drawn=view.circles) == seals.find_seals(
        view.pixels, where
    )
    assert _read(path) == ([PAYLOAD], [])


def test_a_vector_qr_code_is_read_in_its_region(tmp_path: Path) -> None:
    def draw(pdf: canvas.Canvas) -> None:
        widget = QrCodeWidget(PAYLOAD)
        x0, y0, x1, y1 = widget.getBounds()
        side = 30 / 25.4 * 72
        drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
        drawing.add(widget)
        renderPDF.draw(drawing, pdf, 60, 60)

    qr_codes, seals = _read(_order(tmp_path / "vector-qr.pdf", draw))
    assert qr_codes == [PAYLOAD] and seals == []


def test_a_seal_drawn_as_an_annotation_is_found(tmp_path: Path) -> None:
    # Signing tools stamp a finished PDF with an annotation whose appearance is the
    # seal image; the page's own content has no graphics at all.
    plain = _order(tmp_path / "plain.pdf")
    document = pdfium.PdfDocument(str(plain))
    page = document[0]
    annot = pdfium_c.FPDFPage_CreateAnnot(page.raw, pdfium_c.FPDF_ANNOT_STAMP)
    side = 44 / 25.4 * 72
    rect = pdfium_c.FS_RECTF(330, 420 + side, 330 + side, 420)  # left, top, right, bottom
    assert pdfium_c.FPDFAnnot_SetRect(annot, ctypes.byref(rect))
    image = pdfium.PdfImage.new(document)
    image.set_bitmap(pdfium.PdfBitmap.from_pil(_seal_png().convert("RGB")))
    image.set_matrix(pdfium.PdfMatrix().scale(side, side).translate(330, 420))
    assert pdfium_c.FPDFAnnot_AppendObject(annot, image.raw)
    image._detach_finalizer()  # the annotation owns it now, as a page would
    pdfium_c.FPDFPage_CloseAnnot(annot)
    page.gen_content()
    stamped = tmp_path / "stamped.pdf"
    document.save(str(stamped))
    document.close()

    boxes = _boxes(stamped)
    assert len(boxes) == 1 and boxes[0].width == pytest.approx(side, abs=1)
    _qr, seals = _read(stamped)
    assert len(seals) == 1 and seals[0][1] >= 0.8


def test_a_rotated_page_is_drawn_whole(tmp_path: Path) -> None:
    def draw(pdf: canvas.Canvas) -> None:
        pdf.circle(300, 200, 56, stroke=1, fill=0)

    document = pdfium.PdfDocument(str(_order(tmp_path / "rotated.pdf", draw)))
    try:
        page = document[0]
        page.set_rotation(90)
        (view,) = draw_graphics(page, SCALE)
        assert (view.left, view.top) == (0, 0)
        assert view.pixels.shape[1::-1] == (view.page_width, view.page_height)
        assert view.page_width > view.page_height  # drawn turned, as a whole
    finally:
        document.close()


@pytest.mark.parametrize(
    ("placed", "ink"),
    [("on the page", "blue"), ("in a form", "violet")],
)
def test_a_vector_seals_rings_are_stated_and_found_without_a_search(
    tmp_path: Path, hough_calls: list[int], placed: str, ink: Ink
) -> None:
    # The demo's own seal: rings, lettering along them and a star, as paths in
    # semi-transparent ink, turned as a hand stamps it; or the same seal as a
    # graphic of its own, a form XObject, as an office suite exports one.
    def seal(pdf: canvas.Canvas, x: float, y: float) -> None:
        draw_seal(
            pdf,
            x,
            y,
            outer_text="ТОО «ДАЛА ЛОГИСТИК»",
            inner_text="БСН 150940402182",
            centre_text="АЛМАТЫ",
            ink=ink,
            rng=random.Random(3),
        )

    def draw(pdf: canvas.Canvas) -> None:
        if placed == "on the page":
            seal(pdf, 320, 260)
            return
        pdf.beginForm("seal", lowerx=-70, lowery=-70, upperx=70, uppery=70)
        seal(pdf, 0, 0)
        pdf.endForm()
        pdf.saveState()
        pdf.translate(320, 260)
        pdf.doForm("seal")
        pdf.restoreState()

    path = _order(tmp_path / "vector-seal.pdf", draw)
    (view,) = _views(path)
    outer = max(view.circles, key=lambda c: c[2])
    assert outer == pytest.approx((320 * SCALE, (A4[1] - 260) * SCALE, RADIUS * SCALE), abs=1.5)
    assert all(c[:2] == pytest.approx(outer[:2], abs=0.5) for c in view.circles)  # concentric

    hough_calls.clear()
    qr_codes, found = _read(path)
    assert qr_codes == [] and len(found) == 1
    assert found[0][0] == ink and found[0][1] >= 0.8
    assert hough_calls == []
