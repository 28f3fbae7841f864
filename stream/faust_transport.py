"""Faust's aiokafka transport, with the consumer's fetch wait as a setting.

Faust builds the worker's consumer with ``fetch_max_wait_ms=1500`` and offers
no setting for it. aiokafka keeps one fetch in flight per broker: once some
partitions are drained into the client and others are still buffered, the
next fetch asks for the empty ones and the broker holds it for the whole
wait, and the buffered partitions, once consumed, wait for that fetch too. The
tail of a burst stalled for up to 1.5 s that way (docs/PERFORMANCE.md).
"""

from __future__ import annotations

from typing import Any

import faust
from faust.transport.drivers import aiokafka as driver


def transport_with_fetch_wait(app: faust.App, max_wait_ms: int) -> driver.Transport:
    """Faust's aiokafka transport for ``app``, whose consumer waits at most
    ``max_wait_ms`` for a fetch to fill (Apache Kafka's own default is 500)."""

    class ConsumerThread(driver.AIOKafkaConsumerThread):
        def _create_worker_consumer(self, transport: Any) -> Any:
            consumer = super()._create_worker_consumer(transport)
            # Read by AIOKafkaConsumer.start(), which builds the fetcher.
            consumer._fetch_max_wait_ms = max_wait_ms
            return consumer

    class WaitingConsumer(driver.Consumer):
        def _new_consumer_thread(self) -> driver.AIOKafkaConsumerThread:
            return ConsumerThread(self, loop=self.loop, beacon=self.beacon)

    class Transport(driver.Transport):
        Consumer = WaitingConsumer

    return Transport(app.conf.broker_consumer, app)
