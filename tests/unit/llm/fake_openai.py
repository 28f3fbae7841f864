"""A chat-completions server on 127.0.0.1 that answers a script.

It speaks enough of the OpenAI protocol for ``ChatClient``: ``POST
/v1/chat/completions``. Every request is checked for the shape the service
must send (model, messages, a strict ``json_schema`` response format, the
bearer key); a request of the wrong shape is answered 400 and noted in
``problems``, which the fixture asserts empty after each test.
"""

from __future__ import annotations

import json
import ssl
from typing import Any

from aiohttp import web

from tests.scripted_server import Reply, ScriptedServer

__all__ = ["FakeOpenAI", "Reply", "completion", "error_reply", "facts_reply"]


def completion(content: str | None, *, refusal: str | None = None) -> Reply:
    """A 200 chat completion whose message content is ``content``."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if refusal is not None:
        message["refusal"] = refusal
    return Reply(
        body={
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 1763600000,
            "model": "test-model",
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 900, "completion_tokens": 120, "total_tokens": 1020},
        }
    )


def facts_reply(facts: dict[str, Any]) -> Reply:
    return completion(json.dumps(facts, ensure_ascii=False))


def error_reply(status: int, code: str, **headers: str) -> Reply:
    body = {"error": {"message": "scripted", "type": "test_error", "code": code}}
    return Reply(status=status, body=body, headers=headers)


class FakeOpenAI(ScriptedServer):
    """Answers ``script`` in order; ``requests`` keeps every body and its headers."""

    def __init__(
        self,
        *,
        model: str = "test-model",
        api_key: str | None = "sk-test-key",
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        super().__init__(ssl_context=ssl_context)
        self.model = model
        self.api_key = api_key
        self.requests: list[tuple[dict[str, Any], dict[str, str]]] = []
        self.base_url = ""

    async def start(self) -> str:
        self.base_url = f"{await self.serve('/v1/chat/completions', self._complete)}/v1"
        return self.base_url

    async def _complete(self, request: web.Request) -> web.StreamResponse:
        try:
            body = await request.json()
        except ValueError:
            body = None
        self.requests.append((body, dict(request.headers)))
        problems = self._shape_problems(body, request)
        if problems:
            self.problems += problems
            return web.json_response({"error": {"code": "bad_shape"}}, status=400)
        if not self.script:
            self.problems.append("a request beyond the script")
            return web.json_response({"error": {"code": "unscripted"}}, status=500)
        return await self.respond(self.script.pop(0))

    def _shape_problems(self, body: Any, request: web.Request) -> list[str]:
        if not isinstance(body, dict):
            return ["the body is not a JSON object"]
        found = []
        auth = request.headers.get("Authorization")
        expected = f"Bearer {self.api_key}" if self.api_key else None
        if auth != expected:
            found.append(f"Authorization {auth!r}, expected {expected!r}")
        if body.get("model") != self.model:
            found.append(f"model {body.get('model')!r}")
        messages = body.get("messages")
        if (
            not isinstance(messages, list)
            or [m.get("role") for m in messages] != ["system", "user"]
            or not all(isinstance(m.get("content"), str) and m["content"] for m in messages)
        ):
            found.append("messages must be a system and a user message with text")
        fmt = body.get("response_format") or {}
        spec = fmt.get("json_schema") or {}
        schema = spec.get("schema") or {}
        if fmt.get("type") != "json_schema" or spec.get("strict") is not True:
            found.append("response_format must be a strict json_schema")
        if not spec.get("name") or schema.get("type") != "object":
            found.append("json_schema needs a name and an object schema")
        if schema.get("additionalProperties") is not False:
            found.append("the schema must forbid additional properties")
        return found
