"""Decoding image files into upright RGB pages, and refusing bad ones."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from processors.errors import FileCorrupt, FileTooLarge
from processors.reading.images import MAX_LONG_SIDE, open_image
from processors.reading.sniff import sniff_media_type


@pytest.fixture(scope="module")
def small_page(signed_page: Callable[[int], Image.Image]) -> Image.Image:
    return signed_page(100)


def _save(image: Image.Image, path: Path, fmt: str, **options: object) -> Path:
    if fmt == "HEIF":
        import pillow_heif

        pillow_heif.register_heif_opener()
    image.save(path, format=fmt, **options)
    return path


@pytest.mark.parametrize(
    ("fmt", "media_type", "options"),
    [
        ("JPEG", "image/jpeg", {"quality": 85}),
        ("PNG", "image/png", {}),
        ("WEBP", "image/webp", {"quality": 85}),
        ("TIFF", "image/tiff", {"compression": "tiff_lzw"}),
        ("HEIF", "image/heic", {"quality": 80}),
    ],
)
def test_each_format_decodes_to_one_rgb_page(
    tmp_path: Path, small_page: Image.Image, fmt: str, media_type: str, options: dict[str, object]
) -> None:
    path = _save(small_page, tmp_path / f"page.{fmt.lower()}", fmt, **options)
    assert sniff_media_type(path.read_bytes()[:2048]) == media_type
    count, pages = open_image(path, max_pages=5)
    decoded = list(pages)
    assert count == 1 and len(decoded) == 1
    assert decoded[0].image.mode == "RGB"
    # 827 px wide at 100 DPI: enlarged twice for OCR.
    assert decoded[0].image.size == (small_page.width * 2, small_page.height * 2)


def test_multipage_tiff_frames_are_pages(tmp_path: Path, small_page: Image.Image) -> None:
    path = tmp_path / "scan.tiff"
    grey = small_page.convert("L")
    grey.save(path, save_all=True, append_images=[grey.rotate(180), grey.convert("1")])
    count, pages = open_image(path, max_pages=5)
    assert count == 3
    assert [p.image.mode for p in pages] == ["RGB"] * 3


def test_tiff_with_more_frames_than_allowed_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "many.tiff"
    frames = [Image.new("L", (50, 50), 255) for _ in range(4)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    with pytest.raises(FileTooLarge) as caught:
        open_image(path, max_pages=3)
    assert caught.value.details == {"pages": 4, "limit": 3}


def test_exif_orientation_is_applied(exif_photo: Path) -> None:
    _, pages = open_image(exif_photo, max_pages=5)
    page = next(iter(pages)).image
    assert page.height > page.width  # stored sideways, stood up by its EXIF tag


def test_big_photo_is_downscaled(tmp_path: Path) -> None:
    path = _save(Image.new("RGB", (8000, 6000), "white"), tmp_path / "big.jpg", "JPEG")
    _, pages = open_image(path, max_pages=5)
    assert max(next(iter(pages)).image.size) == MAX_LONG_SIDE


def test_transparent_png_lies_on_white(tmp_path: Path) -> None:
    path = _save(Image.new("RGBA", (1500, 2000), (0, 0, 0, 0)), tmp_path / "clear.png", "PNG")
    _, pages = open_image(path, max_pages=5)
    assert next(iter(pages)).image.getpixel((10, 10)) == (255, 255, 255)


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that declares ``width`` x ``height`` pixels: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.mark.parametrize("side", [9_000, 100_000])  # 81 MP (Pillow warns), 10 GP (Pillow refuses)
def test_decompression_bomb_is_too_large(tmp_path: Path, side: int) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_header_only(side, side))
    assert path.stat().st_size < 200
    with pytest.raises(FileTooLarge):
        _count, pages = open_image(path, max_pages=5)
        list(pages)


def test_truncated_jpeg_is_corrupt(tmp_path: Path, small_page: Image.Image) -> None:
    buffer = io.BytesIO()
    small_page.save(buffer, format="JPEG", quality=85)
    path = tmp_path / "cut.jpg"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(FileCorrupt):
        _, pages = open_image(path, max_pages=5)
        list(pages)


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n" + b"garbage" * 20,
        b"\xff\xd8\xff\xe0" + b"\x00" * 50,
        b"II*\x00\xff\xff",
    ],
)
def test_magic_bytes_with_nothing_behind_are_corrupt(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken"
    path.write_bytes(content)
    with pytest.raises(FileCorrupt):
        _, pages = open_image(path, max_pages=5)
        list(pages)
