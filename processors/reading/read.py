"""The reading stage's entry points, run in a process-pool worker."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from processors.errors import FileUnsupported
from processors.reading.sniff import HEAD_BYTES, sniff_media_type
from schemas.document import PageReading, ReadDocument

_CHUNK = 1 << 20


def init_worker() -> None:
    """Pool initializer: one OCR thread per process, engines loaded up front.

    ``OMP_THREAD_LIMIT`` must be set before libtesseract loads: with N worker
    processes each spawning OpenMP threads, Tesseract runs several times slower.
    Raises ``OcrFailure`` when Tesseract or its languages are missing, so a
    misconfigured pool breaks at start-up rather than on every document.
    """
    os.environ["OMP_THREAD_LIMIT"] = "1"
    import cv2

    cv2.setNumThreads(1)  # the pool is the parallelism; threads would oversubscribe
    from processors.reading.ocr import warm_up

    warm_up()


def _digest_and_head(path: Path) -> tuple[str, bytes, int]:
    digest = hashlib.sha256()
    head = b""
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            if not head:
                head = chunk[:HEAD_BYTES]
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), head, size


def read_document(path: str, *, max_pages: int, dpi: int = 300) -> ReadDocument:
    """Read a downloaded file: its type from its bytes, then every page's text,
    seals and QR codes.

    ``max_pages`` bounds PDF pages and TIFF frames; ``dpi`` is the resolution
    PDF pages are drawn at for OCR (images are read at their own resolution).
    Raises ``FileUnsupported``, ``FileCorrupt``, ``FileTooLarge`` (the file
    decides) and ``OcrFailure`` (the engine failed; retriable).
    """
    file = Path(path)
    sha256, head, size = _digest_and_head(file)
    media_type = sniff_media_type(head)
    if media_type is None:
        reason = "empty file" if size == 0 else "not a PDF or a supported image"
        raise FileUnsupported(f"unsupported file: {reason}", size=size)
    pages: list[PageReading]
    # Imported here: the process that submits work imports this package too,
    # and needs neither PDFium nor OpenCV nor Tesseract.
    if media_type == "application/pdf":
        from processors.reading.pdf import read_pdf

        page_count, pages = read_pdf(file, max_pages=max_pages, dpi=dpi)
    else:
        from processors.reading.images import read_image

        page_count, pages = read_image(file, max_pages=max_pages)
    return ReadDocument(media_type=media_type, sha256=sha256, page_count=page_count, pages=pages)
