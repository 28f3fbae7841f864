"""``OCR_ENGINE`` and the ``OCR_HTTP_*`` settings: validated, and turned into an engine."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from processors.reading import HttpOcrEngine, TesseractEngine
from stream.runtime import make_ocr_engine
from stream.settings import Settings

from .conftest import downloaded
from .fake_ocr import FakeOcrService

OCR_ENV = (
    "OCR_ENGINE",
    "OCR_HTTP_URL",
    "OCR_HTTP_TOKEN",
    "OCR_HTTP_TIMEOUT_S",
    "OCR_HTTP_MAX_ATTEMPTS",
    "OCR_HTTP_CA_BUNDLE",
    "ENVIRONMENT",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in OCR_ENV:
        monkeypatch.delenv(name, raising=False)


def test_tesseract_is_the_default() -> None:
    settings = Settings()
    assert settings.ocr_engine == "tesseract"
    with ThreadPoolExecutor(1) as pool:
        assert isinstance(make_ocr_engine(settings, pool, AsyncExitStack()), TesseractEngine)


def test_http_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    monkeypatch.setenv("OCR_ENGINE", "http")
    monkeypatch.setenv("OCR_HTTP_URL", "https://ocr.bank.kz/v1/ocr")
    monkeypatch.setenv("OCR_HTTP_TOKEN", "s3cr3t-token")
    monkeypatch.setenv("OCR_HTTP_TIMEOUT_S", "45")
    monkeypatch.setenv("OCR_HTTP_MAX_ATTEMPTS", "6")
    monkeypatch.setenv("OCR_HTTP_CA_BUNDLE", str(bundle))
    settings = Settings()
    assert settings.ocr_http_timeout_s == 45.0 and settings.ocr_http_max_attempts == 6
    assert settings.ocr_http_ca_bundle == bundle
    shown = settings.as_dict()
    assert shown["ocr_http_token"] == "**********" and "s3cr3t" not in str(shown)


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"ocr_http_url": None}, "needs OCR_HTTP_URL"),
        ({"ocr_http_url": "ocr.bank.kz/v1/ocr"}, "needs OCR_HTTP_URL"),
        ({"ocr_http_ca_bundle": Path("/nonexistent/ca.pem")}, "is not a file"),
        (
            {"environment": "production", "ocr_http_url": "http://ocr.bank.kz/v1/ocr"},
            "must be https",
        ),
        ({"environment": "production", "ocr_http_token": "changeme"}, "placeholder"),
    ],
)
def test_unusable_http_settings_are_refused(values: dict[str, object], problem: str) -> None:
    options: dict[str, object] = {"ocr_engine": "http", "ocr_http_url": "https://ocr.bank.kz/ocr"}
    with pytest.raises(ValidationError, match=problem):
        Settings.model_validate(options | values)


def test_plain_http_to_a_sidecar_on_this_host_is_allowed_in_production() -> None:
    settings = Settings(
        environment="production", ocr_engine="http", ocr_http_url="http://127.0.0.1:8089/ocr"
    )
    assert settings.ocr_http_url == "http://127.0.0.1:8089/ocr"


async def test_http_engine_uses_the_url_and_token_and_closes_with_the_runtime(
    fake_ocr: FakeOcrService, sideways_png: Path, tmp_path: Path
) -> None:
    fake_ocr.reader = lambda image, dpi: ("Приказ", 88.0)
    token = SecretStr(fake_ocr.token or "")
    settings = Settings(ocr_engine="http", ocr_http_url=fake_ocr.url, ocr_http_token=token)
    with ThreadPoolExecutor(1) as pool:
        async with AsyncExitStack() as stack:
            engine = make_ocr_engine(settings, pool, stack)
            assert isinstance(engine, HttpOcrEngine)
            (page,) = (await engine.read(downloaded(sideways_png, tmp_path))).pages
    assert page.text == "Приказ" and page.rotation == 90
    assert len(fake_ocr.requests) == 1  # the token was right: no problems noted
