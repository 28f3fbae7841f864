"""The media type of a file from its first bytes; the file name is never trusted."""

from __future__ import annotations

# How many leading bytes the caller should read: enough for a PDF header
# behind up to 1 KiB of junk (mail gateways and some generators prepend it).
HEAD_BYTES = 2048
_PDF_JUNK_LIMIT = 1024

# ISO-BMFF brands of HEIF images with HEVC coding, and the generic image brands.
_HEIC_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis"})
_HEIF_BRANDS = frozenset({b"mif1", b"msf1"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})

# Containers and executables that can carry a PDF's bytes unchanged (a ZIP that
# stores a PDF uncompressed shows "%PDF-" a few dozen bytes in): they are
# refused before the tolerant search for a PDF header, never read.
_REFUSED_PREFIXES = (
    b"PK\x03\x04",  # ZIP (and DOCX, XLSX, JAR, APK)
    b"PK\x05\x06",  # empty ZIP
    b"PK\x07\x08",  # spanned ZIP
    b"Rar!\x1a\x07",  # RAR 4 and 5
    b"7z\xbc\xaf\x27\x1c",  # 7-Zip
    b"\x1f\x8b",  # gzip (and .tar.gz)
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
    b"\x28\xb5\x2f\xfd",  # zstd
    b"MSCF",  # Windows cabinet
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE2 (DOC, XLS, MSI)
    b"\x7fELF",  # ELF executable
    b"MZ",  # Windows PE executable
    b"\xfe\xed\xfa\xce",  # Mach-O, 32 and 64 bit, both byte orders
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal binary (also Java class files)
)
# tar keeps its magic at offset 257, after the first member's name.
_TAR_MAGIC_AT = 257


def _ftyp_brands(head: bytes) -> list[bytes]:
    """Major then compatible brands of a leading ``ftyp`` box, or ``[]``."""
    if len(head) < 16 or head[4:8] != b"ftyp":
        return []
    size = int.from_bytes(head[0:4], "big")
    if size < 16 or size % 4:
        return []
    end = min(size, len(head))
    return [head[8:12]] + [head[i : i + 4] for i in range(16, end - 3, 4)]


def _heif_type(head: bytes) -> str | None:
    brands = _ftyp_brands(head)
    if not brands:
        return None
    # An AVIF file also lists mif1; only an HEVC brand makes it an image we decode.
    if any(brand in _HEIC_BRANDS for brand in brands):
        return "image/heic"
    if any(brand in _AVIF_BRANDS for brand in brands):
        return None
    if any(brand in _HEIF_BRANDS for brand in brands):
        return "image/heif"
    return None


def is_refused_container(head: bytes) -> bool:
    """True for an archive or an executable, whatever it holds."""
    return head.startswith(_REFUSED_PREFIXES) or head[_TAR_MAGIC_AT : _TAR_MAGIC_AT + 5] == b"ustar"


def sniff_media_type(head: bytes) -> str | None:
    """``application/pdf``, ``image/jpeg|png|tiff|webp|heic|heif``, or ``None``.

    ``head`` is the file's first ``HEAD_BYTES`` bytes (fewer for a short file).
    ``None`` means unsupported: HTML, archives, executables, text, AVIF, empty.
    Archives and executables are refused even when a PDF header follows.
    """
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    # Classic TIFF and BigTIFF, little- and big-endian.
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "image/tiff"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":
        return _heif_type(head)
    if is_refused_container(head):
        return None
    if b"%PDF-" in head[: _PDF_JUNK_LIMIT + 5]:
        return "application/pdf"
    return None
