"""The service's own Kafka producer: acks=all and idempotence on.

Faust's producer only turns idempotence on inside transactions, so every
message the service writes (stage hand-offs, results, dead letters) goes
through this one instead.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Protocol

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, MessageSizeTooLargeError, TopicAlreadyExistsError

from .errors import MessageTooLarge, PublishFailed

Headers = Sequence[tuple[str, bytes]]


class MessageSink(Protocol):
    """Writes one message and returns once the broker acknowledged it."""

    async def send(
        self, topic: str, *, key: bytes | None, value: bytes, headers: Headers = ()
    ) -> None: ...


class KafkaProducer:
    """An idempotent aiokafka producer; ``send`` waits for acks from all replicas."""

    def __init__(
        self,
        bootstrap_servers: str,
        *,
        client_id: str = "idp",
        idempotent: bool = True,
        **kafka_options: object,
    ):
        # acks=all always; idempotence can only be turned off for a broker
        # that cannot issue producer ids (the embedded test broker).
        self._producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap_servers,
            client_id=client_id,
            acks="all",
            enable_idempotence=idempotent,
            linger_ms=5,
            request_timeout_ms=30_000,
            **kafka_options,  # type: ignore[arg-type]
        )

    async def start(self) -> None:
        try:
            await self._producer.start()
        except KafkaError as exc:
            await self._producer.stop()
            raise PublishFailed(f"cannot connect the producer: {exc}") from exc

    async def stop(self) -> None:
        await self._producer.stop()

    async def send(
        self, topic: str, *, key: bytes | None, value: bytes, headers: Headers = ()
    ) -> None:
        try:
            await self._producer.send_and_wait(topic, value=value, key=key, headers=list(headers))
        except MessageSizeTooLargeError as exc:
            raise MessageTooLarge(f"{topic}: {len(value)} bytes: {exc}") from exc
        except KafkaError as exc:
            raise PublishFailed(f"{topic}: {exc}") from exc

    async def ping(self) -> None:
        """Ask a broker for the cluster's metadata; ``PublishFailed`` when none answers."""
        try:
            await self._producer.client.fetch_all_metadata()
        except KafkaError as exc:
            raise PublishFailed(f"no broker answered: {exc}") from exc


class RecordingSink:
    """A fake ``MessageSink`` that keeps what was sent, by topic."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, bytes | None, bytes, list[tuple[str, bytes]]]] = []

    async def send(
        self, topic: str, *, key: bytes | None, value: bytes, headers: Headers = ()
    ) -> None:
        self.messages.append((topic, key, value, list(headers)))

    def on(self, topic: str) -> list[tuple[bytes | None, bytes, list[tuple[str, bytes]]]]:
        return [(k, v, h) for t, k, v, h in self.messages if t == topic]


async def ensure_topics(
    bootstrap_servers: str,
    names: Sequence[str],
    *,
    partitions: int,
    replication_factor: int,
    **kafka_options: object,
) -> None:
    """Create the topics that do not exist yet; existing ones are left as they are."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, **kafka_options)  # type: ignore[arg-type]
    try:
        await admin.start()
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(name, num_partitions=partitions, replication_factor=replication_factor)
            for name in names
            if name not in existing
        ]
        if wanted:
            # Another worker may create them in between.
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(wanted)
    except KafkaError as exc:
        raise PublishFailed(f"cannot create topics: {exc}") from exc
    finally:
        await admin.close()
