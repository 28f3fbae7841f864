"""DejaVu fonts for reportlab, and glyph outlines for text that must not be text.

Text on a seal is ink, not words: drawn as glyph outlines it stays out of the
PDF's text layer, as on a real stamped paper that was scanned or signed.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import FILL_NON_ZERO, Canvas

FONT_DIRS = (
    os.environ.get("IDP_SAMPLES_FONT_DIR", ""),
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
)

REGULAR = "DejaVuSerif"
BOLD = "DejaVuSerif-Bold"
SANS_BOLD = "DejaVuSans-Bold"


def font_path(name: str) -> Path:
    for folder in FONT_DIRS:
        path = Path(folder) / f"{name}.ttf"
        if folder and path.is_file():
            return path
    raise FileNotFoundError(f"{name}.ttf not found in {FONT_DIRS}; install fonts-dejavu-core")


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register the fonts once per process; reportlab embeds subsets of them."""
    for name in (REGULAR, BOLD, SANS_BOLD):
        pdfmetrics.registerFont(TTFont(name, str(font_path(name))))


def width(text: str, font: str, size: float) -> float:
    register_fonts()
    return float(pdfmetrics.stringWidth(text, font, size))


@lru_cache(maxsize=4)
def _outline_font(name: str) -> Any | None:
    try:
        from fontTools.ttLib import TTFont as OutlineFont
    except ImportError:
        return None
    return OutlineFont(str(font_path(name)))


@lru_cache(maxsize=1)
def _path_pen() -> type:
    """A fontTools pen that replays outlines into a reportlab path, scaled and centred.

    Built on first use, as fontTools is optional; BasePen resolves composite glyphs
    (Й, Ә, Қ are accented compositions in DejaVu) through the glyph set.
    """
    from fontTools.pens.basePen import BasePen

    class PathPen(BasePen):  # type: ignore[misc]
        def __init__(self, glyph_set: Any, path: Any, scale: float, dx: float) -> None:
            super().__init__(glyph_set)
            self.path, self.scale, self.dx = path, scale, dx

        def _xy(self, p: tuple[float, float]) -> tuple[float, float]:
            return (p[0] * self.scale - self.dx, p[1] * self.scale)

        def _moveTo(self, p: tuple[float, float]) -> None:
            self.path.moveTo(*self._xy(p))

        def _lineTo(self, p: tuple[float, float]) -> None:
            self.path.lineTo(*self._xy(p))

        def _curveToOne(self, p1: Any, p2: Any, p3: Any) -> None:
            self.path.curveTo(*self._xy(p1), *self._xy(p2), *self._xy(p3))

        def _closePath(self) -> None:
            self.path.close()

    return PathPen


def draw_glyph(canvas: Canvas, char: str, font: str, size: float) -> None:
    """Fill ``char`` centred on the origin's x, baseline at y=0, in the current colour.

    Falls back to ordinary text (which then lands in the text layer) when
    fontTools is not installed.
    """
    outline = _outline_font(font)
    if outline is None:
        register_fonts()
        canvas.setFont(font, size)
        canvas.drawCentredString(0, 0, char)
        return
    glyph_name = outline.getBestCmap().get(ord(char))
    if glyph_name is None:
        return
    glyph_set = outline.getGlyphSet()
    scale = size / outline["head"].unitsPerEm
    path = canvas.beginPath()
    pen = _path_pen()(glyph_set, path, scale, glyph_set[glyph_name].width * scale / 2)
    glyph_set[glyph_name].draw(pen)
    canvas.drawPath(path, stroke=0, fill=1, fillMode=FILL_NON_ZERO)
