"""A client of the bank's own OCR service (``OCR_ENGINE=http``), one page per request.

The API it speaks (also in the README)::

    POST {OCR_HTTP_URL}
    Authorization: Bearer {OCR_HTTP_TOKEN}        (only when a token is set)
    Content-Type: multipart/form-data
        image   page.png (image/png): one page, grayscale, upright and levelled
        lang    rus+kaz+eng
        dpi     the image's resolution, e.g. 300
        page    the page's number in the file, from 1 (for the service's logs)

    200 application/json
        {"text": "ПРИКАЗ № 45-к ...", "confidence": 91.5}
        text        the page's text, lines separated by "\\n"
        confidence  mean word confidence 0-100, or null when the service has none

Failures leave this module as ``OcrFailure(stage="ocr")``:

- 5xx, 408, 429 (honouring ``Retry-After`` up to a cap), timeouts, connection
  errors and 2xx answers without a ``text`` are retried with jittered
  exponential backoff; when every attempt has failed, ``OcrFailure``
  (retriable: the stage may try the document again later);
- any other 4xx, an untrusted certificate or an unusable URL at once as
  ``OcrRefused`` (not retriable: the request or the settings must change).
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import NamedTuple

import httpx
from pydantic import SecretStr

from processors.errors import OcrFailure
from processors.http_retry import (
    RETRY_STATUSES,
    Retries,
    Transient,
    retry_after,
    untrusted_certificate,
)
from processors.reading.tessdata import LANGUAGES

STAGE = "ocr"


class OcrRefused(OcrFailure):
    """The OCR service refused the request itself (4xx, an untrusted certificate, a
    malformed URL): trying again cannot help until the request or the settings change."""

    retriable = False


class OcrText(NamedTuple):
    text: str
    confidence: float | None
    """Mean word confidence, 0-100, when the service gives one."""


def _tls(ca_bundle: Path | None) -> ssl.SSLContext:
    """Verifying TLS: the system's trust store, or only ``ca_bundle`` when given."""
    if ca_bundle is None:
        return ssl.create_default_context()
    return ssl.create_default_context(cafile=str(ca_bundle))


class HttpOcrClient:
    """Sends page images to the OCR service; ``close`` must be awaited.

    ``transport`` and ``sleep`` are seams for tests.
    """

    def __init__(
        self,
        url: str,
        *,
        token: SecretStr | None = None,
        languages: str = LANGUAGES,
        timeout_s: float = 60.0,
        connect_timeout_s: float = 5.0,
        max_attempts: int = 4,
        ca_bundle: Path | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        backoff_initial_s: float = 0.5,
        backoff_max_s: float = 10.0,
        max_retry_after_s: float = 30.0,
    ) -> None:
        headers = {"Accept": "application/json"}
        if token is not None and token.get_secret_value():
            headers["Authorization"] = f"Bearer {token.get_secret_value()}"
        self._url = url
        self._languages = languages
        self._retries = Retries(
            max_attempts=max_attempts,
            backoff_initial_s=backoff_initial_s,
            backoff_max_s=backoff_max_s,
            max_retry_after_s=max_retry_after_s,
            sleep=sleep or asyncio.sleep,
        )
        self._http = httpx.AsyncClient(
            headers=headers,
            timeout=httpx.Timeout(timeout_s, connect=connect_timeout_s),
            verify=_tls(ca_bundle),
            follow_redirects=False,
            transport=transport,
        )

    async def close(self) -> None:
        await self._http.aclose()

    async def recognise(self, image: bytes, *, dpi: int, page: int) -> OcrText:
        """The text of one PNG page image; raises only ``OcrFailure`` and ``OcrRefused``."""
        try:
            return await self._retries.call(lambda: self._post(image, dpi=dpi, page=page))
        except Transient as exc:
            raise OcrFailure(
                f"the OCR service failed: {exc.reason}",
                stage=STAGE,
                status=exc.status,
                attempts=self._retries.max_attempts,
            ) from exc

    async def _post(self, image: bytes, *, dpi: int, page: int) -> OcrText:
        files = {"image": (f"page-{page:03d}.png", image, "image/png")}
        form = {"lang": self._languages, "dpi": str(dpi), "page": str(page)}
        try:
            response = await self._http.post(self._url, files=files, data=form)
        except httpx.TimeoutException as exc:
            raise Transient(type(exc).__name__) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise OcrRefused(
                f"OCR_HTTP_URL is not usable: {type(exc).__name__}", stage=STAGE
            ) from exc
        except httpx.RequestError as exc:  # connection, protocol, decoding errors
            if untrusted_certificate(exc):
                raise OcrRefused(
                    "the OCR service's certificate is not trusted (see OCR_HTTP_CA_BUNDLE)",
                    stage=STAGE,
                ) from exc
            raise Transient(type(exc).__name__) from exc
        status = response.status_code
        if status in RETRY_STATUSES:
            raise Transient(f"HTTP {status}", status=status, retry_after=retry_after(response))
        if not 200 <= status < 300:
            raise OcrRefused(
                f"the OCR service refused the page: HTTP {status}", stage=STAGE, status=status
            )
        return _answer(response)


def _answer(response: httpx.Response) -> OcrText:
    """``{"text": str, "confidence": number | null}``; anything else is a bad answer."""
    try:
        body = response.json()
    except ValueError as exc:
        raise Transient("an answer that is not JSON", status=response.status_code) from exc
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str):
        raise Transient("an answer without a text", status=response.status_code)
    confidence = body.get("confidence")
    if isinstance(confidence, bool) or not isinstance(confidence, int | float):
        return OcrText(text, None)
    return OcrText(text, float(min(100.0, max(0.0, confidence))))
