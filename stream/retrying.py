"""The retry stage: holds a task until its due time, then hands it back to reading.

Only tasks scheduled for a retry travel this topic, so waiting here delays
retries alone, never fresh requests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from schemas.stage import StageTask
from sinks import MessageSink, request_key
from sinks.tracecontext import current_traceparent

from .retry import retry_transient


class RetryStage:
    def __init__(
        self,
        *,
        read_topic: str,
        forward: MessageSink,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._read_topic = read_topic
        self._forward = forward
        self._clock = clock
        self._sleep = sleep

    async def handle(self, task: StageTask) -> None:
        if task.not_before is not None:
            wait_s = (task.not_before - self._clock()).total_seconds()
            if wait_s > 0:
                await self._sleep(wait_s)
        due = task.model_copy(
            update={"not_before": None, "traceparent": current_traceparent() or task.traceparent}
        )
        await retry_transient(
            lambda: self._forward.send(
                self._read_topic, key=request_key(task.request_id), value=due.to_bytes()
            ),
            attempts=5,
        )
