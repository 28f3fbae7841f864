"""Draw a spec as a born-digital A4 PDF: a real text layer, vector seal and signature."""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from stream.samples.blocks import Block, DocumentText, Field, Gap, Para, Row, Sign, Table
from stream.samples.fonts import BOLD, REGULAR, register_fonts, width
from stream.samples.seal import RADIUS, draw_seal
from stream.samples.signature import draw_signature
from stream.samples.spec import DocumentSpec
from stream.samples.texts import compose
from stream.samples.texts_common import EGOV_NOTE, label

PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 15 * mm, 16 * mm, 16 * mm
TEXT_W = PAGE_W - LEFT - RIGHT
INDENT = 12.5 * mm
QR_SIZE = 26 * mm


def wrap(text: str, font: str, size: float, first: float, rest: float) -> list[str]:
    """Greedy word wrap; the first line may be shorter (indent, label)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        limit = first if not lines else rest
        if current and width(trial, font, size) > limit:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


@dataclass
class _Mark:
    """A signature (and maybe the seal) to draw over the text once the page is laid out."""

    x: float
    y: float
    sealed: bool


class _Writer:
    """Lays blocks out down the page, breaking to a new page when one is full."""

    def __init__(self, canvas: Canvas, spec: DocumentSpec, rng: random.Random) -> None:
        self.c, self.spec, self.rng = canvas, spec, rng
        self.y = PAGE_H - TOP
        self.marks: list[_Mark] = []

    def _need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.flush_marks()
            self.c.showPage()
            self.y = PAGE_H - TOP

    def _line(self, x: float, text: str, font: str, size: float) -> None:
        self.c.setFont(font, size)
        self.c.drawString(x, self.y, text)

    def _justified(self, x: float, avail: float, text: str, font: str, size: float) -> None:
        words = text.split()
        gap = (avail - sum(width(w, font, size) for w in words)) / max(len(words) - 1, 1)
        self.c.setFont(font, size)
        for word in words:
            self.c.drawString(x, self.y, word)
            x += width(word, font, size) + gap

    def para(self, b: Para) -> None:
        font = BOLD if b.bold else REGULAR
        indent = INDENT if b.indent and b.align == "justify" else 0
        lines = wrap(b.text, font, b.size, TEXT_W - indent, TEXT_W)
        lead = b.size * 1.28
        self.y -= b.space_before
        for n, line in enumerate(lines):
            self._need(lead)
            self.y -= lead
            x = LEFT + (indent if n == 0 else 0)
            if b.align == "center":
                self.c.setFont(font, b.size)
                self.c.drawCentredString(LEFT + TEXT_W / 2, self.y, line)
            elif b.align == "right":
                self.c.setFont(font, b.size)
                self.c.drawRightString(LEFT + TEXT_W, self.y, line)
            elif b.align == "justify" and n < len(lines) - 1:
                self._justified(x, LEFT + TEXT_W - x, line, font, b.size)
            else:
                self._line(x, line, font, b.size)

    def row(self, b: Row) -> None:
        font = BOLD if b.bold else REGULAR
        self.y -= b.space_before
        self._need(b.size * 1.3)
        self.y -= b.size * 1.3
        self._line(LEFT, b.left, font, b.size)
        self.c.drawRightString(LEFT + TEXT_W, self.y, b.right)

    def field(self, b: Field) -> None:
        head = f"{b.label}: "
        head_w = width(head, BOLD, b.size)
        column = LEFT + head_w if head_w < TEXT_W * 0.45 else LEFT
        lines = wrap(b.value, REGULAR, b.size, LEFT + TEXT_W - column, LEFT + TEXT_W - column)
        lead = b.size * 1.3
        self.y -= 2
        self._need(lead * max(len(lines), 1))
        self.y -= lead
        self._line(LEFT, head, BOLD, b.size)
        for n, line in enumerate(lines):
            if n or column == LEFT:  # a long label keeps its line to itself
                self.y -= lead
            self._line(column, line, REGULAR, b.size)

    def table(self, b: Table) -> None:
        widths = [f * TEXT_W for f in b.widths]
        lead = b.size * 1.25
        self.y -= 4
        for r, cells in enumerate((b.header, *b.rows)):
            font = BOLD if r == 0 else REGULAR
            wrapped = [
                wrap(t, font, b.size, w - 6, w - 6) for t, w in zip(cells, widths, strict=True)
            ]
            height = max(len(c) for c in wrapped) * lead + 6
            self._need(height)
            x = LEFT
            self.c.setLineWidth(0.6)
            for lines, w in zip(wrapped, widths, strict=True):
                self.c.rect(x, self.y - height, w, height, stroke=1, fill=0)
                for n, line in enumerate(lines):
                    self.c.setFont(font, b.size)
                    self.c.drawString(x + 3, self.y - 3 - lead * (n + 1) + 2, line)
                x += w
            self.y -= height

    def sign(self, b: Sign) -> None:
        lines = [
            ln
            for part in b.role.split("\n")
            for ln in wrap(part, REGULAR, b.size, TEXT_W * 0.45, TEXT_W * 0.45)
        ]
        lead = b.size * 1.3
        self.y -= 10
        self._need(lead * len(lines) + 18)
        for line in lines:
            self.y -= lead
            self._line(LEFT, line, REGULAR, b.size)
        self.c.drawRightString(LEFT + TEXT_W, self.y, b.name)
        if b.sealed and not self.spec.qr_payload:  # paper forms print «М.П.», stamped or not
            self.c.setFont(REGULAR, 9)
            self.c.drawString(LEFT, self.y - 16, "М.П.")
        if b.signed:
            self.marks.append(_Mark(LEFT + TEXT_W * 0.53, self.y, b.sealed))
        # The seal hangs below its signature line; keep the next line clear of most of it.
        self.y -= 34 if b.sealed else 18

    def draw(self, block: Block) -> None:
        match block:
            case Para():
                self.para(block)
            case Row():
                self.row(block)
            case Field():
                self.field(block)
            case Table():
                self.table(block)
            case Sign():
                self.sign(block)
            case Gap():
                self.y -= block.height

    def flush_marks(self) -> None:
        for mark in self.marks:
            draw_signature(self.c, mark.x, mark.y, self.rng.uniform(70, 95), self.rng)
        for mark in self.marks:
            if mark.sealed and self.spec.seal:
                self._seal(mark.x - self.rng.uniform(8, 30), mark.y + self.rng.uniform(2, 16))
        self.marks.clear()

    def _seal(self, x: float, y: float) -> None:
        c, spec = self.spec.company, self.spec
        outer, inner, top, bottom = c.seal_text
        draw_seal(
            self.c,
            x,
            y,
            outer_text=outer or c.full_name.upper(),
            inner_text=inner or f"{label(spec, 'bin')} {c.bin}",
            centre_text=top,
            centre_text_2=bottom or c.city.upper(),
            ink=spec.seal_ink,
            rng=self.rng,
            radius=RADIUS * self.rng.uniform(0.97, 1.03),
        )


def _egov_footer(canvas: Canvas, spec: DocumentSpec) -> None:
    """The QR in the bottom-left corner and the electronic-document note beside it."""
    assert spec.qr_payload is not None
    widget = QrCodeWidget(spec.qr_payload, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(
        QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0]
    )
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, LEFT, BOTTOM)
    note_w = TEXT_W - QR_SIZE - 8
    y = BOTTOM + QR_SIZE - 8
    canvas.setFont(REGULAR, 7.5)
    for line in wrap(" ".join(EGOV_NOTE[spec.language]), REGULAR, 7.5, note_w, note_w):
        canvas.drawString(LEFT + QR_SIZE + 8, y, line)
        y -= 9.5


def render_parts_pdf(
    parts: Sequence[tuple[DocumentSpec, DocumentText]], *, encrypt: Any = None
) -> bytes:
    """Several documents in one digital PDF, each from a new page (a cover letter, then
    the order it sends); byte-stable for the same parts.

    Each part's spec gives its seal, signatures and randomness; ``encrypt`` is
    reportlab's ``StandardEncryption`` (or a user password) for protected files.
    """
    register_fonts()
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, invariant=1, pageCompression=1, encrypt=encrypt)
    for spec, text in parts:
        writer = _Writer(canvas, spec, random.Random(spec.seed))
        for block in text.blocks:
            writer.draw(block)
        writer.flush_marks()
        if spec.qr_payload:
            _egov_footer(canvas, spec)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def render_text_pdf(spec: DocumentSpec) -> bytes:
    """The document as a digital PDF; byte-stable for the same spec."""
    return render_parts_pdf([(spec, compose(spec))])
