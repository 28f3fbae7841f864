"""An OpenAI-compatible chat-completions client that asks for structured JSON.

Speaks the plain HTTP protocol that OpenAI, vLLM, Ollama and the hosted
gateways share (``POST {base_url}/chat/completions``), so no SDK is needed.
Failures leave this module as the service's own errors:

- 429 (honouring ``Retry-After``), 408, 5xx, timeouts and connection errors are
  retried with jittered exponential backoff, then raised as ``CheckerFailure``
  (retriable: the checking stage may try the document again later);
- any other 4xx, an untrusted certificate or a malformed URL is raised at once
  as ``CheckerMisconfigured`` (not retriable: the settings must change);
- an answer that is not JSON of the requested shape is asked for once more,
  then raised as ``CheckerFailure``.
"""

from __future__ import annotations

import asyncio
import json
import re
import ssl
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import httpx
import structlog
from pydantic import BaseModel, SecretStr, ValidationError

from processors.errors import CheckerFailure, CheckerMisconfigured
from processors.http_retry import (
    RETRY_STATUSES,
    Retries,
    Transient,
    retry_after,
    untrusted_certificate,
)

from .model import response_schema

log = structlog.get_logger(__name__)

M = TypeVar("M", bound=BaseModel)

STAGE = "llm"
_ANSWER_TRIES = 2  # an answer that does not validate is asked for once more
_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


class _BadAnswer(Exception):
    """A 2xx answer without a usable message content."""


def tls_verification(ca_bundle: Path | None) -> ssl.SSLContext | bool:
    """Always verifying: httpx's default trust store (certifi), or only ``ca_bundle``'s
    CAs when given (a private gateway's own CA)."""
    if ca_bundle is None:
        return True
    return ssl.create_default_context(cafile=str(ca_bundle))


class ChatClient:
    """Asks one model for JSON matching a pydantic model, over chat completions.

    ``transport`` and ``sleep`` are seams for tests; ``close`` must be awaited.
    """

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: SecretStr | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout_s: float = 60.0,
        connect_timeout_s: float = 5.0,
        max_attempts: int = 3,
        ca_bundle: Path | None = None,
        max_tokens: int = 1500,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        backoff_initial_s: float = 0.5,
        backoff_max_s: float = 20.0,
        max_retry_after_s: float = 60.0,
    ) -> None:
        headers = dict(extra_headers or {})
        if api_key is not None and api_key.get_secret_value():
            headers["Authorization"] = f"Bearer {api_key.get_secret_value()}"
        self._model = model
        self._max_tokens = max_tokens
        self._retries = Retries(
            max_attempts=max_attempts,
            backoff_initial_s=backoff_initial_s,
            backoff_max_s=backoff_max_s,
            max_retry_after_s=max_retry_after_s,
            sleep=sleep or asyncio.sleep,
        )
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/") + "/",
            headers=headers,
            timeout=httpx.Timeout(timeout_s, connect=connect_timeout_s),
            verify=tls_verification(ca_bundle),
            follow_redirects=False,
            transport=transport,
        )

    async def close(self) -> None:
        await self._http.aclose()

    async def parse(self, messages: list[dict[str, Any]], output: type[M], *, name: str) -> M:
        """The model's answer to ``messages`` as an ``output``; raises only the errors above."""
        body = {
            "model": self._model,
            "messages": messages,
            "temperature": 0,
            "max_tokens": self._max_tokens,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": name, "schema": response_schema(output), "strict": True},
            },
        }
        problem = ""
        for _ in range(_ANSWER_TRIES):
            answer = await self._post(body)
            try:
                return output.model_validate_json(_content(answer))
            except (_BadAnswer, ValidationError) as exc:
                problem = _describe(exc)
                log.warning("llm.bad_answer", model=self._model, problem=problem)
        raise CheckerFailure(
            f"the LLM answer did not match the schema: {problem}", stage=STAGE, model=self._model
        )

    async def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        try:
            return await self._retries.call(lambda: self._post_once(body))
        except Transient as exc:
            raise CheckerFailure(
                f"the LLM endpoint failed: {exc.reason}",
                stage=STAGE,
                status=exc.status,
                attempts=self._retries.max_attempts,
            ) from exc

    async def _post_once(self, body: dict[str, Any]) -> dict[str, Any]:
        try:
            response = await self._http.post("chat/completions", json=body)
        except httpx.TimeoutException as exc:
            raise Transient(type(exc).__name__) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise CheckerMisconfigured(
                f"LLM_BASE_URL is not usable: {type(exc).__name__}", stage=STAGE
            ) from exc
        except httpx.TransportError as exc:
            if untrusted_certificate(exc):
                raise CheckerMisconfigured(
                    "the LLM endpoint's certificate is not trusted (see LLM_CA_BUNDLE)",
                    stage=STAGE,
                ) from exc
            raise Transient(type(exc).__name__) from exc
        status = response.status_code
        if status in RETRY_STATUSES:
            raise Transient(f"HTTP {status}", status=status, retry_after=retry_after(response))
        if not 200 <= status < 300:
            raise CheckerMisconfigured(
                f"the LLM endpoint refused the request: HTTP {status} {_error_code(response)}",
                stage=STAGE,
                status=status,
            )
        try:
            answer = response.json()
        except ValueError:
            return {}  # a 2xx that is not JSON (a proxy's page): a bad answer, asked again
        return answer if isinstance(answer, dict) else {}


def _content(answer: dict[str, Any]) -> str:
    try:
        message = answer["choices"][0]["message"]
    except (KeyError, IndexError, TypeError) as exc:
        raise _BadAnswer("no choices[0].message in the answer") from exc
    content = message.get("content") if isinstance(message, dict) else None
    if not isinstance(content, str) or not content.strip():
        refused = isinstance(message, dict) and message.get("refusal")
        raise _BadAnswer("the model refused" if refused else "an empty message content")
    fenced = _FENCE.match(content)  # some servers wrap JSON in a Markdown fence
    return fenced.group(1) if fenced else content


def _describe(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return f"{exc.error_count()} validation error(s), first at {exc.errors()[0]['loc']}"
    return str(exc)


def _error_code(response: httpx.Response) -> str:
    """The error's code or type from an OpenAI-style body; never its free text,
    which some servers fill with the prompt."""
    try:
        error = json.loads(response.content).get("error") or {}
    except (ValueError, AttributeError):
        return ""
    if not isinstance(error, dict):
        return ""
    return str(error.get("code") or error.get("type") or "")[:80]
