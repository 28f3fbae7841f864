"""The worker's long-lived resources, opened before the agents run and closed after.

Built from the settings at the entry point: the producer, the ledger, the S3
client, the process pools, the checker, and the stages that use them.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
from collections.abc import Callable, Coroutine
from contextlib import AsyncExitStack
from functools import partial
from typing import Any, NamedTuple

import structlog

from processors.bootstrap import init_check_process, init_ocr_process, init_pool_process
from processors.checks import DocumentChecker, RulesChecker
from processors.llm import ChatClient, LlmChecker
from processors.pool import ProcessPool
from processors.reading import HttpOcrClient, HttpOcrEngine, OcrEngine, TesseractEngine
from processors.storage import S3DocumentStore
from sinks import (
    CallbackSender,
    KafkaProducer,
    PostgresLedger,
    ensure_topics,
)
from sinks.postgres_outbox import PostgresOutbox
from sinks.relay import OutboxRelay, RelayPolicy
from sinks.tracecontext import TracedSink

from .connections import kafka_options, make_producer, open_document_store
from .finisher import Finisher
from .logs import logged_process
from .metrics import Metrics
from .pool_cpu import MeteredExecutor
from .readcache import purge_read_cache, reading_engine
from .reaper import Reaper, ReaperPolicy
from .settings import Settings
from .tracing import TracedExecutor, TracedPageOcr
from .wiring import Stages, build_stages

log = structlog.get_logger(__name__)


def make_checker(
    s: Settings, executor: concurrent.futures.Executor | None, stack: AsyncExitStack
) -> DocumentChecker:
    """The rules checker, or with ``LLM_PROVIDER=openai`` the rules with an LLM; an
    LLM client is closed with ``stack``."""
    rules = RulesChecker(executor)
    if s.llm_provider != "openai":
        return rules
    assert s.llm_base_url and s.llm_model, "validated by Settings"
    client = ChatClient(
        base_url=s.llm_base_url,
        model=s.llm_model,
        api_key=s.llm_api_key,
        extra_headers={k: v.get_secret_value() for k, v in s.llm_extra_headers.items()},
        timeout_s=s.llm_timeout_s,
        connect_timeout_s=s.llm_connect_timeout_s,
        max_attempts=s.llm_max_attempts,
        ca_bundle=s.llm_ca_bundle,
    )
    stack.push_async_callback(client.close)
    return LlmChecker(
        rules,
        client,
        min_confidence=s.llm_min_confidence,
        max_input_chars=s.llm_max_input_chars,
        consult=s.llm_consult,
    )


def make_ocr_engine(
    s: Settings, executor: concurrent.futures.Executor, stack: AsyncExitStack
) -> OcrEngine:
    """Tesseract in ``executor``, or with ``OCR_ENGINE=http`` the OCR service for the
    pages' text (prepared in ``executor``); an HTTP client is closed with ``stack``."""
    if s.ocr_engine != "http":
        return TesseractEngine(executor, max_pages=s.max_pages, dpi=s.ocr_dpi)
    assert s.ocr_http_url, "validated by Settings"
    client = HttpOcrClient(
        s.ocr_http_url,
        token=s.ocr_http_token,
        timeout_s=s.ocr_http_timeout_s,
        connect_timeout_s=s.ocr_http_connect_timeout_s,
        max_attempts=s.ocr_http_max_attempts,
        ca_bundle=s.ocr_http_ca_bundle,
    )
    stack.push_async_callback(client.close)
    return HttpOcrEngine(executor, TracedPageOcr(client), max_pages=s.max_pages, dpi=s.ocr_dpi)


class Pools(NamedTuple):
    reading: ProcessPool
    checks: ProcessPool
    """``reading`` itself with ``CHECK_WORKERS=0``."""


def make_pools(s: Settings) -> Pools:
    """The OCR pool (``OCR_WORKERS`` processes) and the checks' (``CHECK_WORKERS``),
    not started yet. The checks get processes of their own unless
    ``CHECK_WORKERS=0``: in the OCR pool a check waits for a whole read to end
    (up to ~1 s for a scan page) before it gets a process."""

    def pool(workers: int, init: Callable[[], None]) -> ProcessPool:
        return ProcessPool(workers, initializer=partial(logged_process, s.log_level, init))

    if not s.check_workers:
        shared = pool(s.ocr_workers, init_pool_process)
        return Pools(shared, shared)
    return Pools(pool(s.ocr_workers, init_ocr_process), pool(s.check_workers, init_check_process))


