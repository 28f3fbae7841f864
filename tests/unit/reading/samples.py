"""Builders of sample documents for the reading tests: PDFs, page images, seals.

Everything is drawn here, from DejaVu fonts, so the tests need no binary
fixtures and show what each sample contains.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Mapping, Sequence
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = str(FONT_DIR / "DejaVuSans.ttf")
FONT_BOLD = str(FONT_DIR / "DejaVuSans-Bold.ttf")
IIN = "960125445005"

ORDER_LINES = (
    "ТОО «Жұлдыз Логистика»",
    "ПРИКАЗ № 45-к от 08.11.2026",
    "О предоставлении отпуска по беременности и родам",
    f"Предоставить Жармағанбет Айгерим Серікқызы, ИИН {IIN},",
    "отпуск по беременности и родам с 10 ноября 2026 года.",
    "Жүктілігіне және босануына байланысты демалыс берілсін.",
    "Директор                                    Ахметжанов Н. Б.",
)
BLUE = (38, 62, 168)
VIOLET = (96, 50, 150)

_registered = False


def font_name() -> str:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(TTFont("DejaVu", FONT))
        _registered = True
    return "DejaVu"


def text_pdf(
    path: Path,
    pages: Sequence[Sequence[str]] = (ORDER_LINES,),
    *,
    overlay: Image.Image | None = None,
    encrypt: str | StandardEncryption | None = None,
    font: str | None = None,
) -> Path:
    """A digital PDF: real text in DejaVu; ``overlay`` (RGBA, page-sized) drawn over page 1.

    ``encrypt``: a user password (needed to open), or reportlab's encryption settings.
    ``font``: a registered reportlab font to draw with instead of DejaVu.
    """
    width, height = A4
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    for number, lines in enumerate(pages, start=1):
        pdf.setFont(font or font_name(), 12)
        y = height - 70
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 24
        if overlay is not None and number == 1:
            pdf.drawImage(ImageReader(overlay), 0, 0, width, height, mask="auto")
        pdf.showPage()
    pdf.save()
    return path


def reencoded_font(path: Path, drawn_as: Mapping[str, str]) -> str:
    """A copy of DejaVu Sans in which character ``key`` draws the glyph of ``value``,
    registered with reportlab; returns its name.

    Text drawn with it in the keys looks right on the page and extracts as the
    keys: a font whose ToUnicode map is broken, as some generators embed.
    """
    from fontTools.ttLib import TTFont as FontFile

    font = FontFile(FONT)
    glyphs = dict(font.getBestCmap())  # a copy: the tables are edited below
    for table in font["cmap"].tables:
        if table.isUnicode():
            for key, shown in drawn_as.items():
                table.cmap[ord(key)] = glyphs[ord(shown)]
    # reportlab shares one font object between registrations of the same PostScript
    # name, so each re-encoded copy gets its own.
    name = f"Broken-{path.stem.replace('_', '-')}"
    for record in font["name"].names:
        if record.nameID == 6:
            record.string = name
    font.save(str(path))
    pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


def encode_lines(lines: Sequence[str], drawn_as: Mapping[str, str]) -> list[str]:
    """``lines`` spelled in the keys of ``drawn_as`` (the inverse of the font's mapping)."""
    spelled = {shown: key for key, shown in drawn_as.items()}
    return ["".join(spelled.get(ch, ch) for ch in line) for line in lines]


def mixed_pdf(path: Path, pages: Sequence[Sequence[str] | Image.Image], dpi: int) -> Path:
    """A PDF of text pages (lines, a real text layer) and scanned pages (images) in order."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for page in pages:
        if isinstance(page, Image.Image):
            size = (page.width * 72 / dpi, page.height * 72 / dpi)
            pdf.setPageSize(size)
            buffer = io.BytesIO()
            page.convert("RGB").save(buffer, format="JPEG", quality=90)
            pdf.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 0, 0, *size)
        else:
            pdf.setPageSize(A4)
            pdf.setFont(font_name(), 12)
            for n, line in enumerate(page):
                pdf.drawString(60, A4[1] - 70 - 24 * n, line)
        pdf.showPage()
    pdf.save()
    return path


def image_pdf(path: Path, pages: Sequence[Image.Image], dpi: int) -> Path:
    """A scanned-style PDF: each page an image and no text layer."""
    pdf = canvas.Canvas(str(path))
    for page in pages:
        size = (page.width * 72 / dpi, page.height * 72 / dpi)
        pdf.setPageSize(size)
        buffer = io.BytesIO()
        page.convert("RGB").save(buffer, format="JPEG", quality=90)
        pdf.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 0, 0, *size)
        pdf.showPage()
    pdf.save()
    return path


def render(path: Path, dpi: int, page: int = 0) -> Image.Image:
    document = pdfium.PdfDocument(str(path))
    try:
        return document[page].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()


def write_lines(page: Image.Image, lines: Sequence[str], dpi: int) -> None:
    """Print ``lines`` in 12 pt DejaVu from the top-left margin of a page image."""
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, round(12 * dpi / 72))
    for n, line in enumerate(lines):
        draw.text((mm(21, dpi), mm(25 + 8.5 * n, dpi)), line, font=font, fill=(20, 20, 20))


def blank_page(dpi: int) -> Image.Image:
    return Image.new("RGB", (round(8.27 * dpi), round(11.69 * dpi)), "white")


def _ink(page: Image.Image, alpha: Image.Image, colour: tuple[int, int, int]) -> None:
    """Multiply ``colour`` into ``page`` where ``alpha`` is set, as ink on paper does.

    On a transparent (RGBA) overlay the ink is simply laid down with ``alpha``.
    """
    if page.mode == "RGBA":
        page.paste(Image.new("RGBA", page.size, (*colour, 255)), (0, 0), alpha)
        return
    tint = Image.new("RGB", page.size, colour)
    inked = ImageChops.multiply(page, tint)
    page.paste(inked, (0, 0), alpha)


def draw_seal(
    page: Image.Image,
    centre: tuple[int, int],
    radius: int,
    colour: tuple[int, int, int] = BLUE,
    *,
    text: str = "ТОО «ЖҰЛДЫЗ ЛОГИСТИКА» * АЛМАТЫ * БСН 180940012345 * ",
    inner_ring: bool = True,
    seed: int = 1,
) -> None:
    """A round seal: bold outer ring, thin inner ring, text between, BIN inside; worn ink."""
    alpha = Image.new("L", page.size, 0)
    draw = ImageDraw.Draw(alpha)
    cx, cy = centre

    def ring(r: float, width: int) -> None:
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=255, width=width)

    ring(radius, max(3, radius // 22))
    if inner_ring:
        ring(radius * 0.78, max(2, radius // 60))
        ring(radius * 0.36, max(2, radius // 60))
    size = max(10, int(radius * 0.13))
    font = ImageFont.truetype(FONT_BOLD, size)
    for i, char in enumerate(text):
        angle = 2 * math.pi * i / len(text) - math.pi / 2
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size, size), char, font=font, fill=255, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        gx = cx + radius * 0.89 * math.cos(angle) - size
        gy = cy + radius * 0.89 * math.sin(angle) - size
        alpha.paste(255, (int(gx), int(gy)), glyph)
    small = ImageFont.truetype(FONT_BOLD, max(8, int(radius * 0.11)))
    draw.text((cx, cy - radius * 0.5), "БСН", font=small, fill=255, anchor="mm")
    draw.text((cx, cy + radius * 0.52), "180940012345", font=small, fill=255, anchor="mm")
    draw.text(
        (cx, cy), "★", font=ImageFont.truetype(FONT, int(radius * 0.4)), fill=255, anchor="mm"
    )
    # Worn ink: random light spots, as a real impression never inks evenly.
    rng = random.Random(seed)
    wear = Image.new("L", page.size, 255)
    wear_draw = ImageDraw.Draw(wear)
    for _ in range(radius // 2):
        x = cx + rng.uniform(-radius, radius)
        y = cy + rng.uniform(-radius, radius)
        s = rng.uniform(1, radius * 0.06)
        wear_draw.ellipse((x - s, y - s, x + s, y + s), fill=rng.randint(60, 180))
    _ink(page, ImageChops.multiply(alpha, wear), colour)


def draw_signature(
    page: Image.Image, origin: tuple[int, int], width: int, colour: tuple[int, int, int] = BLUE
) -> None:
    """A cursive scrawl: loops along a line and a long underline flourish."""
    alpha = Image.new("L", page.size, 0)
    draw = ImageDraw.Draw(alpha)
    ox, oy = origin
    stroke = max(2, width // 90)
    points = []
    for step in range(400):
        t = step / 399
        x = ox + t * width * 0.8 + width * 0.06 * math.sin(t * 26)
        y = oy - width * 0.12 * math.cos(t * 26) * (1 - 0.5 * t) - width * 0.1 * t
        points.append((x, y))
    draw.line(points, fill=255, width=stroke, joint="curve")
    flourish = [
        (
            ox - width * 0.05 + width * 1.05 * t / 99,
            oy + width * 0.08 + width * 0.05 * math.sin(t / 99 * math.pi),
        )
        for t in range(100)
    ]
    draw.line(flourish, fill=255, width=stroke, joint="curve")
    _ink(page, alpha, colour)


def qr_image(payload: str, module_px: int) -> Image.Image:
    import zxingcpp

    code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode)
    return Image.fromarray(code.to_image(scale=module_px)).convert("RGB")


def mm(value: float, dpi: int) -> int:
    return round(value * dpi / 25.4)


SEAL_CENTRE_MM = (125.0, 92.0)
SEAL_RADIUS_MM = 20.0


def sign_and_seal(page: Image.Image, dpi: int, colour: tuple[int, int, int] = BLUE) -> None:
    """Sign under the order's text and press a seal half over the signature."""
    draw_signature(page, (mm(100, dpi), mm(80, dpi)), mm(45, dpi), colour)
    cx, cy = SEAL_CENTRE_MM
    draw_seal(page, (mm(cx, dpi), mm(cy, dpi)), mm(SEAL_RADIUS_MM, dpi), colour)


def draw_hand_circle(
    page: Image.Image, centre: tuple[int, int], radius: int, colour: tuple[int, int, int] = BLUE
) -> None:
    """A circle drawn with a pen around something: one wobbly closed stroke."""
    alpha = Image.new("L", page.size, 0)
    cx, cy = centre
    points = [
        (
            cx + radius * (1 + 0.03 * math.sin(5 * t)) * math.cos(t),
            cy + radius * (1 + 0.03 * math.sin(5 * t)) * math.sin(t),
        )
        for t in (2 * math.pi * i / 200 for i in range(206))
    ]
    ImageDraw.Draw(alpha).line(points, fill=255, width=max(2, radius // 40), joint="curve")
    _ink(page, alpha, colour)


def shadowed(page: Image.Image, depth: float = 0.55, seed: int = 0) -> Image.Image:
    """A phone photo's look: a hard-edged shadow over the left part, and sensor noise."""
    import numpy as np

    rgb = np.asarray(page).astype(np.float32)
    _height, width = rgb.shape[:2]
    ramp = np.clip((np.arange(width) - width * 0.45) / (width * 0.03), 0.0, 1.0)
    light = 1.0 - depth * (1.0 - ramp)
    noise = np.random.default_rng(seed).normal(0.0, 6.0, rgb.shape)
    return Image.fromarray(np.clip(rgb * light[None, :, None] + noise, 0, 255).astype(np.uint8))
