"""The reading stage's entry points, run in a process-pool worker.

``read_document`` reads a file whole, with Tesseract for the pages that need
OCR. ``prepare_document`` does the same up to the OCR itself and leaves those
pages as PNG files for an engine outside the pool (an HTTP service).
"""

from __future__ import annotations

import hashlib
import os
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from processors.errors import FileUnsupported
from processors.reading.prepared import PreparedDocument
from processors.reading.sniff import HEAD_BYTES, is_refused_container, sniff_media_type
from schemas.document import ReadDocument

if TYPE_CHECKING:
    from processors.reading.page import PageReader

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


def _read(path: str, max_pages: int, dpi: int, read_page: PageReader) -> PreparedDocument:
    file = Path(path)
    sha256, head, size = _digest_and_head(file)
    media_type = sniff_media_type(head)
    if media_type is None:
        reason = "not a PDF or a supported image"
        if size == 0:
            reason = "empty file"
        elif is_refused_container(head):
            reason = "an archive or an executable"
        raise FileUnsupported(f"unsupported file: {reason}", size=size)
    # Imported here: the process that submits work imports this package too,
    # and needs neither PDFium nor OpenCV nor Tesseract.
    if media_type == "application/pdf":
        from processors.reading.pdf import read_pdf

        page_count, pages = read_pdf(file, max_pages=max_pages, dpi=dpi, read_page=read_page)
    else:
        from processors.reading.images import read_image

        page_count, pages = read_image(file, max_pages=max_pages, read_page=read_page)
    return PreparedDocument(
        media_type=media_type, sha256=sha256, page_count=page_count, pages=pages
    )


def read_document(path: str, *, max_pages: int, dpi: int = 300) -> ReadDocument:
    """Read a downloaded file: its type from its bytes, then every page's text,
    seals and QR codes, with Tesseract for the pages that need OCR.

    ``max_pages`` bounds PDF pages and TIFF frames; ``dpi`` is the resolution
    PDF pages are drawn at for OCR (images are read at their own resolution).
    Raises ``FileUnsupported``, ``FileCorrupt``, ``FileTooLarge`` (the file
    decides) and ``OcrFailure`` (the engine failed; retriable).
    """
    from processors.reading.page import read_image_page

    return _read(path, max_pages, dpi, read_image_page).finish({})


def prepare_document(
    path: str, *, max_pages: int, pages_dir: str, dpi: int = 300
) -> PreparedDocument:
    """Read a file as ``read_document`` does, except that each page that needs OCR is
    prepared (flattened, upright, levelled) and written as a PNG into ``pages_dir``
    for an OCR engine outside the pool. Raises what ``read_document`` raises.
    """
    from processors.reading.page import defer_image_page

    folder = Path(pages_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return _read(path, max_pages, dpi, partial(defer_image_page, folder=folder))
