"""The worker's consumer waits on a fetch only as long as the settings say."""

from __future__ import annotations

from typing import Any

from stream.app import create_app
from stream.runtime import Runtime
from stream.settings import Settings


def _consumer(app: Any) -> Any:
    """The aiokafka consumer the worker's consumer thread would start (not started)."""
    thread = app.consumer._thread
    try:
        return thread._create_worker_consumer(app.transport)
    finally:
        thread.thread_loop.close()  # made for the thread, which never runs here


async def test_the_consumer_fetch_wait_comes_from_the_settings(tmp_path) -> None:
    settings = Settings(
        kafka_bootstrap_servers="127.0.0.1:9", kafka_fetch_max_wait_ms=250, temp_dir=tmp_path
    )  # type: ignore[call-arg]
    app = create_app(settings, Runtime(settings))
    consumer = _consumer(app)
    # Faust alone builds it with 1,500 ms; aiokafka's fetcher reads this at start.
    assert consumer._fetch_max_wait_ms == 250
    # The rest of Faust's consumer set-up is kept.
    assert consumer._group_id == settings.consumer_group
    assert consumer._max_poll_records == 256
    await consumer.stop()
