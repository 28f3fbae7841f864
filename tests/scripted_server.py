"""The plumbing of the tests' fake HTTP services: a loopback aiohttp server
that answers a script of replies, optionally over TLS.

Subclasses route their one endpoint, check each request's shape (noting
what is wrong in ``problems``) and answer with ``respond(reply)``.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass(frozen=True)
class Reply:
    """One scripted answer; ``delay_s`` holds it back (the server never waits past stop)."""

    status: int = 200
    body: dict[str, Any] | str = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


class ScriptedServer:
    """``script`` is answered in order; ``problems`` collects malformed requests."""

    def __init__(self, *, ssl_context: ssl.SSLContext | None = None) -> None:
        self.script: list[Reply] = []
        self.problems: list[str] = []
        self._ssl = ssl_context
        self._release = asyncio.Event()
        self._runner: web.AppRunner | None = None

    async def serve(self, path: str, handler: Any, *, client_max_size: int = 1024**2) -> str:
        """Listen on a free loopback port; the server's origin (``https://127.0.0.1:N``)."""
        app = web.Application(client_max_size=client_max_size)
        app.router.add_post(path, handler)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=self._ssl)
        await site.start()
        port = self._runner.addresses[0][1]
        return f"{'https' if self._ssl else 'http'}://127.0.0.1:{port}"

    async def stop(self) -> None:
        self._release.set()
        if self._runner is not None:
            await self._runner.cleanup()

    def answer(self, *replies: Reply) -> None:
        self.script.extend(replies)

    async def respond(self, reply: Reply) -> web.StreamResponse:
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
