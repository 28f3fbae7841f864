"""An OCR service on 127.0.0.1 that speaks the API of ``processors.reading.http_ocr``.

``POST /v1/ocr`` with a multipart ``image`` (PNG), ``lang``, ``dpi`` and
``page``. Scripted replies are answered first, in order; with the script
empty the service reads the image, with Tesseract by default. Every request
is checked for the shape the client must send; a wrong one is answered 400
and noted in ``problems``, which the fixture asserts empty after each test.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
from aiohttp import web

from tests.scripted_server import Reply, ScriptedServer

__all__ = ["FakeOcrService", "Received", "Reply", "tesseract"]

Reader = Callable[[bytes, int], tuple[str, float | None]]


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


class FakeOcrService(ScriptedServer):
    """Answers ``script``, then reads pages with ``reader``; keeps every request."""

    def __init__(
        self,
        *,
        token: str | None = "ocr-test-token",
        reader: Reader = tesseract,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        super().__init__(ssl_context=ssl_context)
        self.token = token
        self.reader = reader
        self.requests: list[Received] = []
        self.url = ""

    async def start(self) -> str:
        origin = await self.serve("/v1/ocr", self._read, client_max_size=32 * 2**20)
        self.url = f"{origin}/v1/ocr"
        return self.url

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
            return await self.respond(self.script.pop(0))
        text, confidence = self.reader(received.image, int(received.dpi))
        return web.json_response({"text": text, "confidence": confidence})

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
