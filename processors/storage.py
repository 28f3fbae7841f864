"""Documents in S3: streamed download into memory under a size cap, and upload for
the entry points."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Protocol

import aioboto3
from aiobotocore.session import AioSession
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from schemas import S3Location

from .errors import FileNotFound, FileTooLarge, StorageUnavailable

_MISSING_CODES = frozenset({"NoSuchKey", "404", "NotFound", "NoSuchBucket"})
_CHUNK = 256 * 1024
USER_AGENT = "idp-loan-delay"
"""Who reads the documents, as S3's access logs show it."""


class DocumentStore(Protocol):
    """Fetches a document's bytes.

    ``fetch`` raises ``FileNotFound`` (no object), ``FileTooLarge`` (above the
    cap, declared or counted while streaming) or ``StorageUnavailable`` (retriable).
    """

    async def fetch(self, location: S3Location) -> bytes: ...

    async def put(self, location: S3Location, data: bytes, content_type: str) -> None: ...


class S3DocumentStore:
    """``DocumentStore`` over one long-lived aioboto3 client."""

    def __init__(self, client: Any, *, max_bytes: int) -> None:
        self._client = client
        self._max_bytes = max_bytes

    @classmethod
    @asynccontextmanager
    async def open(
        cls,
        *,
        endpoint_url: str | None,
        region: str,
        access_key_id: str | None,
        secret_access_key: str | None,
        max_bytes: int,
        ca_bundle: str | None = None,
    ) -> AsyncIterator[S3DocumentStore]:
        session = aioboto3.Session(
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            region_name=region,
            botocore_session=_botocore_session(),
        )
        config = Config(
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=5,
            read_timeout=30,
            s3={"addressing_style": "path"},
            # A User-Agent of our own is also one botocore does not rebuild from
            # its parts on every request (~0.2 ms of CPU a GET).
            user_agent=USER_AGENT,
        )
        # TLS is always verified; a private CA comes in as a bundle, never as verify=False.
        async with session.client(
            "s3", endpoint_url=endpoint_url, config=config, verify=ca_bundle or True
        ) as client:
            yield cls(client, max_bytes=max_bytes)

    async def fetch(self, location: S3Location) -> bytes:
        try:
            response = await self._client.get_object(Bucket=location.bucket, Key=location.key)
        except ClientError as exc:
            raise _translate(exc, location) from exc
        except (BotoCoreError, OSError) as exc:
            raise StorageUnavailable(f"S3: {type(exc).__name__}", stage="download") from exc
        declared = response.get("ContentLength") or 0
        body = response["Body"]
        if declared > self._max_bytes:
            body.close()
            raise FileTooLarge(
                "the file is above the size limit", size=declared, limit=self._max_bytes
            )
        chunks: list[bytes] = []
        size = 0
        try:
            # Count while streaming too: a lying Content-Length must not fill the memory.
            while chunk := await body.read(_CHUNK):
                size += len(chunk)
                if size > self._max_bytes:
                    raise FileTooLarge(
                        "the file is above the size limit", size=size, limit=self._max_bytes
                    )
                chunks.append(chunk)
        except (BotoCoreError, OSError) as exc:
            raise StorageUnavailable(f"S3 read: {type(exc).__name__}", stage="download") from exc
        finally:
            body.close()
        return b"".join(chunks)

    async def put(self, location: S3Location, data: bytes, content_type: str) -> None:
        try:
            await self._client.put_object(
                Bucket=location.bucket, Key=location.key, Body=data, ContentType=content_type
            )
        except (ClientError, BotoCoreError, OSError) as exc:
            raise StorageUnavailable(f"S3 upload: {exc}", stage="upload") from exc

    async def ping(self, bucket: str) -> None:
        try:
            await self._client.head_bucket(Bucket=bucket)
        except (ClientError, BotoCoreError, OSError) as exc:
            raise StorageUnavailable(f"S3: {exc}", stage="ready") from exc


def _botocore_session() -> AioSession:
    """A botocore session that leaves the timestamps of S3's answers as text.

    Nothing here reads them (``LastModified``...), and botocore would parse each
    with dateutil (~0.1 ms of CPU a GET); the AWS CLI sets the same default.
    """
    session = AioSession()
    session.get_component("response_parser_factory").set_parser_defaults(timestamp_parser=str)
    return session


def _translate(exc: ClientError, location: S3Location) -> Exception:
    code = str(exc.response.get("Error", {}).get("Code", ""))
    if code in _MISSING_CODES:
        return FileNotFound("no object at s3_path", bucket=location.bucket, key=location.key)
    return StorageUnavailable(f"S3 answered {code or 'an error'}", stage="download", code=code)


class MemoryDocumentStore:
    """A fake ``DocumentStore`` holding objects in a dict."""

    def __init__(self, *, max_bytes: int = 20 * 1024 * 1024) -> None:
        self.objects: dict[tuple[str, str], bytes] = {}
        self._max_bytes = max_bytes

    async def fetch(self, location: S3Location) -> bytes:
        data = self.objects.get((location.bucket, location.key))
        if data is None:
            raise FileNotFound("no object at s3_path", bucket=location.bucket, key=location.key)
        if len(data) > self._max_bytes:
            raise FileTooLarge(
                "the file is above the size limit", size=len(data), limit=self._max_bytes
            )
        return data

    async def put(self, location: S3Location, data: bytes, content_type: str) -> None:
        self.objects[(location.bucket, location.key)] = data
