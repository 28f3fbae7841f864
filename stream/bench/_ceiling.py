"""The OCR ceiling: single-threaded Tesseract on one page, times the cores.

Measured in a fresh pool process set up exactly as the worker's (one OpenMP
thread, engines loaded once), on the benchmark's own scan pages taken as the
reading stage takes them (``page_image``: a scanner's page is its own image,
other pages drawn at 300 DPI; grayscale): only ``recognise`` is timed, so
orientation, levelling, seals and QR codes are the pipeline's overhead.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context

from processors.bootstrap import init_pool_process


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


def ocr_seconds(pdf: bytes, *, dpi: int, repeats: int) -> tuple[list[float], list[float], int]:
    """Wall and CPU seconds per Tesseract pass over each page of ``pdf`` (in this
    process), and its pages."""
    from functools import partial
    from pathlib import Path

    import pypdfium2 as pdfium

    from processors.reading.fullpage import may_mask_images
    from processors.reading.ocr import recognise
    from processors.reading.page import page_pixels
    from processors.reading.pdf import page_image
    from processors.reading.pixels import grey

    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        masks = partial(may_mask_images, Path(file.name))
        document = pdfium.PdfDocument(file.name)
        try:
            # Grey as the reading stage makes it (``page._flatten``).
            pages = [grey(page_pixels(page_image(page, dpi, masks=masks)[0])) for page in document]
        finally:
            document.close()
    recognise(pages[0], dpi)  # the first pass pays for lazy set-up
    times, cpu = [], []
    for _ in range(repeats):
        for gray in pages:
            started, started_cpu = time.perf_counter(), time.process_time()
            recognise(gray, dpi)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
    return times, cpu, len(pages)


def typical_page(passes_by_page: list[list[float]]) -> float:
    """Seconds for an average page: each page's median pass, then their mean.

    The pages differ (a grey copy takes Tesseract nearly twice as long as a
    clean colour scan), so one median over every pass would land on one page or
    the other, or between them, by chance."""
    return statistics.mean(statistics.median(passes) for passes in passes_by_page)


def measure_ceiling(scans: list[bytes], *, dpi: int = 300, repeats: int = 2) -> CeilingResult:
    cores = os.cpu_count() or 1
    samples: list[float] = []
    wall_by_page: list[list[float]] = []
    cpu_by_page: list[list[float]] = []
    page_counts: list[int] = []
    context = get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=init_pool_process) as pool:
        for pdf in scans:
            times, used, pages = pool.submit(ocr_seconds, pdf, dpi=dpi, repeats=repeats).result()
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
