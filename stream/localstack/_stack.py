"""LocalStack: start, reuse, restart and stop the local servers recorded in one state folder."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ._endpoints import StackEndpoints
from ._errors import LocalStackError
from ._postgres import PostgresServer
from ._process import LOOPBACK, ProcessRef, free_port, is_running, log_tail, port_is_free
from ._servers import (
    ALL_SERVICES,
    BROKER_BUCKET,
    BrokerStorage,
    KafkaServer,
    S3Server,
    Server,
    ServiceName,
)

_log = logging.getLogger(__name__)

DEFAULT_STATE_DIR = Path(".idp/stack")
_ORDER: tuple[ServiceName, ...] = ("kafka", "postgres", "s3")
_STATE_VERSION = 1


@dataclass
class _Record:
    port: int
    pid: int | None = None
    started: float | None = None

    @property
    def ref(self) -> ProcessRef | None:
        if self.pid is None or self.started is None:
            return None
        return ProcessRef(self.pid, self.started)


@dataclass
class _State:
    bucket: str
    services: dict[ServiceName, _Record] = field(default_factory=dict)


class LocalStack:
    """The tansu broker, PostgreSQL and an S3 API (moto) on 127.0.0.1, for one state folder.

    The servers run detached and outlive this process; ``stack.json`` in the state folder
    records their ports, pids and endpoints, and each server logs to ``<name>.log`` there.
    Ports are chosen once and kept, so restarts and fault tests see the same addresses.

    What survives a stop: PostgreSQL's data (in ``pgdata/``). What does not: tansu keeps
    topics, offsets and consumer groups in memory, and moto keeps buckets and objects in
    memory; after ``start``/``restart`` the bucket is created again, empty.

    ``broker_storage="s3"`` makes the broker durable across its own restarts: tansu
    keeps its data in the ``idp-broker`` bucket of this stack's S3 server, which is
    then started first. Stopping that S3 server loses the broker's data with it. Give
    every ``LocalStack`` of one state folder the same ``broker_storage``.

    Every method holds a file lock on the state folder, so concurrent ``idp stack`` calls
    serialise. Failures raise :class:`LocalStackError` with the tail of the server's log;
    servers already started stay recorded, so ``down()`` still stops them.
    """

    def __init__(
        self,
        state_dir: Path | str = DEFAULT_STATE_DIR,
        *,
        services: Iterable[ServiceName] = ALL_SERVICES,
        bucket: str = "loan-docs",
        timeout: float = 60.0,
        grace: float = 10.0,
        broker_storage: BrokerStorage = "memory",
    ) -> None:
        self.services = frozenset(services)
        unknown = self.services - ALL_SERVICES
        if unknown:
            raise ValueError(f"unknown services {sorted(unknown)}; known: {sorted(ALL_SERVICES)}")
        if broker_storage == "s3" and "kafka" in self.services and "s3" not in self.services:
            raise ValueError("broker_storage='s3' keeps the broker's data on the stack's S3")
        self.state_dir = Path(state_dir).resolve()
        self.bucket = bucket
        self.timeout = timeout
        self.grace = grace
        self._s3 = S3Server(self.state_dir, bucket)
        self._kafka = KafkaServer(self.state_dir, broker_storage)
        self._servers: dict[ServiceName, Server] = {
            "kafka": self._kafka,
            "postgres": PostgresServer(self.state_dir),
            "s3": self._s3,
        }

    @property
    def state_file(self) -> Path:
        return self.state_dir / "stack.json"

    def up(self) -> StackEndpoints:
        """Start what is not running, reuse what is, and wait until every server answers."""
        with self._locked(create=True):
            state = self._load() or _State(self.bucket)
            state.bucket = self.bucket
            self._ensure(state, [n for n in _ORDER if n in self.services], keep_port=False)
            return self._endpoints(state)

    def down(self) -> None:
        """Stop every recorded server (SIGTERM, SIGKILL after the grace period); idempotent."""
        with self._locked():
            state = self._load()
            if state is None:
                return
            for name in reversed(_ORDER):
                if name in state.services:
                    self._stop(state, name)

    @contextmanager
    def running(self) -> Iterator[StackEndpoints]:
        """``up`` for the ``with`` block, ``down`` after it; also when ``up`` fails
        half-way, as what it started is recorded."""
        try:
            yield self.up()
        finally:
            self.down()

    def endpoints(self) -> StackEndpoints | None:
        """The recorded endpoints, or None when none of the recorded servers runs.

        A server that is stopped but recorded keeps its address in the result: it comes
        back on the same port.
        """
        with self._locked():
            state = self._load()
        if state is None or not any(is_running(r.ref) for r in state.services.values()):
            return None
        return self._endpoints(state)

    def start(self, service: ServiceName) -> StackEndpoints:
        """Start one server on its recorded port (a no-op when it runs) and wait for it."""
        with self._locked(create=True):
            state = self._load() or _State(self.bucket)
            self._ensure(state, [self._check(service)], keep_port=True)
            return self._endpoints(state)

    def stop(self, service: ServiceName) -> None:
        """Stop one server; its port stays recorded for the next start."""
        with self._locked():
            state = self._load()
            if state is not None and self._check(service) in state.services:
                self._stop(state, service)

    def restart(self, service: ServiceName) -> StackEndpoints:
        """Stop and start one server on the same port.

        The broker comes back empty (tansu's memory storage loses topics, offsets and
        groups) unless ``broker_storage="s3"``; S3 comes back with an empty bucket;
        PostgreSQL keeps its data.
        """
        with self._locked(create=True):
            state = self._load() or _State(self.bucket)
            if self._check(service) in state.services:
                self._stop(state, service)
            self._ensure(state, [service], keep_port=True)
            return self._endpoints(state)

    def _ensure(self, state: _State, names: list[ServiceName], *, keep_port: bool) -> None:
        self._s3.bucket = state.bucket  # start()/restart() bring back the recorded bucket
        if "kafka" in names and self._kafka.storage == "s3":
            # The broker's data lives on this stack's S3 server: that one comes first.
            self._ensure(state, ["s3"], keep_port=keep_port)
            s3_port = state.services["s3"].port
            self._s3.ensure_bucket(s3_port, BROKER_BUCKET)
            self._kafka.s3_endpoint = f"http://{LOOPBACK}:{s3_port}"
            names = [name for name in names if name != "s3"]
        # Start everything missing first, then wait: moto imports while PostgreSQL starts.
        for name in names:
            record = state.services.get(name)
            if record is not None and is_running(record.ref):
                _log.info("%s already runs (pid %s, port %s)", name, record.pid, record.port)
                continue
            port = record.port if record is not None else free_port()
            if not port_is_free(port):
                if keep_port:
                    raise LocalStackError(
                        f"{name}: port {port} recorded in {self.state_file} is taken by "
                        "another process"
                    )
                port = free_port()
            started_at = time.monotonic()
            ref = self._servers[name].start(port)
            state.services[name] = _Record(port, ref.pid, ref.started)
            self._save(state)  # recorded at once, so down() can stop it even if waiting fails
            _log.info(
                "%s started (pid %s, port %s) in %.2fs",
                name,
                ref.pid,
                port,
                time.monotonic() - started_at,
            )
        for name in names:
            self._wait(name, state.services[name])

    def _wait(self, name: ServiceName, record: _Record) -> None:
        server = self._servers[name]
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                server.probe(record.port)
                break
            except Exception as exc:  # any failure means "not answering yet"
                if not is_running(record.ref):
                    raise LocalStackError(
                        f"{name} exited before answering on port {record.port}: {exc}\n"
                        f"{log_tail(server.log)}"
                    ) from exc
                if time.monotonic() > deadline:
                    raise LocalStackError(
                        f"{name} did not answer on {LOOPBACK}:{record.port} within "
                        f"{self.timeout:.0f}s: {exc}\n{log_tail(server.log)}"
                    ) from exc
                time.sleep(0.1)
        try:
            server.setup(record.port)
        except Exception as exc:
            raise LocalStackError(f"{name}: setup failed: {exc}") from exc

    def _stop(self, state: _State, name: ServiceName) -> None:
        record = state.services[name]
        self._servers[name].stop(record.ref, self.grace)
        record.pid = record.started = None
        self._save(state)
        _log.info("%s stopped", name)

    def _check(self, service: ServiceName) -> ServiceName:
        if service not in ALL_SERVICES:
            raise ValueError(f"unknown service {service!r}; known: {sorted(ALL_SERVICES)}")
        return service

    def _endpoints(self, state: _State) -> StackEndpoints:
        ports = {name: record.port for name, record in state.services.items()}
        return StackEndpoints(
            kafka_bootstrap=f"{LOOPBACK}:{ports['kafka']}" if "kafka" in ports else None,
            database_url=PostgresServer.url(ports["postgres"]) if "postgres" in ports else None,
            s3_endpoint_url=f"http://{LOOPBACK}:{ports['s3']}" if "s3" in ports else None,
            s3_bucket=state.bucket,
        )

    def _load(self) -> _State | None:
        try:
            raw = json.loads(self.state_file.read_text(encoding="utf-8"))
            if raw.get("version") != _STATE_VERSION:
                raise ValueError(f"version {raw.get('version')!r}, expected {_STATE_VERSION}")
            services = {
                name: _Record(**record)
                for name, record in raw["services"].items()
                if name in ALL_SERVICES
            }
            return _State(raw["bucket"], services)
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError) as exc:
            raise LocalStackError(
                f"{self.state_file} is unreadable ({exc}); stop its servers by hand "
                "and delete the file"
            ) from exc

    def _save(self, state: _State) -> None:
        raw = {
            "version": _STATE_VERSION,
            "bucket": state.bucket,
            "services": {name: asdict(record) for name, record in state.services.items()},
            "endpoints": asdict(self._endpoints(state)),
        }
        tmp = self.state_file.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self.state_file)

    @contextmanager
    def _locked(self, *, create: bool = False) -> Iterator[None]:
        if create:
            self.state_dir.mkdir(parents=True, exist_ok=True)
        elif not self.state_dir.is_dir():
            yield  # nothing recorded, so nothing to guard; reading must not create the folder
            return
        with (self.state_dir / ".lock").open("w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            yield
