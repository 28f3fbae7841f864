"""Kafka headers stored in JSONB: lossless, a producer's binary header included."""

from __future__ import annotations

import json

from sinks.outbox import decode_headers, encode_headers


def test_text_headers_are_stored_as_they_are() -> None:
    headers = (("traceparent", b"00-4bf9-00f0-01"), ("x-app", "Приказ".encode()))
    stored = encode_headers(headers)
    assert stored[0] == ["traceparent", "00-4bf9-00f0-01"]  # readable in the ledger
    assert decode_headers(json.loads(json.dumps(stored))) == headers


def test_a_header_holding_a_nul_round_trips_without_one_in_the_json() -> None:
    # JSONB refuses \u0000: one binary header would fail the statement of its whole batch.
    headers = (("bin", b"\x00\xff\x01"), ("na\x00me", b"v"), ("plain", b"ok"))
    text = json.dumps(encode_headers(headers))
    assert "\\u0000" not in text
    assert decode_headers(json.loads(text)) == headers
