"""S3 over TLS: the CA bundle setting is what the S3 client trusts; verification is
never off, so an endpoint with a private CA fails without the bundle."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from processors.errors import StorageUnavailable
from stream.connections import open_document_store
from stream.localstack import free_port
from stream.settings import Settings
from tests.pki import TestCa


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [*Settings.model_fields, "aws_ca_bundle", "requests_ca_bundle", "ssl_cert_file"]:
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def ca(tmp_path: Path) -> TestCa:
    return TestCa(tmp_path / "pki")


@pytest.fixture
async def s3_endpoint(ca: TestCa) -> AsyncIterator[str]:
    """An HTTPS endpoint answering HEAD on the bucket, as S3 does for head_bucket."""
    seen: list[str] = []

    async def head_bucket(request: web.Request) -> web.Response:
        seen.append(request.path)
        return web.Response(status=200)

    app = web.Application()
    app.router.add_route("HEAD", "/loan-docs", head_bucket)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    context = ca.server_context(ca.issue("s3", hosts=("127.0.0.1",)))
    await web.TCPSite(runner, "127.0.0.1", port, ssl_context=context).start()
    try:
        yield f"https://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


def _settings(endpoint: str, **values: object) -> Settings:
    return Settings.model_validate(
        {
            "s3_endpoint_url": endpoint,
            "aws_access_key_id": "idp-key",
            "aws_secret_access_key": "idp-secret-key",
            **values,
        }
    )


async def test_the_ca_bundle_is_trusted(s3_endpoint: str, ca: TestCa) -> None:
    async with open_document_store(_settings(s3_endpoint, s3_ca_bundle=str(ca.ca_file))) as store:
        await store.ping("loan-docs")


async def test_without_the_bundle_the_private_ca_is_refused(s3_endpoint: str) -> None:
    async with open_document_store(_settings(s3_endpoint)) as store:
        with pytest.raises(StorageUnavailable, match="SSL"):
            await store.ping("loan-docs")


async def test_a_bundle_of_another_ca_is_refused(s3_endpoint: str, tmp_path: Path) -> None:
    other = TestCa(tmp_path / "other", name="other CA")
    async with open_document_store(_settings(s3_endpoint, s3_ca_bundle=str(other.ca_file))) as s:
        with pytest.raises(StorageUnavailable, match="SSL"):
            await s.ping("loan-docs")
