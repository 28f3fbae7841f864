"""OCR engines: how the reading stage turns a downloaded file into a ``ReadDocument``.

Both engines run on the event loop and send the CPU work (decoding, PDF
rendering, flattening, orientation, seals, QR codes) to the process pool;
they differ in who reads the text of the pages that need OCR:

- ``TesseractEngine`` (``OCR_ENGINE=tesseract``, the default): Tesseract, in
  the same pool call that reads the rest of the file;
- ``HttpOcrEngine`` (``OCR_ENGINE=http``): the pool prepares those pages and
  writes them as PNG files into the request's temporary folder; the event loop
  sends each one to the OCR service and assembles the document.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from functools import partial
from pathlib import Path
from typing import Protocol, TypeVar

from processors.errors import OcrFailure, ProcessingError
from processors.reading.http_ocr import OcrText
from processors.reading.local import LocalDocument
from processors.reading.prepared import PendingPage, PreparedDocument
from processors.reading.read import prepare_document, read_document
from schemas.document import ReadDocument

T = TypeVar("T")


class OcrEngine(Protocol):
    """Reads a downloaded document into a ``ReadDocument``.

    An engine that needs a file asks ``document.path()``; one that needs a
    folder makes it at ``document.workdir()``. The caller removes both.
    Raises the ``DocumentError`` subclasses (the file decides: unsupported,
    corrupt, too large) and ``OcrFailure(stage="ocr")``, retriable unless the
    engine refused the request itself.
    """

    async def read(self, document: LocalDocument) -> ReadDocument: ...


class PageOcr(Protocol):
    """Reads the text of one prepared page image (PNG bytes)."""

    async def recognise(self, image: bytes, *, dpi: int, page: int) -> OcrText: ...


async def _in_pool(executor: Executor, call: Callable[[], T]) -> T:
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(executor, call)
    except ProcessingError:
        raise
    except Exception as exc:  # a dead pool process, or a bug in a native library
        raise OcrFailure(f"reading failed: {type(exc).__name__}", stage="ocr") from exc


class TesseractEngine:
    """The whole file in one pool call, Tesseract included."""

    def __init__(
        self,
        executor: Executor,
        *,
        max_pages: int,
        dpi: int,
        read: Callable[..., ReadDocument] = read_document,
    ) -> None:
        self._executor = executor
        self._max_pages = max_pages
        self._dpi = dpi
        self._read = read

    async def read(self, document: LocalDocument) -> ReadDocument:
        path = await document.path()
        call = partial(self._read, str(path), max_pages=self._max_pages, dpi=self._dpi)
        return await _in_pool(self._executor, call)


class HttpOcrEngine:
    """Pages prepared in the pool, their text read by an OCR service.

    At most ``concurrency`` pages of one file are with the service at a time.
    """

    def __init__(
        self,
        executor: Executor,
        client: PageOcr,
        *,
        max_pages: int,
        dpi: int,
        concurrency: int = 4,
        prepare: Callable[..., PreparedDocument] = prepare_document,
    ) -> None:
        self._executor = executor
        self._client = client
        self._max_pages = max_pages
        self._dpi = dpi
        self._concurrency = concurrency
        self._prepare = prepare

    async def read(self, document: LocalDocument) -> ReadDocument:
        path, workdir = await document.path(), await document.workdir()
        call = partial(
            self._prepare,
            str(path),
            max_pages=self._max_pages,
            dpi=self._dpi,
            pages_dir=str(workdir / "pages"),
        )
        prepared = await _in_pool(self._executor, call)
        slots = asyncio.Semaphore(self._concurrency)
        tasks = [asyncio.create_task(self._recognise(page, slots)) for page in prepared.pending]
        try:
            texts = await asyncio.gather(*tasks)
        except BaseException:
            # One page failed: the document fails, so stop asking about the others.
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        return prepared.finish(dict(texts))

    async def _recognise(
        self, page: PendingPage, slots: asyncio.Semaphore
    ) -> tuple[int, tuple[str, float | None]]:
        async with slots:
            try:
                image = await asyncio.to_thread(Path(page.image).read_bytes)
            except OSError as exc:  # the temporary folder went away under us
                raise OcrFailure(f"cannot read a prepared page: {exc}", stage="ocr") from exc
            answer = await self._client.recognise(image, dpi=page.dpi, page=page.number)
        return page.number, (answer.text, answer.confidence)
