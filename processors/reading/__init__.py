"""Reading a downloaded file: type sniffing, text layer or OCR, seals, QR codes.

``read_document`` runs in a process-pool worker started with ``init_worker``;
everything heavy (Tesseract engines, PDFium) stays inside that process.
"""

from processors.reading.read import init_worker, read_document
from processors.reading.sniff import sniff_media_type
from processors.reading.tessdata import tessdata_dir

__all__ = ["init_worker", "read_document", "sniff_media_type", "tessdata_dir"]
