"""The broker's own pace: a plain aiokafka consume→produce loop on the same broker.

What any stream processor on this broker could do at best for one hop:
consume a batch, produce every record of it (acks=all, the service's linger),
wait for the acks, commit. The pipeline makes four such hops per event and
does work between them, so its events/s over this loop says how much the
service costs beyond moving bytes.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from sinks import ensure_topics


@dataclass(frozen=True, slots=True)
class BaselineResult:
    messages: int
    seconds: float
    message_bytes: int

    @property
    def per_second(self) -> float:
        return self.messages / self.seconds if self.seconds > 0 else 0.0


async def plain_loop(
    bootstrap: str,
    prefix: str,
    *,
    messages: int,
    message_bytes: int,
    partitions: int,
    idempotent: bool,
    timeout_s: float = 300,
    kafka_options: dict[str, Any] | None = None,
) -> BaselineResult:
    options = kafka_options or {}
    source, sink = f"{prefix}.baseline-in", f"{prefix}.baseline-out"
    await ensure_topics(
        bootstrap, [source, sink], partitions=partitions, replication_factor=1, **options
    )
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        linger_ms=5,
        enable_idempotence=idempotent,
        **options,
    )
    await producer.start()
    try:
        body = b"x" * message_bytes
        pending = [
            await producer.send(source, key=str(i).encode(), value=body) for i in range(messages)
        ]
        await asyncio.gather(*pending)
        consumer = AIOKafkaConsumer(
            source,
            bootstrap_servers=bootstrap,
            group_id=f"{prefix}-baseline",
            auto_offset_reset="earliest",
            enable_auto_commit=False,
            **options,
        )
        await consumer.start()
        try:
            return await _forward(consumer, producer, sink, messages, timeout_s)
        finally:
            await consumer.stop()
    finally:
        await producer.stop()


async def _forward(
    consumer: AIOKafkaConsumer,
    producer: AIOKafkaProducer,
    sink: str,
    messages: int,
    timeout_s: float,
) -> BaselineResult:
    forwarded = 0
    started: float | None = None
    deadline = time.monotonic() + timeout_s
    size = 0
    while forwarded < messages and time.monotonic() < deadline:
        batches = await consumer.getmany(timeout_ms=200, max_records=500)
        if not batches:
            continue
        if started is None:
            started = time.monotonic()  # the group join is not the loop's cost
        acks = []
        for records in batches.values():
            for record in records:
                size = len(record.value)
                acks.append(await producer.send(sink, key=record.key, value=record.value))
        await asyncio.gather(*acks)
        await consumer.commit()
        forwarded += len(acks)
    elapsed = time.monotonic() - (started or time.monotonic())
    return BaselineResult(messages=forwarded, seconds=elapsed, message_bytes=size)
