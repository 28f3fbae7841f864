"""A TCP gate in front of a real server, shut and opened by a test.

While shut, new connections are refused (nothing listens) and open ones are
cut, as when the server goes away; opened again, it forwards as before on the
same port. It runs its own event loop in a thread, so a test that blocks (a
worker starting) does not stall the traffic it forwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

from stream.localstack import free_port

_CHUNK = 64 * 1024


class TcpGate:
    def __init__(self, upstream_url: str) -> None:
        parts = urlsplit(upstream_url)
        assert parts.hostname and parts.port, upstream_url
        self._upstream = (parts.hostname, parts.port)
        self.port = free_port()
        self.url = f"{parts.scheme}://127.0.0.1:{self.port}"
        self.connections = 0
        """Connections accepted while open; a worker's calls show up here."""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._open: set[asyncio.StreamWriter] = set()

    def __enter__(self) -> TcpGate:
        self._thread.start()
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.shut()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()

    def open(self) -> None:
        self._call(self._start())

    def shut(self) -> None:
        self._call(self._stop())

    @contextlib.contextmanager
    def shut_for_a_while(self) -> Iterator[None]:
        self.shut()
        try:
            yield
        finally:
            self.open()

    def _call(self, work) -> None:  # type: ignore[no-untyped-def]
        asyncio.run_coroutine_threadsafe(work, self._loop).result(timeout=10)

    async def _start(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(
                self._forward, "127.0.0.1", self.port, reuse_address=True
            )

    async def _stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._open):
            writer.transport.abort()
        self._open.clear()

    async def _forward(
        self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter
    ) -> None:
        self.connections += 1
        try:
            server_r, server_w = await asyncio.open_connection(*self._upstream)
        except OSError:
            client_w.transport.abort()
            return
        self._open |= {client_w, server_w}

        async def pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError, asyncio.IncompleteReadError):
                while data := await reader.read(_CHUNK):
                    writer.write(data)
                    await writer.drain()
            writer.transport.abort()

        await asyncio.gather(pump(client_r, server_w), pump(server_r, client_w))
        self._open -= {client_w, server_w}
