"""The OCR ceiling: single-threaded Tesseract on one page, times the cores.

Measured in a fresh pool process set up exactly as the worker's (one OpenMP
thread, engines loaded once), on the benchmark's own pages: a scan's as the
reading stage takes them (``page_image``: a scanner's page is its own image,
other pages drawn at 300 DPI; grayscale), a photo's as recognition reads it
(the sheet cut out, upright, level). Only ``recognise`` is timed, so taking
the page, flattening, orientation, levelling, seals and QR codes are the
pipeline's overhead.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

from processors.bootstrap import init_pool_process

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True, slots=True)
class CeilingResult:
    seconds_per_page: float
    """Wall time of one pass over an average page (``typical_page``)."""
    cpu_seconds_per_page: float
    """CPU time of one pass over an average page: what it costs whatever else
    the machine runs."""
    samples: list[float]
    cores: int
    pages_per_document: float

    @property
    def documents_per_minute(self) -> float:
        per_document = self.seconds_per_page * self.pages_per_document
        return 60.0 * self.cores / per_document if per_document > 0 else 0.0


def _pdf_pages(path: Path, dpi: int) -> list[tuple[np.ndarray, int]]:
    """A PDF's pages as the reading stage takes them (``page_image``: a scanner's page
    is its own image, other pages drawn at ``dpi``), grey as ``page._flatten`` makes
    them, not levelled."""
    import pypdfium2 as pdfium

    from processors.reading.fullpage import may_mask_images
    from processors.reading.page import page_pixels
    from processors.reading.pdf import page_image
    from processors.reading.pixels import grey

    masks = partial(may_mask_images, path)
    document = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for page in document:
            image, used_dpi = page_image(page, dpi, masks=masks)
            pages.append((grey(page_pixels(image)), used_dpi))
        return pages
    finally:
        document.close()


def _photo_pages(path: Path) -> list[tuple[np.ndarray, int]]:
    """A photo's pages as recognition reads them: the sheet cut out, lit, upright and
    level (its own orientation pass is the pipeline's overhead, not Tesseract's)."""
    from processors.reading.images import open_image
    from processors.reading.page import recognition_input

    _count, pages = open_image(path, max_pages=20)
    return [recognition_input(page.image, page.dpi) for page in pages]


def ocr_seconds(content: bytes, *, dpi: int, repeats: int) -> tuple[list[float], list[float], int]:
    """Wall and CPU seconds per Tesseract pass over each page of ``content`` (a PDF
    or a photo, in this process), and its pages."""
    from processors.reading.ocr import recognise

    with tempfile.NamedTemporaryFile() as file:
        file.write(content)
        file.flush()
        path = Path(file.name)
        pages = _pdf_pages(path, dpi) if content.startswith(b"%PDF") else _photo_pages(path)
    recognise(*pages[0])  # the first pass pays for lazy set-up
    times, cpu = [], []
    for _ in range(repeats):
        for gray, page_dpi in pages:
            started, started_cpu = time.perf_counter(), time.process_time()
            recognise(gray, page_dpi)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
    return times, cpu, len(pages)


def typical_page(passes_by_page: list[list[float]]) -> float:
    """Seconds for an average page: each page's median pass, then their mean.

    The pages differ (a grey copy takes Tesseract nearly twice as long as a
    clean colour scan), so one median over every pass would land on one page or
    the other, or between them, by chance."""
    return statistics.mean(statistics.median(passes) for passes in passes_by_page)


def measure_ceiling(files: list[bytes], *, dpi: int = 300, repeats: int = 2) -> CeilingResult:
    cores = os.cpu_count() or 1
    samples: list[float] = []
    wall_by_page: list[list[float]] = []
    cpu_by_page: list[list[float]] = []
    page_counts: list[int] = []
    context = get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=init_pool_process) as pool:
        for content in files:
            times, used, pages = pool.submit(
                ocr_seconds, content, dpi=dpi, repeats=repeats
            ).result()
            samples += times
            # ocr_seconds passes over every page in turn, ``repeats`` times.
            wall_by_page += [times[page::pages] for page in range(pages)]
            cpu_by_page += [used[page::pages] for page in range(pages)]
            page_counts.append(pages)
    return CeilingResult(
        seconds_per_page=typical_page(wall_by_page),
        cpu_seconds_per_page=typical_page(cpu_by_page),
        samples=[round(s, 4) for s in samples],
        cores=cores,
        pages_per_document=statistics.mean(page_counts),
    )
