"""An OCR service on 127.0.0.1 that speaks the API of ``processors.reading.http_ocr``.

``POST /v1/ocr`` with a multipart ``image`` (PNG), ``lang``, ``dpi`` and
``page``. Scripted replies are answered first, in order; with the script
empty the service reads the image, with Tesseract by default. Every request
is checked for the shape the client must send; a wrong one is answered 400
and noted in ``problems``, which the fixture asserts empty after each test.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
from aiohttp import web

Reader = Callable[[bytes, int], tuple[str, float | None]]


@dataclass(frozen=True)
class Reply:
    """One scripted answer; ``delay_s`` holds it back (the server never waits past stop)."""

    status: int = 200
    body: dict[str, Any] | str = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


@dataclass(frozen=True)
class Received:
    page: str
    dpi: str
    lang: str
    image: bytes
    headers: dict[str, str]


def tesseract(image: bytes, dpi: int) -> tuple[str, float | None]:
    """Read a PNG page as the service would, with this process's Tesseract."""
    from processors.reading.ocr import recognise

    gray = cv2.imdecode(np.frombuffer(image, np.uint8), cv2.IMREAD_GRAYSCALE)
    if gray is None:
        raise ValueError("not an image")
    text, confidence = recognise(gray, dpi)
    return text, confidence


class FakeOcrService:
    """Answers ``script``, then reads pages with ``reader``; keeps every request."""

    def __init__(
        self,
        *,
        token: str | None = "ocr-test-token",
        reader: Reader = tesseract,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.token = token
        self.reader = reader
        self.script: list[Reply] = []
        self.requests: list[Received] = []
        self.problems: list[str] = []
        self._ssl = ssl_context
        self._release = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> str:
        app = web.Application(client_max_size=32 * 2**20)
        app.router.add_post("/v1/ocr", self._read)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=self._ssl)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"{'https' if self._ssl else 'http'}://127.0.0.1:{port}/v1/ocr"
        return self.url

    async def stop(self) -> None:
        self._release.set()
        if self._runner is not None:
            await self._runner.cleanup()

    def answer(self, *replies: Reply) -> None:
        self.script.extend(replies)

    async def _read(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        image = form.get("image")
        received = Received(
            page=str(form.get("page", "")),
            dpi=str(form.get("dpi", "")),
            lang=str(form.get("lang", "")),
            image=image.file.read() if isinstance(image, web.FileField) else b"",
            headers=dict(request.headers),
        )
        self.requests.append(received)
        problems = self._shape_problems(received, image)
        if problems:
            self.problems += problems
            return web.json_response({"error": "bad request"}, status=400)
        if self.script:
            return await self._scripted(self.script.pop(0))
        text, confidence = self.reader(received.image, int(received.dpi))
        return web.json_response({"text": text, "confidence": confidence})

    async def _scripted(self, reply: Reply) -> web.StreamResponse:
        if reply.delay_s:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._release.wait(), reply.delay_s)
        if isinstance(reply.body, str):
            return web.Response(
                status=reply.status,
                text=reply.body,
                headers=reply.headers,
                content_type="text/html",
            )
        return web.json_response(reply.body, status=reply.status, headers=reply.headers)

    def _shape_problems(self, received: Received, image: object) -> list[str]:
        found = []
        expected = f"Bearer {self.token}" if self.token else None
        if received.headers.get("Authorization") != expected:
            found.append(f"Authorization {received.headers.get('Authorization')!r}")
        if not isinstance(image, web.FileField) or image.content_type != "image/png":
            found.append("image must be a PNG file part")
        elif not received.image.startswith(b"\x89PNG\r\n\x1a\n"):
            found.append("image is not PNG data")
        if received.lang != "rus+kaz+eng":
            found.append(f"lang {received.lang!r}")
        if not received.dpi.isdigit() or not received.page.isdigit():
            found.append("dpi and page must be numbers")
        return found
