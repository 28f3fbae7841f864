"""Sample files for the reading tests, drawn once per session; the fake OCR service."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pydantic import SecretStr

from processors.reading import HttpOcrClient, LocalDocument

from . import samples
from .fake_ocr import FakeOcrService

SCAN_DPI = 300
PHOTO_DPI = 200


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reading-samples")


@pytest.fixture(scope="session")
def order_pdf(sample_dir: Path) -> Path:
    """A digital order: a Russian and Kazakh text layer in DejaVu, no seal."""
    return samples.text_pdf(sample_dir / "order.pdf")


@pytest.fixture(scope="session")
def signed_page(order_pdf: Path) -> Callable[[int], Image.Image]:
    """``build(dpi)``: the order drawn at ``dpi``, signed, a blue seal over the signature."""
    cache: dict[int, Image.Image] = {}

    def build(dpi: int) -> Image.Image:
        if dpi not in cache:
            page = samples.render(order_pdf, dpi)
            samples.sign_and_seal(page, dpi)
            cache[dpi] = page
        return cache[dpi].copy()

    return build


@pytest.fixture(scope="session")
def scan_pdf(sample_dir: Path, signed_page: Callable[[int], Image.Image]) -> Path:
    """The signed order scanned at 300 DPI into an image-only PDF."""
    return samples.image_pdf(sample_dir / "scan.pdf", [signed_page(SCAN_DPI)], SCAN_DPI)


@pytest.fixture(scope="session")
def exif_photo(sample_dir: Path, signed_page: Callable[[int], Image.Image]) -> Path:
    """A JPEG whose pixels lie sideways and whose EXIF orientation (6) stands them up."""
    sideways = signed_page(PHOTO_DPI).rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    path = sample_dir / "photo.jpg"
    sideways.save(path, format="JPEG", quality=88, exif=exif)
    return path


@pytest.fixture(scope="session")
def sideways_png(sample_dir: Path, signed_page: Callable[[int], Image.Image]) -> Path:
    """A PNG of the signed order turned a quarter counter-clockwise, with no EXIF to say so."""
    path = sample_dir / "sideways.png"
    signed_page(PHOTO_DPI).rotate(90, expand=True).save(path)
    return path


@pytest.fixture
async def fake_ocr() -> AsyncIterator[FakeOcrService]:
    """A fresh OCR service on 127.0.0.1; fails the test if the client sent a bad request."""
    service = FakeOcrService()
    await service.start()
    yield service
    await service.stop()
    assert service.problems == [], "the client sent a request of the wrong shape"


MakeClient = Callable[..., HttpOcrClient]


def downloaded(path: Path, temp_dir: Path) -> LocalDocument:
    """``path``'s bytes as the reading stage hands them to an engine."""
    return LocalDocument(path.read_bytes(), temp_dir=temp_dir)


@pytest.fixture
async def make_ocr_client(fake_ocr: FakeOcrService) -> AsyncIterator[MakeClient]:
    """``create(**overrides)``: a client of ``fake_ocr``; its sleeps go to ``client.sleeps``."""
    made: list[HttpOcrClient] = []

    def create(**overrides: Any) -> HttpOcrClient:
        sleeps: list[float] = []

        async def sleep(seconds: float) -> None:
            sleeps.append(seconds)

        options: dict[str, Any] = {
            "token": SecretStr(fake_ocr.token) if fake_ocr.token else None,
            "timeout_s": 10.0,
            "max_attempts": 3,
            "sleep": sleep,
        }
        client = HttpOcrClient(fake_ocr.url, **(options | overrides))
        client.sleeps = sleeps  # type: ignore[attr-defined]
        made.append(client)
        return client

    yield create
    for client in made:
        await client.close()


@pytest.fixture
def hough_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per ``HoughCircles`` call the seal finder makes from now on: the
    pixel search for rings, which circles a drawing states spare it."""
    from processors.reading import seals

    calls: list[int] = []
    search = seals.cv2.HoughCircles

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return search(*args, **kwargs)

    monkeypatch.setattr(seals.cv2, "HoughCircles", counted)
    return calls
