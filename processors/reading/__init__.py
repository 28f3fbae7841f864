"""Reading a downloaded file: type sniffing, text layer or OCR, seals, QR codes.

``read_document`` and ``prepare_document`` run in a process-pool worker started
with ``init_worker``; everything heavy (Tesseract engines, PDFium, OpenCV)
stays inside that process. The engines (``TesseractEngine``, ``HttpOcrEngine``)
run on the event loop and hand that work to the pool; they are given the
downloaded bytes as a ``LocalDocument``, written to a file only for a read.
"""

from processors.reading.engines import HttpOcrEngine, OcrEngine, PageOcr, TesseractEngine
from processors.reading.http_ocr import HttpOcrClient, OcrRefused, OcrText
from processors.reading.local import LocalDocument, local_document
from processors.reading.prepared import PendingPage, PreparedDocument
from processors.reading.read import init_worker, prepare_document, read_document
from processors.reading.sniff import sniff_media_type
from processors.reading.tessdata import LANGUAGES, tessdata_dir

__all__ = [
    "LANGUAGES",
    "HttpOcrClient",
    "HttpOcrEngine",
    "LocalDocument",
    "OcrEngine",
    "OcrRefused",
    "OcrText",
    "PageOcr",
    "PendingPage",
    "PreparedDocument",
    "TesseractEngine",
    "init_worker",
    "local_document",
    "prepare_document",
    "read_document",
    "sniff_media_type",
    "tessdata_dir",
]
