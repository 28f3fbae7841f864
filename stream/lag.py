"""Consumer lag read off Faust's consumer, for ``idp_consumer_lag``.

Lag is the partition's highwater (the offset the next produced message gets)
minus the group's committed offset: what the group still has to finish. It is
read when Prometheus scrapes, from values the consumer already holds, so a
scrape sends nothing to the broker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol

from .metrics import PartitionLag


class TopicPartition(Protocol):
    topic: str
    partition: int


class LagConsumer(Protocol):
    """What is read of ``faust.transport.consumer.Consumer``."""

    def assignment(self) -> set[Any]: ...

    def highwater(self, tp: Any) -> int | None: ...


def consumer_lag(consumer: LagConsumer) -> Iterator[PartitionLag]:
    """The lag of every partition assigned to ``consumer`` whose offsets are known."""
    # Faust keeps the offsets it committed (next offset to read) and the last
    # offset it read; neither has a public accessor.
    committed: dict[Any, int | None] = getattr(consumer, "_committed_offset", {})
    read: dict[Any, int | None] = getattr(consumer, "_read_offset", {})
    for tp in sorted(consumer.assignment()):
        highwater = consumer.highwater(tp)
        if highwater is None:
            continue  # nothing fetched from this partition yet
        done = committed.get(tp)
        if done is None:
            last_read = read.get(tp)
            if last_read is None:
                continue
            done = last_read + 1
        yield PartitionLag(tp.topic, tp.partition, max(0, highwater - done))


def faust_lag(app: Any) -> Callable[[], list[PartitionLag]]:
    """A lag source for ``Metrics.watch_lag`` over a Faust app's consumer."""

    def read() -> list[PartitionLag]:
        return list(consumer_lag(app.consumer))

    return read
