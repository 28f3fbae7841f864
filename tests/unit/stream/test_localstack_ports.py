"""The local stack's servers take ports below the kernel's ephemeral range, so
one stopped and started again never finds its port taken by the local end of
an outgoing connection."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from stream.localstack import _process
from stream.localstack._process import LOOPBACK, ephemeral_ports, free_port


def test_free_ports_lie_below_the_ephemeral_range_and_can_be_listened_on() -> None:
    low, high = ephemeral_ports()
    assert 1024 < low <= high
    for _ in range(20):
        port = free_port()
        assert port < low
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
            server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            server.bind((LOOPBACK, port))
            server.listen()


def test_a_port_in_use_is_never_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as held:
        held.bind((LOOPBACK, free_port()))
        held.listen()
        taken = held.getsockname()[1]
        spare = free_port()
        # The draw offers the port in use first, every time but the last.
        monkeypatch.setattr(
            _process.random, "sample", lambda _ports, k: [taken] * (k - 1) + [spare]
        )
        assert free_port() == spare


def test_without_room_below_the_range_any_free_port_will_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ranges = tmp_path / "ip_local_port_range"
    ranges.write_text("15500\t60999\n")
    monkeypatch.setattr(_process, "_EPHEMERAL_RANGE_FILE", ranges)
    assert ephemeral_ports() == (15500, 60999)
    assert free_port() >= 1024
    ranges.write_text("garbage")
    assert ephemeral_ports() == (32768, 60999)
