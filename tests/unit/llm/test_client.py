"""``ChatClient`` against a real HTTP server speaking chat completions on 127.0.0.1."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from pydantic import SecretStr

from processors.errors import CheckerFailure, CheckerMisconfigured
from processors.llm import SCHEMA_NAME, ChatClient, LlmFacts, build_messages, response_schema
from tests.pki import TestCa

from .conftest import MakeClient, facts, read_document
from .fake_openai import FakeOpenAI, Reply, completion, error_reply, facts_reply

MESSAGES = build_messages(read_document("ПРИКАЗ № 45-к от 08.11.2026"), max_chars=4000)


async def _parse(client: ChatClient) -> LlmFacts:
    return await client.parse(MESSAGES, LlmFacts, name=SCHEMA_NAME)


async def test_valid_answer_is_parsed_and_the_request_is_well_formed(
    fake_openai: FakeOpenAI, make_client: MakeClient
) -> None:
    fake_openai.answer(facts_reply(facts()))
    client = make_client(extra_headers={"X-Gateway-Tenant": "loans"})
    answer = await _parse(client)
    assert answer.doc_type == "maternity_leave_order"
    assert answer.person.nominative == "Иванова Мария Петровна"
    assert answer.personal_iins == ["930701400219"]
    assert answer.issue_date is not None and answer.issue_date.isoformat() == "2026-11-08"
    [(body, headers)] = fake_openai.requests
    assert headers["Authorization"] == "Bearer sk-test-key"
    assert headers["X-Gateway-Tenant"] == "loans"
    assert body["messages"] == MESSAGES and body["temperature"] == 0
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": SCHEMA_NAME, "schema": response_schema(LlmFacts), "strict": True},
    }
    assert client.sleeps == []  # type: ignore[attr-defined]


async def test_no_key_sends_no_authorization(make_client: MakeClient) -> None:
    server = FakeOpenAI(api_key=None)
    await server.start()
    try:
        server.answer(facts_reply(facts()))
        client = make_client(base_url=server.base_url, api_key=None)
        await _parse(client)
        [(_, headers)] = server.requests
        assert "Authorization" not in headers
        assert server.problems == []
    finally:
        await server.stop()


async def test_429_waits_as_long_as_retry_after_says(
    fake_openai: FakeOpenAI, make_client: MakeClient
) -> None:
    fake_openai.answer(error_reply(429, "rate_limit_exceeded", **{"Retry-After": "7"}))
    fake_openai.answer(facts_reply(facts()))
    client = make_client()
    assert (await _parse(client)).doc_type == "maternity_leave_order"
    assert len(fake_openai.requests) == 2
    assert client.sleeps == [7.0]  # type: ignore[attr-defined]


async def test_retry_after_as_an_http_date_is_honoured(
    fake_openai: FakeOpenAI, make_client: MakeClient
) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    fake_openai.answer(error_reply(429, "rate_limit_exceeded", **{"Retry-After": when}))
    fake_openai.answer(facts_reply(facts()))
    client = make_client()
    await _parse(client)
    [waited] = client.sleeps  # type: ignore[attr-defined]
    assert 25 <= waited <= 30


async def test_500_then_200_backs_off_once(
    fake_openai: FakeOpenAI, make_client: MakeClient
) -> None:
    fake_openai.answer(error_reply(500, "server_error"), facts_reply(facts()))
    client = make_client(backoff_initial_s=0.5, backoff_max_s=4.0)
    await _parse(client)
    assert len(fake_openai.requests) == 2
    [waited] = client.sleeps  # type: ignore[attr-defined]
    assert 0.5 <= waited <= 4.0


async def test_server_errors_past_the_attempts_are_a_retriable_failure(
    fake_openai: FakeOpenAI, make_client: MakeClient
) -> None:
    fake_openai.answer(*[error_reply(503, "overloaded")] * 3)
    client = make_client(max_attempts=3)
    with pytest.raises(CheckerFailure) as caught:
        await _parse(client)
    assert caught.value.retriable is True
    assert caught.value.details == {"stage": "llm", "status": 503, "attempts": 3}
    assert len(fake_openai.requests) == 3
    assert len(client.sleeps) == 2  # type: ignore[attr-defined]


@pytest.mark.parametrize(("status", "code"), [(401, "invalid_api_key"), (404, "model_not_found")])
async def test_a_refusing_4xx_is_not_retried(
    fake_openai: FakeOpenAI, make_client: MakeClient, status: int, code: str
) -> None:
    fake_openai.answer(error_reply(status, code))
    client = make_client()
    with pytest.raises(CheckerMisconfigured) as caught:
        await _parse(client)
    assert caught.value.retriable is False
    assert code in caught.value.message and "scripted" not in caught.value.message
    assert len(fake_openai.requests) == 1
    assert client.sleeps == []  # type: ignore[attr-defined]


async def test_invalid_json_is_asked_once_more_then_fails(
    fake_openai: FakeOpenAI, make_client: MakeClient
) -> None:
    fake_openai.answer(completion("Конечно! Вот факты: тип — приказ"), completion('{"doc_type": '))
    with pytest.raises(CheckerFailure, match="did not match the schema") as caught:
        await _parse(make_client())
    assert caught.value.retriable is True
    assert len(fake_openai.requests) == 2


async def test_an_answer_of_the_wrong_shape_then_a_good_one(
    fake_openai: FakeOpenAI, make_client: MakeClient
) -> None:
    fake_openai.answer(facts_reply(facts(issue_date="08.11.2026")), facts_reply(facts()))
    answer = await _parse(make_client())
    assert answer.issue_date is not None
    assert len(fake_openai.requests) == 2


@pytest.mark.parametrize(
    "reply",
    [
        completion(None, refusal="I cannot help with that."),
        Reply(body="<html>gateway maintenance</html>"),
        Reply(body={"object": "chat.completion", "choices": []}),
    ],
    ids=["refusal", "not-json", "no-choices"],
)
async def test_unusable_answers_fail_after_one_more_try(
    fake_openai: FakeOpenAI, make_client: MakeClient, reply: Reply
) -> None:
    fake_openai.answer(reply, reply)
    with pytest.raises(CheckerFailure):
        await _parse(make_client())
    assert len(fake_openai.requests) == 2


async def test_a_fenced_json_answer_is_read(
    fake_openai: FakeOpenAI, make_client: MakeClient
) -> None:
    import json

    fake_openai.answer(completion("```json\n" + json.dumps(facts()) + "\n```"))
    assert (await _parse(make_client())).language == "ru"


async def test_a_slow_answer_times_out_and_is_retried(
    fake_openai: FakeOpenAI, make_client: MakeClient
) -> None:
    fake_openai.answer(Reply(body={}, delay_s=5.0), facts_reply(facts()))
    client = make_client(timeout_s=0.3, max_attempts=2)
    assert (await _parse(client)).doc_type == "maternity_leave_order"
    assert len(fake_openai.requests) == 2


async def test_always_slow_is_a_retriable_failure(
    fake_openai: FakeOpenAI, make_client: MakeClient
) -> None:
    fake_openai.answer(*[Reply(body={}, delay_s=5.0)] * 2)
    client = make_client(timeout_s=0.2, max_attempts=2)
    with pytest.raises(CheckerFailure, match="ReadTimeout") as caught:
        await _parse(client)
    assert caught.value.retriable is True
    assert len(fake_openai.requests) == 2


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_nothing_listening_is_a_retriable_failure(make_client: MakeClient) -> None:
    client = make_client(base_url=f"http://127.0.0.1:{_closed_port()}/v1", max_attempts=2)
    with pytest.raises(CheckerFailure, match="ConnectError") as caught:
        await _parse(client)
    assert caught.value.retriable is True
    assert len(client.sleeps) == 1  # type: ignore[attr-defined]


async def test_tls_with_the_ca_bundle_and_refused_without(tmp_path: Path) -> None:
    ca = TestCa(tmp_path)
    server = FakeOpenAI(ssl_context=ca.server_context(ca.issue("server")))
    await server.start()
    key = SecretStr(server.api_key or "")
    trusting = ChatClient(
        base_url=server.base_url, model=server.model, api_key=key, ca_bundle=ca.ca_file
    )
    default = ChatClient(base_url=server.base_url, model=server.model, api_key=key)
    try:
        server.answer(facts_reply(facts()))
        assert server.base_url.startswith("https://")
        assert (await _parse(trusting)).doc_type == "maternity_leave_order"
        with pytest.raises(CheckerMisconfigured, match="LLM_CA_BUNDLE"):
            await _parse(default)
        assert len(server.requests) == 1 and server.problems == []
    finally:
        await trusting.close()
        await default.close()
        await server.stop()
