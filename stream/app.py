"""The Faust application: agents chained by internal topics.

    dl-loan-delay ──intake──▶ .stage.read ──reading──▶ .stage.check ──checking──▶ verdicts
         │                                    └──(checks inline, the default)────▶ ▲
         └──(invalid)──▶ dlq (+ a rejected result) ──────────────────────────────┘

With the rules checker alone the reading agent runs the checks itself
(``CHECK_HANDOVER``, stream/handover.py); the check topic then stays empty.

Each agent only adapts Kafka records to a stage; the stages hold the logic
and are unit-tested without Faust. Keys are the request id end to end.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import faust
import structlog
from faust.web.base import BlueprintManager
from faust.web.drivers.aiohttp import Web as AiohttpWeb
from pydantic import ValidationError

from schemas.stage import CheckTask, StageTask

from . import tracing
from .batching import batches
from .faust_transport import transport_with_fetch_wait
from .kafka_security import KafkaSecurity
from .lag import faust_lag
from .operator import Operator, operator_config, runtime_services
from .records import InputRecord
from .runtime import Runtime
from .settings import Settings

log = structlog.get_logger(__name__)


def broker_urls(bootstrap_servers: str) -> list[str]:
    return [
        f"kafka://{server.strip()}" for server in bootstrap_servers.split(",") if server.strip()
    ]


def create_app(settings: Settings, runtime: Runtime) -> faust.App:
    assert settings.kafka_bootstrap_servers, "connections resolved at the entry point"
    datadir = (
        settings.temp_dir or Path(tempfile.gettempdir()) / f"idp-faust-{settings.consumer_group}"
    )
    app = faust.App(
        settings.consumer_group,
        broker=broker_urls(settings.kafka_bootstrap_servers),
        # TLS and SASL exactly as our own clients connect (README "Security").
        broker_credentials=KafkaSecurity.from_settings(settings).faust_credentials(),
        store="memory://",
        autodiscover=False,
        datadir=str(datadir),
        web_enabled=True,
        web_host=settings.http_host,
        web_port=settings.http_port,
        web_bind=settings.http_host,
        # No table or leader topics: the ledger in PostgreSQL holds all state.
        topic_disable_leader=True,
        topic_allow_declare=False,
        topic_partitions=settings.topic_partitions,
        consumer_auto_offset_reset="earliest",
        broker_rebalance_timeout=settings.kafka_rebalance_timeout_s,
        broker_session_timeout=settings.kafka_session_timeout_s,
        broker_heartbeat_interval=min(3.0, settings.kafka_session_timeout_s / 3),
        broker_commit_interval=1.0,
        stream_wait_empty=False,
        # Backpressure: each agent holds at most this many records it has not
        # handled yet; past it, Faust pauses fetching (default 4096 per agent).
        stream_buffer_maxsize=256,
        broker_max_poll_records=256,
    )
    # Before the first topic is declared: declaring one creates the transport.
    app.transport = transport_with_fetch_wait(app, settings.kafka_fetch_max_wait_ms)
    app.agent(
        _raw_topic(app, settings.input_topic),
        name="intake",
        concurrency=settings.intake_concurrency,
    )(_intake_agent(runtime, settings.intake_batch_size, settings.intake_batch_wait_ms / 1000))
    agents = [
        (settings.read_topic, "reading", settings.effective_read_concurrency, _decoder(StageTask)),
        (settings.check_topic, "checking", settings.check_concurrency, _decoder(CheckTask)),
        # Concurrency: a task waiting for its due time must not hold the others back.
        (settings.retry_topic, "retrying", settings.check_concurrency, _decoder(StageTask)),
    ]
    for topic, name, concurrency, decode in agents:
        app.agent(_raw_topic(app, topic), name=name, concurrency=concurrency)(
            _agent(runtime, name, decode)
        )
    serve_operator_port(app, settings, runtime)
    return app


def _raw_topic(app: faust.App, name: str) -> Any:
    """A topic read as bytes: the stages parse and validate records themselves."""
    return app.topic(name, key_serializer="raw", value_serializer="raw")


def serve_operator_port(app: faust.App, settings: Settings, runtime: Runtime) -> None:
    """The operator port on Faust's web server, instead of Faust's own pages (which
    show internal state: partition assignment, sensors, tables)."""
    app.web.blueprints = BlueprintManager()
    operator = Operator(
        operator_config(settings), services=runtime_services(runtime), metrics=runtime.metrics
    )
    # The operator's routes are aiohttp's; Faust's default web driver is aiohttp.
    web = app.web
    assert isinstance(web, AiohttpWeb), f"the operator port needs aiohttp, not {type(web)}"
    operator.mount(web.web_app)
    runtime.metrics.watch_lag(faust_lag(app))


Decoder = Callable[[Any], Any]


def _intake_agent(
    runtime: Runtime, batch_size: int, batch_wait_s: float
) -> Callable[[Any], Awaitable[None]]:
    """The intake agent: the input records in batches (``stream.batching``), acked
    once the batch's body returns; the stage gives each record its own span and error."""

    async def intake(stream: Any) -> None:
        # Acked after their batch, not as the next record is read: a record read
        # ahead into a batch is not recorded yet. A batch cut short by a stop
        # (cancelled) is not acked, so it is read again after the restart.
        stream.enable_acks = False
        async for events in batches(stream.events(), batch_size, batch_wait_s):
            stages = await runtime.stages()
            records = [InputRecord.from_faust(event.message) for event in events]
            with runtime.metrics.in_flight(len(records)):
                try:
                    await stages.intake.handle_batch(records)
                except Exception:
                    # A bug in the stage itself: the ledger's own errors are waited
                    # out or dead-lettered there. Not recorded; the log line names them.
                    log.exception(
                        "stage.crashed",
                        stage="intake",
                        records=len(records),
                        positions=[(r.partition, r.offset) for r in records],
                    )
            for event in events:
                await stream.ack(event)

    return intake


def _agent(runtime: Runtime, name: str, decode: Decoder) -> Callable[[Any], Awaitable[None]]:
    """An agent body: decode each record and hand it to the stage of that name."""

    # A retry waiting for its due time is not work under way.
    in_flight = runtime.metrics.in_flight if name != "retrying" else contextlib.nullcontext

    async def consume(stream: Any) -> None:
        async for event in stream.events():
            stages = await runtime.stages()
            subject = decode(event.message)
            if subject is not None:
                with in_flight():
                    await process(name, getattr(stages, name), subject)

    consume.__name__ = name
    return consume


def _decoder(model: type[StageTask]) -> Decoder:
    return lambda message: _stage_message(model, message)


def _stage_message(model: type[StageTask], message: Any) -> Any:
    try:
        return model.model_validate_json(message.value)
    except ValidationError:
        # Only this service writes the stage topics; a bad message is a bug to see, not to crash on.
        log.error("stage.message_invalid", topic=message.topic, offset=message.offset)
        return None


async def process(stage: str, handler: Any, subject: object) -> None:
    """One message through its stage as one unit of work (a span, and log lines
    naming the request); an unexpected error is logged, never kills the agent."""
    with tracing.unit_of_work(stage, subject) as span:
        try:
            await handler.handle(subject)
        except Exception as exc:
            tracing.failed(span, exc)
            log.exception("stage.crashed", stage=stage)
