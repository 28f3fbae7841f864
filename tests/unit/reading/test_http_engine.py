"""``OCR_ENGINE=http`` end to end: the pool prepares the pages that need OCR, the
service on 127.0.0.1 reads them, the engine assembles the document."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from processors.reading import (
    HttpOcrEngine,
    OcrRefused,
    TesseractEngine,
    init_worker,
)

from . import samples
from .conftest import MakeClient, downloaded
from .fake_ocr import FakeOcrService, Reply

DPI = 200
COVER = ("Сопроводительное письмо № 12/07", "Направляем копию приказа о предоставлении отпуска.")


class InlineExecutor(Executor):
    """Runs each call at once in the caller's thread: the unit tests' stand-in pool."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


@pytest.fixture(scope="module")
def spawned_pool() -> Iterator[ProcessPoolExecutor]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=init_worker) as pool:
        yield pool


@pytest.fixture(scope="module")
def bundle_pdf(
    tmp_path_factory: pytest.TempPathFactory, signed_page: Callable[[int], Image.Image]
) -> Path:
    """A cover letter with a text layer, then the signed order scanned."""
    path = tmp_path_factory.mktemp("bundle") / "bundle.pdf"
    return samples.mixed_pdf(path, [COVER, signed_page(DPI)], DPI)


async def test_only_the_scanned_page_goes_to_the_service(
    tmp_path: Path,
    fake_ocr: FakeOcrService,
    make_ocr_client: MakeClient,
    spawned_pool: ProcessPoolExecutor,
    bundle_pdf: Path,
) -> None:
    engine = HttpOcrEngine(spawned_pool, make_ocr_client(), max_pages=5, dpi=DPI)
    local = downloaded(bundle_pdf, tmp_path)
    document = await engine.read(local)
    cover, order = document.pages
    assert cover.source == "text_layer" and "Сопроводительное письмо" in cover.text
    assert order.source == "ocr" and order.ocr_confidence is not None
    for word in ("Жармағанбет", "беременности", samples.IIN):
        assert word in order.text
    assert len(order.seals) == 1 and order.seals[0].colour == "blue"  # found in the pool
    (request,) = fake_ocr.requests
    assert (request.page, request.dpi) == ("2", str(DPI))
    assert (await local.workdir() / "pages" / "page-002.png").read_bytes() == request.image


async def test_the_service_reads_what_tesseract_reads_in_the_pool(
    tmp_path: Path, make_ocr_client: MakeClient, spawned_pool: ProcessPoolExecutor, scan_pdf: Path
) -> None:
    # The same preparation, a lossless PNG between the phases: the same document.
    over_http = HttpOcrEngine(spawned_pool, make_ocr_client(), max_pages=5, dpi=300)
    in_pool = TesseractEngine(spawned_pool, max_pages=5, dpi=300)
    assert await over_http.read(downloaded(scan_pdf, tmp_path)) == await in_pool.read(
        downloaded(scan_pdf, tmp_path)
    )


async def test_sideways_photo_is_sent_upright(
    tmp_path: Path, fake_ocr: FakeOcrService, make_ocr_client: MakeClient, sideways_png: Path
) -> None:
    engine = HttpOcrEngine(InlineExecutor(), make_ocr_client(), max_pages=5, dpi=300)
    local = downloaded(sideways_png, tmp_path)
    (page,) = (await engine.read(local)).pages
    assert page.rotation == 90
    assert samples.IIN in page.text and "Жармағанбет" in page.text
    assert len(page.seals) == 1
    with Image.open(await local.workdir() / "pages" / "page-001.png") as sent:
        assert sent.mode == "L" and sent.height > sent.width


@pytest.fixture
def three_frame_tiff(tmp_path: Path) -> Path:
    frames = []
    for lines in (COVER, samples.ORDER_LINES[:3], samples.ORDER_LINES[3:]):
        frame = samples.blank_page(70)
        samples.write_lines(frame, lines, 70)
        frames.append(frame)
    path = tmp_path / "bundle.tiff"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    return path


async def test_pages_are_read_concurrently_and_kept_in_order(
    tmp_path: Path, fake_ocr: FakeOcrService, make_ocr_client: MakeClient, three_frame_tiff: Path
) -> None:
    fake_ocr.reader = lambda image, dpi: (f"{len(image)} bytes at {dpi} dpi", 77.0)
    engine = HttpOcrEngine(InlineExecutor(), make_ocr_client(), max_pages=3, dpi=300)
    local = downloaded(three_frame_tiff, tmp_path)
    document = await engine.read(local)
    assert [p.number for p in document.pages] == [1, 2, 3]
    assert sorted(r.page for r in fake_ocr.requests) == ["1", "2", "3"]
    pages = await local.workdir() / "pages"
    for page in document.pages:
        size = (pages / f"page-{page.number:03d}.png").stat().st_size
        assert page.text.startswith(f"{size} bytes at ") and page.ocr_confidence == 77.0


async def test_a_refused_page_fails_the_document(
    tmp_path: Path, fake_ocr: FakeOcrService, make_ocr_client: MakeClient, three_frame_tiff: Path
) -> None:
    fake_ocr.reader = lambda image, dpi: ("ok", None)
    fake_ocr.answer(Reply(status=413, body={"error": "too large"}))
    engine = HttpOcrEngine(InlineExecutor(), make_ocr_client(), max_pages=3, dpi=300)
    with pytest.raises(OcrRefused) as caught:
        await engine.read(downloaded(three_frame_tiff, tmp_path))
    assert caught.value.retriable is False and caught.value.stage == "ocr"


async def test_file_errors_come_from_the_pool_unchanged(
    tmp_path: Path, fake_ocr: FakeOcrService, make_ocr_client: MakeClient
) -> None:
    from processors.errors import FileUnsupported

    path = tmp_path / "note.pdf"
    path.write_bytes(b"<!DOCTYPE html><html>Access denied</html>")
    engine = HttpOcrEngine(InlineExecutor(), make_ocr_client(), max_pages=3, dpi=300)
    with pytest.raises(FileUnsupported):
        await engine.read(downloaded(path, tmp_path))
    assert fake_ocr.requests == []
