"""Media types come from magic bytes alone."""

from __future__ import annotations

import pytest

from processors.reading import sniff_media_type


def _ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return (8 + len(body)).to_bytes(4, "big") + b"ftyp" + body + b"\x00\x00\x01\x00meta"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf"),
        (b"\r\n" * 300 + b"%PDF-1.4\n", "application/pdf"),  # junk before the header
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
        (b"\xff\xd8\xff\xe1\x1c\x00Exif\x00\x00", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        (b"II*\x00\x08\x00\x00\x00", "image/tiff"),
        (b"MM\x00*\x00\x00\x00\x08", "image/tiff"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (_ftyp(b"heic", b"mif1", b"heic"), "image/heic"),
        (_ftyp(b"heix", b"mif1"), "image/heic"),
        (_ftyp(b"hevc", b"msf1"), "image/heic"),
        (_ftyp(b"mif1", b"heic"), "image/heic"),
        (_ftyp(b"mif1", b"miaf"), "image/heif"),
        (_ftyp(b"msf1"), "image/heif"),
    ],
)
def test_supported_types_are_recognised(head: bytes, expected: str) -> None:
    assert sniff_media_type(head) == expected


@pytest.mark.parametrize(
    "head",
    [
        b"",
        b"<!DOCTYPE html><html><head><title>404</title>",
        b"<html><body>%PDF</body></html>",
        b"PK\x03\x04\x14\x00\x06\x00",  # ZIP, DOCX
        b"\x7fELF\x02\x01\x01\x00",
        b"MZ\x90\x00\x03\x00\x00\x00",
        "Приказ № 45-к, просто текст".encode(),
        b"GIF89a\x01\x00\x01\x00",
        _ftyp(b"avif", b"mif1", b"miaf"),  # AVIF lists mif1 too
        _ftyp(b"isom", b"mp41"),  # an MP4 video
        b" " * 1100 + b"%PDF-1.4",  # header too far in
    ],
)
def test_everything_else_is_unsupported(head: bytes) -> None:
    assert sniff_media_type(head) is None


def _zip_holding_a_pdf() -> bytes:
    from stream.samples.corpus_damage import zipped

    return zipped("Приказ.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", stored=True)


@pytest.mark.parametrize(
    "head",
    [
        _zip_holding_a_pdf(),
        b"Rar!\x1a\x07\x01\x00" + b"%PDF-1.4\n",
        b"7z\xbc\xaf\x27\x1c\x00\x04" + b"%PDF-1.4\n",
        b"\x1f\x8b\x08\x00" + b"%PDF-1.4\n",
        b"\x7fELF\x02\x01\x01\x00" + b"%PDF-1.4\n",
        b"MZ\x90\x00" + b"%PDF-1.4\n",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"%PDF-1.4\n",
        b"doc.pdf".ljust(257, b"\x00") + b"ustar\x0000" + b"%PDF-1.4\n",  # tar
    ],
)
def test_archives_and_executables_are_refused_even_holding_a_pdf_header(head: bytes) -> None:
    assert b"%PDF-" in head[:1100]
    assert sniff_media_type(head) is None
