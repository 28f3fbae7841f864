"""The single entry point for a document that arrives by hand.

Uploads the file to S3 under a ULID-keyed path and produces the event, as
the mobile app does; ``ResultWatcher`` waits for the verdicts.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any, Protocol

from aiokafka import AIOKafkaConsumer
from ulid import ULID

from processors.storage import DocumentStore
from schemas import LoanDelayEvent, Reason, S3Location, VerificationResult
from sinks import MessageSink, request_key


class Applicant(Protocol):
    """What carries an applicant's fields: an event, a sample case."""

    @property
    def iin(self) -> str: ...
    @property
    def last_name(self) -> str: ...
    @property
    def first_name(self) -> str: ...
    @property
    def second_name(self) -> str | None: ...
    @property
    def reason(self) -> Reason | None: ...


@dataclass(frozen=True, slots=True)
class ApplicantFields:
    iin: str
    last_name: str
    first_name: str
    second_name: str | None = None
    reason: Reason | None = None

    @classmethod
    def of(cls, applicant: Applicant) -> ApplicantFields:
        return cls(
            applicant.iin,
            applicant.last_name,
            applicant.first_name,
            applicant.second_name,
            applicant.reason,
        )


@dataclass(frozen=True, slots=True)
class Upload:
    """A document that arrives by hand, with who sent it: from ``idp submit``, the
    operator's ``POST /v1/documents`` (read and size-checked there) or the demo."""

    filename: str
    content: bytes
    content_type: str
    applicant: ApplicantFields
    request_id: int | None = None


def new_request_id() -> int:
    """A fresh positive id for hand submissions: milliseconds, then 3 random digits."""
    return int(time.time() * 1000) * 1000 + secrets.randbelow(1000)


def upload_key(filename: str, *, now: datetime | None = None) -> str:
    """``uploads/YYYY/MM/<ULID>/<file name>``: sortable, unique, the name kept as sent."""
    now = now or datetime.now(UTC)
    name = PurePosixPath(filename).name or "document"
    return f"uploads/{now:%Y/%m}/{ULID()}/{name}"


async def submit_document(
    upload: Upload,
    *,
    store: DocumentStore,
    sink: MessageSink,
    topic: str,
    bucket: str,
    created_at: datetime | None = None,
) -> LoanDelayEvent:
    """Upload, then produce the event; returns the event as sent. Fields the event
    would refuse raise ``pydantic.ValidationError`` before anything is stored."""
    location = S3Location(bucket=bucket, key=upload_key(upload.filename))
    applicant = upload.applicant
    event = LoanDelayEvent(
        request_id=upload.request_id or new_request_id(),
        s3_path=location.url,
        iin=applicant.iin,
        last_name=applicant.last_name,
        first_name=applicant.first_name,
        second_name=applicant.second_name,
        reason=applicant.reason,
        created_at=created_at or datetime.now(UTC).astimezone(),
    )
    await store.put(location, upload.content, upload.content_type)
    await produce_event(sink, topic, event.model_dump(mode="json"), event.request_id)
    return event


async def produce_event(
    sink: MessageSink, topic: str, payload: dict[str, Any], request_id: int
) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode()
    await sink.send(topic, key=request_key(request_id), value=body)


async def open_at_end(bootstrap_servers: str, topic: str, **kafka_options: Any) -> AIOKafkaConsumer:
    """A started consumer of ``topic`` (no group) whose positions are pinned at the
    topic's current end, so a message produced right after is not skipped.

    ``kafka_options``: the connection's security (``stream.kafka_security``).
    Raises ``TimeoutError`` when no partition is assigned within 30 s.
    """
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="latest",
        **kafka_options,
    )
    await consumer.start()
    try:
        deadline = time.monotonic() + 30
        while not consumer.assignment():
            if time.monotonic() > deadline:
                raise TimeoutError(f"no partitions of {topic} were assigned")
            await asyncio.sleep(0.05)
        await consumer.seek_to_end()
        for partition in consumer.assignment():
            await consumer.position(partition)
    except BaseException:
        await consumer.stop()
        raise
    return consumer


class ResultWatcher:
    """Reads the result topic from its current end; start it before producing."""

    def __init__(self, bootstrap_servers: str, topic: str, **kafka_options: Any) -> None:
        """``kafka_options``: the connection's security (``stream.kafka_security``)."""
        self._bootstrap_servers = bootstrap_servers
        self._topic = topic
        self._kafka_options = kafka_options
        self.results: dict[int, VerificationResult] = {}

    async def __aenter__(self) -> ResultWatcher:
        self._consumer = await open_at_end(
            self._bootstrap_servers, self._topic, **self._kafka_options
        )
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._consumer.stop()

    async def wait_for(
        self, request_ids: Iterable[int], *, timeout: float
    ) -> dict[int, VerificationResult]:
        """Results for the ids, as many as arrived within ``timeout`` seconds."""
        wanted = set(request_ids)
        deadline = time.monotonic() + timeout
        while not wanted <= self.results.keys():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            batches = await self._consumer.getmany(timeout_ms=int(min(remaining, 1.0) * 1000))
            for records in batches.values():
                for record in records:
                    result = VerificationResult.model_validate_json(record.value)
                    self.results.setdefault(result.request_id, result)
        return {rid: self.results[rid] for rid in wanted if rid in self.results}
