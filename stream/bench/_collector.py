"""Results as they arrive on the result topic, with the time each one came."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from stream.submit import open_at_end


@dataclass(frozen=True, slots=True)
class Arrival:
    at: float
    """``time.monotonic()`` when the result was read."""
    status: str
    verdict: bool | None


class ResultCollector:
    """Reads the result topic from its end, keyed by request id; start it before producing."""

    def __init__(self, bootstrap_servers: str, topic: str, **kafka_options: Any) -> None:
        self._bootstrap_servers = bootstrap_servers
        self._topic = topic
        self._kafka_options = kafka_options
        self.arrivals: dict[int, Arrival] = {}
        self.repeats = 0
        """Results for a request already seen: each one breaks exactly-one-result."""
        self._task: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()

    async def __aenter__(self) -> ResultCollector:
        self._consumer = await open_at_end(
            self._bootstrap_servers, self._topic, **self._kafka_options
        )
        self._task = asyncio.create_task(self._read(), name="bench-results")
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self._consumer.stop()

    async def _read(self) -> None:
        while True:
            batches = await self._consumer.getmany(timeout_ms=200, max_records=1000)
            now = time.monotonic()
            for records in batches.values():
                for record in records:
                    request_id = int(record.key)
                    if request_id in self.arrivals:
                        self.repeats += 1
                        continue
                    body = json.loads(record.value)
                    self.arrivals[request_id] = Arrival(now, body["status"], body.get("verdict"))
            if batches:
                self._changed.set()

    async def wait_for(self, request_ids: Iterable[int], *, timeout: float) -> dict[int, Arrival]:
        """The arrivals of ``request_ids``, once all came or ``timeout`` seconds passed."""
        wanted = set(request_ids)
        deadline = time.monotonic() + timeout
        while not wanted <= self.arrivals.keys():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), timeout=min(remaining, 1.0))
        return {rid: self.arrivals[rid] for rid in wanted if rid in self.arrivals}