class Runtime:
    """Opens every connection the stages need; ``stages`` waits until they are ready."""

    def __init__(self, settings: Settings, *, metrics: Metrics | None = None) -> None:
        self.settings = settings
        self.metrics = metrics or Metrics()
        self._stack = AsyncExitStack()
        self._ready = asyncio.Event()
        self._stages: Stages | None = None
        self.ledger: PostgresLedger | None = None
        self.store: S3DocumentStore | None = None
        self.pool: ProcessPool | None = None
        self.producer: KafkaProducer | None = None

    @property
    def ready(self) -> bool:
        """Every connection is open and the stages are built."""
        return self._ready.is_set()

    async def stages(self) -> Stages:
        await self._ready.wait()
        assert self._stages is not None
        return self._stages

    async def start(self) -> None:
        s = self.settings
        assert s.kafka_bootstrap_servers and s.database_url, (
            "connections resolved at the entry point"
        )
        if s.create_topics:
            await ensure_topics(
                s.kafka_bootstrap_servers,
                [
                    s.input_topic,
                    s.read_topic,
                    s.check_topic,
                    s.retry_topic,
                    s.result_topic,
                    s.dlq_topic,
                    s.callback_dlq_topic,
                ],
                partitions=s.topic_partitions,
                replication_factor=s.topic_replication_factor,
                **kafka_options(s),
            )
        producer = make_producer(s, client_id=f"{s.consumer_group}-producer")
        await producer.start()
        self._stack.push_async_callback(producer.stop)
        self.producer = producer
        # Every message in a publish span, with that span's traceparent in its headers.
        sink = TracedSink(producer)

        self.ledger = await PostgresLedger.connect(s.database_url.get_secret_value())
        self._stack.push_async_callback(self.ledger.close)

        self.store = await self._stack.enter_async_context(open_document_store(s))

        pools = make_pools(s)
        for opened in dict.fromkeys(pools):  # one pool when the checks share it
            self._stack.callback(opened.shutdown, wait=True, cancel_futures=True)
            await asyncio.to_thread(opened.warm_up)
        self.pool = pools.reading

        def observed(processes: ProcessPool) -> TracedExecutor:
            return TracedExecutor(MeteredExecutor(processes, self.metrics.pool_cpu))

        pool = observed(pools.reading)
        check_pool = observed(pools.checks) if pools.checks is not pools.reading else pool

        callbacks = None
        if s.callback_url and s.callback_secret:
            callbacks = CallbackSender(
                s.callback_url,
                s.callback_secret.get_secret_value().encode(),
                timeout_s=s.callback_timeout_s,
                allowlist=s.callback_allowlist,
            )
            self._stack.push_async_callback(callbacks.close)
        relay = OutboxRelay(
            outbox=PostgresOutbox(self.ledger),
            sink=sink,
            callbacks=callbacks,
            policy=RelayPolicy(
                poll_s=s.relay_poll_s,
                callback_max_attempts=s.callback_max_attempts,
                callback_dlq_topic=s.callback_dlq_topic,
            ),
            observer=self.metrics,
        )
        self._background(relay.run(), "relay")
        finisher = Finisher(
            ledger=self.ledger,
            result_topic=s.result_topic,
            callbacks=callbacks is not None,
            wake=relay.wake,
            metrics=self.metrics,
            callback_allowlist=s.callback_allowlist,
        )
        self._stages = build_stages(
            s,
            ledger=self.ledger,
            store=self.store,
            executor=pool,
            sink=sink,
            checker=make_checker(s, check_pool, self._stack),
            finisher=finisher,
            ocr=self._reading_engine(make_ocr_engine(s, pool, self._stack)),
        )
        reaper = Reaper(
            policy=ReaperPolicy(
                read_topic=s.read_topic,
                max_attempts=s.max_attempts,
                stale_after_s=s.stale_after_s,
                interval_s=s.reaper_interval_s,
            ),
            ledger=self.ledger,
            forward=sink,
            attempts=self._stages.attempts,
        )
        self._background(reaper.run(), "reaper")
        self._ready.set()
        log.info("runtime.ready", settings=s.as_dict())

    def _reading_engine(self, engine: OcrEngine) -> OcrEngine:
        assert self.ledger is not None
        engine, cache = reading_engine(self.settings, engine, self.ledger)
        if cache is not None:
            self._background(purge_read_cache(cache), "read-cache-purge")
        return engine

    def _background(self, work: Coroutine[Any, Any, None], name: str) -> None:
        """Run ``work`` until the runtime closes; a crash is logged, not silent."""
        task = asyncio.create_task(work, name=name)

        def report(done: asyncio.Task[None]) -> None:
            if not done.cancelled() and done.exception() is not None:
                log.error("runtime.task_crashed", task=name, error=repr(done.exception()))

        task.add_done_callback(report)

        async def stop() -> None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

        self._stack.push_async_callback(stop)

    async def close(self) -> None:
        self._ready.clear()
        await self._stack.aclose()
