"""Pages of an image file: JPEG, PNG, TIFF (every frame), WebP, HEIC/HEIF.

Pages come out upright per EXIF, in RGB on white, with the long side at most
``MAX_LONG_SIDE`` px (phone photos are 4000-8000 px; more only slows OCR) and
small images enlarged (Tesseract reads 2x-enlarged 72 DPI text more surely).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, ImageSequence

from processors.errors import FileCorrupt, FileTooLarge
from processors.reading.page import PageReader, read_image_page
from processors.reading.perspective import a4_dpi
from processors.reading.prepared import PendingPage
from schemas.document import PageReading

# 60 MP holds a 10000 x 6000 photo; past it a file is a decompression bomb.
MAX_PIXELS = 60_000_000
MAX_LONG_SIDE = 3600
MIN_LONG_SIDE = 1200

# Pillow checks this on every open in the worker process (it warns above the
# limit and refuses at twice it); open_image turns the warning into a refusal.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, RuntimeError)
_heif_registered = False


def _register_heif() -> None:
    global _heif_registered
    if not _heif_registered:
        import pillow_heif

        pillow_heif.register_heif_opener()
        _heif_registered = True


@dataclass(frozen=True)
class ImagePage:
    image: Image.Image
    """RGB, upright."""
    dpi: int
    """Estimated resolution, taking the image for an A4 page (photos carry no true DPI)."""


def _to_rgb(frame: Image.Image) -> Image.Image:
    if frame.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16/32-bit greys: scale to 8 bits instead of Pillow's clipping conversion.
        values = np.asarray(frame, dtype=np.float64)
        top = values.max() or 1.0
        frame = Image.fromarray((values * (255.0 / top)).astype(np.uint8))
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        paper = Image.new("RGB", rgba.size, "white")
        paper.paste(rgba, mask=rgba.getchannel("A"))
        return paper
    return frame.convert("RGB")


def _fit(image: Image.Image) -> Image.Image:
    long_side = max(image.size)
    if long_side > MAX_LONG_SIDE:
        image.thumbnail((MAX_LONG_SIDE, MAX_LONG_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    elif long_side < MIN_LONG_SIDE:
        factor = 2
        image = image.resize(
            (image.width * factor, image.height * factor), Image.Resampling.BICUBIC
        )
    return image


def _check_size(frame: Image.Image) -> None:
    if frame.width * frame.height > MAX_PIXELS:
        raise FileTooLarge(
            "image has too many pixels", pixels=frame.width * frame.height, limit=MAX_PIXELS
        )


def open_image(path: Path, max_pages: int) -> tuple[int, Iterator[ImagePage]]:
    """The file's page count and a lazy iterator of its pages.

    Raises ``FileTooLarge`` (too many pixels or frames) and ``FileCorrupt``
    (undecodable, truncated) here or while iterating.
    """
    _register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise FileTooLarge("image has too many pixels", limit=MAX_PIXELS) from exc
    except _DECODE_ERRORS as exc:
        raise FileCorrupt(f"cannot decode the image: {exc}") from exc
    # Only TIFF pages are pages; other formats' extra frames are animation,
    # bursts or thumbnails.
    count = getattr(image, "n_frames", 1) if image.format == "TIFF" else 1
    if count > max_pages:
        image.close()
        raise FileTooLarge("too many pages", pages=count, limit=max_pages)
    return count, _pages(image, count)


def _pages(image: Image.Image, count: int) -> Iterator[ImagePage]:
    with image:
        frames = ImageSequence.Iterator(image) if count > 1 else iter([image])
        for frame in frames:
            _check_size(frame)
            try:
                if frame.format == "JPEG" and max(frame.size) > MAX_LONG_SIDE:
                    # Let libjpeg decode at 1/2, 1/4 or 1/8 scale: much faster than
                    # decoding 48 MP and shrinking afterwards.
                    factor = MAX_LONG_SIDE / max(frame.size)
                    frame.draft("RGB", (round(frame.width * factor), round(frame.height * factor)))
                frame.load()
                upright = ImageOps.exif_transpose(frame) or frame
                page = _fit(_to_rgb(upright))
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
                raise FileTooLarge("image has too many pixels", limit=MAX_PIXELS) from exc
            except _DECODE_ERRORS as exc:
                raise FileCorrupt(f"cannot decode the image: {exc}") from exc
            dpi = a4_dpi(*page.size)
            yield ImagePage(image=page, dpi=dpi)


def read_image(
    path: Path, *, max_pages: int, read_page: PageReader = read_image_page
) -> tuple[int, list[PageReading | PendingPage]]:
    """The image file's page count and its pages, each read by ``read_page``."""
    count, pages = open_image(path, max_pages)
    return count, [
        read_page(number, page.image, page.dpi) for number, page in enumerate(pages, start=1)
    ]
