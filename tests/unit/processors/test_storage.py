"""The S3 store's download: the bytes whole, under a cap that a lying Content-Length
cannot get round, and S3's failures as the errors the stages act on."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError, ReadTimeoutError

from processors.errors import FileNotFound, FileTooLarge, StorageUnavailable
from processors.storage import USER_AGENT, S3DocumentStore
from schemas import S3Location

WHERE = S3Location(bucket="loan-docs", key="2026/11/Приказ.pdf")


class FakeBody:
    def __init__(self, chunks: list[bytes], *, fail_after: int | None = None) -> None:
        self._chunks = list(chunks)
        self._fail_after = fail_after
        self.closed = False

    async def read(self, size: int) -> bytes:
        if self._fail_after is not None and self._fail_after == 0:
            raise ReadTimeoutError(endpoint_url="http://s3")
        if self._fail_after is not None:
            self._fail_after -= 1
        return self._chunks.pop(0) if self._chunks else b""

    def close(self) -> None:
        self.closed = True


class FakeClient:
    def __init__(self, body: FakeBody, *, declared: int, error: str | None = None) -> None:
        self.body = body
        self._declared = declared
        self._error = error

    async def get_object(self, *, Bucket: str, Key: str) -> dict[str, Any]:
        if self._error is not None:
            raise ClientError({"Error": {"Code": self._error}}, "GetObject")
        return {"ContentLength": self._declared, "Body": self.body}


async def test_the_bytes_come_whole_and_the_body_is_closed() -> None:
    body = FakeBody([b"%PDF-1.7\n", b"x" * 100, b"%%EOF"])
    store = S3DocumentStore(FakeClient(body, declared=114), max_bytes=1000)
    assert await store.fetch(WHERE) == b"%PDF-1.7\n" + b"x" * 100 + b"%%EOF"
    assert body.closed


async def test_a_declared_size_above_the_cap_is_refused_before_reading() -> None:
    body = FakeBody([b"x" * 10])
    store = S3DocumentStore(FakeClient(body, declared=2000), max_bytes=1000)
    with pytest.raises(FileTooLarge) as caught:
        await store.fetch(WHERE)
    assert caught.value.details["size"] == 2000 and body.closed


async def test_a_lying_content_length_is_caught_while_streaming() -> None:
    body = FakeBody([b"x" * 600, b"x" * 600, b"x" * 600])
    store = S3DocumentStore(FakeClient(body, declared=10), max_bytes=1000)
    with pytest.raises(FileTooLarge) as caught:
        await store.fetch(WHERE)
    assert caught.value.details == {"size": 1200, "limit": 1000} and body.closed


async def test_a_missing_object_and_a_broken_stream_are_told_apart() -> None:
    missing = S3DocumentStore(FakeClient(FakeBody([]), declared=0, error="NoSuchKey"), max_bytes=10)
    with pytest.raises(FileNotFound):
        await missing.fetch(WHERE)
    broken = FakeBody([b"x" * 5, b"x" * 5], fail_after=1)
    store = S3DocumentStore(FakeClient(broken, declared=10), max_bytes=100)
    with pytest.raises(StorageUnavailable) as caught:
        await store.fetch(WHERE)
    assert caught.value.retriable and broken.closed


async def test_downloads_share_one_kept_alive_connection() -> None:
    """With a server that keeps connections open (S3, MinIO), the store reuses one
    connection for back-to-back downloads instead of a new TCP (and TLS) handshake
    each; a download refused for its size gives its connection up unread."""
    from aiohttp import web

    peers: list[object] = []
    sizes = {"small.pdf": 300_000, "large.pdf": 2_000_000}

    async def get_object(request: web.Request) -> web.Response:
        assert request.transport is not None
        peers.append(request.transport.get_extra_info("peername"))
        size = sizes[request.match_info["key"]]
        return web.Response(body=b"%PDF" + b"x" * (size - 4), content_type="application/pdf")

    app = web.Application()
    app.router.add_get("/{bucket}/{key}", get_object)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    origin = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        async with S3DocumentStore.open(
            endpoint_url=origin,
            region="us-east-1",
            access_key_id="key",
            secret_access_key="secret",
            max_bytes=1_000_000,
        ) as store:
            small = S3Location(bucket="loan-docs", key="small.pdf")
            for _ in range(4):
                assert len(await store.fetch(small)) == 300_000
            assert len(set(peers)) == 1
            with pytest.raises(FileTooLarge):
                await store.fetch(S3Location(bucket="loan-docs", key="large.pdf"))
            await store.fetch(small)
    finally:
        await runner.cleanup()
    assert len(peers) == 6
    # The refused body was not read: its connection could not be reused.
    assert peers[5] != peers[4]


async def test_requests_name_the_service_and_answers_need_no_timestamp_parsing() -> None:
    """S3's access logs show the service as the reader; a ``Last-Modified`` that
    botocore's parser would refuse (a proxy's) does not fail the download, since
    nothing reads it."""
    from aiohttp import web

    agents: list[str] = []

    async def get_object(request: web.Request) -> web.Response:
        agents.append(request.headers.get("User-Agent", ""))
        headers = {"Last-Modified": "yesterday, more or less"}
        return web.Response(body=b"%PDF-1.7", content_type="application/pdf", headers=headers)

    app = web.Application()
    app.router.add_get("/{bucket}/{key}", get_object)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        async with S3DocumentStore.open(
            endpoint_url=f"http://127.0.0.1:{runner.addresses[0][1]}",
            region="us-east-1",
            access_key_id="key",
            secret_access_key="secret",
            max_bytes=1_000,
        ) as store:
            assert await store.fetch(S3Location(bucket="loan-docs", key="a.pdf")) == b"%PDF-1.7"
    finally:
        await runner.cleanup()
    assert len(agents) == 1 and agents[0].split()[0] == USER_AGENT
