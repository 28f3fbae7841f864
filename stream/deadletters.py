"""Operator tools for the dead-letter topic: list what is there, put it back.

A replayed message is the original value and key, with the original headers
(less the ``dlq.*`` and earlier ``replay.*`` ones) plus ``replay.from`` saying
where it came from, so a loop of replays stays traceable. A ``MAX_ATTEMPTS``
letter also carries ``replay.reopen``: its request ended ``failed``, and the
intake reopens it with a new run instead of dropping it as a duplicate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from schemas import DeadLetterReason
from schemas.dlq import REOPEN_HEADER, REPLAY_FROM_HEADER
from sinks import MessageSink


@dataclass(frozen=True, slots=True)
class DeadLetterRecord:
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...]

    def header(self, name: str) -> str:
        for key, value in self.headers:
            if key == name:
                return value.decode("utf-8", errors="replace")
        return ""

    @property
    def reason(self) -> str:
        return self.header("dlq.reason")

    @property
    def failed_at(self) -> datetime | None:
        text = self.header("dlq.failed_at")
        try:
            return datetime.fromisoformat(text) if text else None
        except ValueError:
            return None

    @property
    def reopens(self) -> bool:
        """Whether replaying it reopens a failed request (a technical failure)."""
        return self.reason == DeadLetterReason.MAX_ATTEMPTS

    def replay_headers(self, topic: str) -> list[tuple[str, bytes]]:
        kept = [(k, v) for k, v in self.headers if not k.startswith(("dlq.", "replay."))]
        headers = [*kept, (REPLAY_FROM_HEADER, f"{topic}:{self.partition}:{self.offset}".encode())]
        if self.reopens:
            headers.append((REOPEN_HEADER, b"1"))
        return headers


async def read_dead_letters(
    bootstrap_servers: str, topic: str, **kafka_options: Any
) -> list[DeadLetterRecord]:
    """Every record on the dead-letter topic now, oldest first per partition;
    ``kafka_options``: the connection's security (``stream.kafka_security``)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        **kafka_options,
    )
    await consumer.start()
    try:
        partitions = await _partitions(consumer, topic)
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        if not tps:
            return []
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        found: list[DeadLetterRecord] = []
        while [tp for tp in tps if await consumer.position(tp) < ends[tp]]:
            for batch in (await consumer.getmany(timeout_ms=500)).values():
                found.extend(
                    DeadLetterRecord(
                        partition=r.partition,
                        offset=r.offset,
                        key=r.key,
                        value=r.value or b"",
                        headers=tuple(r.headers or ()),
                    )
                    for r in batch
                    if r.offset < ends[TopicPartition(topic, r.partition)]
                )
        return found
    finally:
        await consumer.stop()


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> set[int]:
    partitions = consumer.partitions_for_topic(topic)
    if partitions is None:
        await consumer.topics()  # fetches fresh metadata
        partitions = consumer.partitions_for_topic(topic)
    return set(partitions or ())


def select(
    records: Sequence[DeadLetterRecord], *, reason: str | None = None, since: datetime | None = None
) -> list[DeadLetterRecord]:
    chosen = []
    for record in records:
        if reason is not None and record.reason != reason:
            continue
        failed_at = record.failed_at
        if since is not None and (failed_at is None or failed_at < since):
            continue
        chosen.append(record)
    return chosen


async def replay(
    records: Sequence[DeadLetterRecord], *, sink: MessageSink, input_topic: str, dlq_topic: str
) -> int:
    for record in records:
        await sink.send(
            input_topic,
            key=record.key,
            value=record.value,
            headers=record.replay_headers(dlq_topic),
        )
    return len(records)
