"""Where a benchmark runs: the servers, a database and topics of its own, the clients.

Every run gets fresh topic names and consumer group and an empty database on
the PostgreSQL server, so nothing another worker or test left behind (or is
doing right now) counts, and the run's own work is never taken by another
worker's reaper or relay.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Iterable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
from pydantic import SecretStr

from processors.storage import S3DocumentStore
from schemas import S3Location
from sinks import KafkaProducer, ensure_topics, request_key
from stream.connections import connection_env, make_producer, open_document_store
from stream.kafka_security import kafka_options
from stream.localstack import free_port
from stream.settings import Settings
from stream.submit import upload_key

from ._documents import BenchDocument
from ._worker import BenchWorker

BENCH_DATABASE = "idp_bench"
_TOPIC_SETTINGS = ("input", "read", "check", "retry", "result", "dlq", "callback_dlq")


def bench_topics(prefix: str) -> dict[str, str]:
    """The worker's topic settings and group under ``prefix``."""
    return {
        "INPUT_TOPIC": f"{prefix}.in",
        "READ_TOPIC": f"{prefix}.stage.read",
        "CHECK_TOPIC": f"{prefix}.stage.check",
        "RETRY_TOPIC": f"{prefix}.stage.retry",
        "RESULT_TOPIC": f"{prefix}.verdicts",
        "DLQ_TOPIC": f"{prefix}.dlq",
        "CALLBACK_DLQ_TOPIC": f"{prefix}.callbacks-dlq",
        "CONSUMER_GROUP": prefix,
    }


async def fresh_database(dsn: str, name: str = BENCH_DATABASE) -> str:
    """An empty database ``name`` on the server of ``dsn``; ``dsn`` itself where the
    account may not create databases."""
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    except asyncpg.InsufficientPrivilegeError:
        return dsn
    finally:
        await conn.close()
    base, _, _ = dsn.rpartition("/")
    query = dsn.partition("?")[2]
    return f"{base}/{name}" + (f"?{query}" if query else "")


@dataclass
class BenchContext:
    """The clients a phase uses, and the worker it measures."""

    settings: Settings
    store: S3DocumentStore
    producer: KafkaProducer
    db: asyncpg.Pool
    workdir: Path
    worker_env: dict[str, str]
    worker: BenchWorker | None = None
    server_pids: list[int] = field(default_factory=list)
    """The local servers' processes, whose CPU counts as the events' cost too."""

    @property
    def kafka_options(self) -> dict[str, Any]:
        """TLS and SASL for the bench's own clients, as the service's clients get them."""
        return kafka_options(self.settings)

    @property
    def bootstrap(self) -> str:
        assert self.settings.kafka_bootstrap_servers
        return self.settings.kafka_bootstrap_servers

    async def upload(self, documents: Iterable[BenchDocument], *, parallel: int = 16) -> list[str]:
        """Upload each document under a fresh key; their ``s3://`` paths, in order."""
        slots = asyncio.Semaphore(parallel)

        async def one(document: BenchDocument) -> str:
            location = S3Location(self.settings.s3_bucket, upload_key(document.filename))
            async with slots:
                await self.store.put(location, document.content, document.media_type)
            return location.url

        return list(await asyncio.gather(*(one(d) for d in documents)))

    async def produce(self, payloads: list[dict[str, Any]], *, parallel: int = 256) -> None:
        """Send the events as fast as the producer takes them."""
        import json

        slots = asyncio.Semaphore(parallel)

        async def one(payload: dict[str, Any]) -> None:
            body = json.dumps(payload, ensure_ascii=False).encode()
            async with slots:
                await self.producer.send(
                    self.settings.input_topic, key=request_key(payload["request_id"]), value=body
                )

        await asyncio.gather(*(one(p) for p in payloads))

    def start_worker(self, **overrides: str) -> BenchWorker:
        """A fresh worker with the run's settings and ``overrides`` (environment names)."""
        self.stop_worker()
        env = {**self.worker_env, "HTTP_PORT": str(free_port()), **overrides}
        self.worker = BenchWorker(env, self.workdir / "worker.log")
        self.worker.start()
        return self.worker

    def stop_worker(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None


@asynccontextmanager
async def bench_context(
    settings: Settings, workdir: Path, *, server_pids: list[int] | None = None
) -> AsyncIterator[BenchContext]:
    """Clients on the resolved ``settings``, a fresh database and topics; stops the
    worker it started on the way out."""
    assert settings.kafka_bootstrap_servers and settings.database_url, "connections resolved"
    prefix = f"bench-{secrets.token_hex(3)}"
    topics = bench_topics(prefix)
    database = await fresh_database(settings.database_url.get_secret_value())
    settings = settings.model_copy(
        update={
            **{name.lower(): value for name, value in topics.items()},
            "database_url": SecretStr(database),
        }
    )
    bootstrap = settings.kafka_bootstrap_servers
    assert bootstrap
    await ensure_topics(
        bootstrap,
        [getattr(settings, f"{name}_topic") for name in _TOPIC_SETTINGS],
        partitions=settings.topic_partitions,
        replication_factor=settings.topic_replication_factor,
        **kafka_options(settings),
    )
    worker_env = {
        **os.environ,
        **connection_env(settings),
        **topics,
        "DATABASE_URL": database,
        # The local broker holds a group join for the whole rebalance timeout.
        "KAFKA_REBALANCE_TIMEOUT_S": os.environ.get("KAFKA_REBALANCE_TIMEOUT_S", "3"),
        "CREATE_TOPICS": "true",
        # Readiness is read from Faust's "Worker ready" line, logged at info.
        "LOG_LEVEL": "info",
    }
    workdir.mkdir(parents=True, exist_ok=True)
    async with AsyncExitStack() as stack:
        store = await stack.enter_async_context(open_document_store(settings))
        producer = make_producer(settings, client_id="idp-bench")
        await producer.start()
        stack.push_async_callback(producer.stop)
        context = BenchContext(
            settings=settings,
            store=store,
            producer=producer,
            db=None,  # type: ignore[arg-type]  # set below, once the worker made the tables
            workdir=workdir,
            worker_env=worker_env,
            server_pids=list(server_pids or []),
        )
        stack.callback(context.stop_worker)
        pool = await asyncpg.create_pool(database, min_size=1, max_size=2)
        stack.push_async_callback(pool.close)
        context.db = pool
        yield context


def local_server_pids(stack_dir: Path) -> list[int]:
    """The pids an embedded stack recorded in its state file; none when it has none."""
    import json

    try:
        state = json.loads((stack_dir / "stack.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [r["pid"] for r in state.get("services", {}).values() if r.get("pid")]
