"""CALLBACK_ALLOWED_HOSTS: which URLs a callback may reach, and an event's own target."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import httpx
import pytest

from schemas import LoanDelayEvent, Status, VerificationResult
from sinks import Arrival, CallbackFailed, CallbackSender, MemoryLedger, RecordingSink
from sinks.callback_targets import CallbackAllowlist, choose_target, origin_entry
from sinks.relay import OutboxRelay
from stream.finisher import Finisher

ALLOWED = CallbackAllowlist.parse(["bank.example", "hooks.bank.example:8443"], https_only=True)


@pytest.mark.parametrize(
    "url",
    [
        "https://bank.example/callbacks/idp",
        "https://BANK.example:443/cb?x=1",
        "https://hooks.bank.example:8443/cb",
    ],
)
def test_hosts_on_the_list_are_allowed(url: str) -> None:
    assert ALLOWED.refusal(url) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://evil.example/cb", "evil.example:443 is not on"),
        ("https://bank.example.evil.example/cb", "is not on"),
        ("https://bank.example:8080/cb", "bank.example:8080 is not on"),  # no port, default only
        ("https://hooks.bank.example/cb", "hooks.bank.example:443 is not on"),
        ("http://bank.example/cb", "scheme must be https"),
        ("ftp://bank.example/cb", "scheme must be https"),
        ("https://user:pw@bank.example/cb", "credentials"),
        ("https://bank.example:notaport/cb", "not a URL"),
        ("bank.example/cb", "scheme"),
        ("https:///cb", "no host"),
    ],
)
def test_everything_else_is_refused_and_the_reason_names_no_path(url: str, reason: str) -> None:
    refusal = ALLOWED.refusal(url)
    assert refusal is not None and reason in refusal
    assert "/cb" not in refusal and "pw" not in refusal


def test_http_is_allowed_outside_production_only() -> None:
    development = CallbackAllowlist.parse(["127.0.0.1:9000"], https_only=False)
    assert development.allows("http://127.0.0.1:9000/cb")
    assert not development.allows("http://127.0.0.1:9001/cb")
    assert not CallbackAllowlist.parse(["127.0.0.1:9000"], https_only=True).allows(
        "http://127.0.0.1:9000/cb"
    )


@pytest.mark.parametrize(
    "entry", ["https://bank.example", "bank.example/cb", "a:b:c", "h:x", "", "::1", "u@h"]
)
def test_malformed_entries_are_refused(entry: str) -> None:
    with pytest.raises(ValueError, match="host or host:port"):
        CallbackAllowlist.parse([entry], https_only=True)


def test_origin_entry_keeps_an_explicit_port_only() -> None:
    assert origin_entry("https://Bank.Example/cb") == "bank.example"
    assert origin_entry("http://127.0.0.1:8080/cb") == "127.0.0.1:8080"
    assert origin_entry("http://[::1]:8080/cb") == "[::1]:8080"


def test_ipv6_hosts_keep_their_brackets() -> None:
    allowlist = CallbackAllowlist.parse(["[::1]:8080", "[fd00::1]"], https_only=False)
    assert allowlist.allows("http://[::1]:8080/cb")
    assert allowlist.allows("https://[fd00::1]/cb")
    assert allowlist.refusal("http://[::1]:8081/cb") == (
        "host [::1]:8081 is not on CALLBACK_ALLOWED_HOSTS"
    )


def test_choose_target() -> None:
    assert choose_target(None, ALLOWED).url is None
    chosen = choose_target(" https://hooks.bank.example:8443/r/42 ", ALLOWED)
    assert (chosen.url, chosen.refused) == ("https://hooks.bank.example:8443/r/42", None)
    refused = choose_target("https://evil.example/steal", ALLOWED)
    assert refused.url is None
    assert refused.refused == "callback_url refused: host evil.example:443 is not on " + (
        "CALLBACK_ALLOWED_HOSTS"
    )


class Target:
    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        return httpx.Response(204)


def _sender(target: Target) -> CallbackSender:
    client = httpx.AsyncClient(transport=httpx.MockTransport(target), follow_redirects=False)
    return CallbackSender(
        "https://bank.example/callbacks/idp", b"secret", client=client, allowlist=ALLOWED
    )


async def test_sender_posts_to_an_allowed_target_and_never_calls_a_refused_one() -> None:
    target = Target()
    sender = _sender(target)
    await sender.post_once(b"{}", idempotency_key="k", url="https://hooks.bank.example:8443/r")
    await sender.post_once(b"{}", idempotency_key="k")
    with pytest.raises(CallbackFailed, match="refused") as info:
        await sender.post_once(b"{}", idempotency_key="k", url="https://evil.example/r")
    assert info.value.permanent
    assert target.urls == [
        "https://hooks.bank.example:8443/r",
        "https://bank.example/callbacks/idp",
    ]


async def test_sender_without_allowlist_calls_only_its_own_url() -> None:
    target = Target()
    client = httpx.AsyncClient(transport=httpx.MockTransport(target))
    sender = CallbackSender("https://bank.example/cb", b"secret", client=client)
    with pytest.raises(CallbackFailed):
        await sender.post_once(b"{}", idempotency_key="k", url="https://bank.example/other")
    assert target.urls == []


def _event(callback_url: str | None) -> LoanDelayEvent:
    return LoanDelayEvent(
        request_id=7, s3_path="a.pdf", iin="960125445005", first_name="А", last_name="Б",
        callback_url=callback_url,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("requested", "reached", "refused"),
    [
        (None, "https://bank.example/callbacks/idp", None),
        ("https://hooks.bank.example:8443/r/7", "https://hooks.bank.example:8443/r/7", None),
        ("https://evil.example/r/7", "https://bank.example/callbacks/idp", "evil.example:443"),
        ("http://bank.example/r/7", "https://bank.example/callbacks/idp", "scheme"),
    ],
)
async def test_event_callback_url_is_used_only_when_allowed(
    requested: str | None, reached: str, refused: str | None
) -> None:
    ledger = MemoryLedger()
    event = _event(requested)
    result = VerificationResult(
        request_id=7, run_id=uuid4(), status=Status.COMPLETED, verdict=True,
        processed_at=datetime(2026, 11, 20, tzinfo=UTC),
    )  # fmt: skip
    await ledger.admit(
        [Arrival(event, run_id=result.run_id, reference_time=result.processed_at, source=None)]
    )
    finisher = Finisher(
        ledger=ledger, result_topic="verdicts", callbacks=True, callback_allowlist=ALLOWED
    )
    assert await finisher.finish(result, callback_url=event.callback_url)
    [row] = [r for r in ledger.outbox.rows.values() if r["message"].kind == "callback"]
    if refused is None:
        assert row["message"].target_refused is None
    else:
        assert refused in row["message"].target_refused
    target = Target()
    relay = OutboxRelay(outbox=ledger.outbox, sink=RecordingSink(), callbacks=_sender(target))
    await relay.relay_once()
    assert target.urls == [reached]
