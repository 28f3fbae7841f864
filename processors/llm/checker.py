"""``LlmChecker``: the rules checker with an LLM's reading as a second opinion."""

from __future__ import annotations

from typing import Any, Literal, Protocol, TypeVar

import structlog
from opentelemetry import trace
from pydantic import BaseModel

from processors.checks.base import CheckReport, CheckRequest, DocumentChecker
from schemas.codes import ErrorCode
from schemas.document import ReadDocument

from .merge import merge
from .model import LlmFacts
from .prompt import build_messages

log = structlog.get_logger(__name__)
# The API's proxy tracer: a no-op until the worker sets a tracer provider.
_tracer = trace.get_tracer("idp")

M = TypeVar("M", bound=BaseModel)

SCHEMA_NAME = "document_facts"


class StructuredChat(Protocol):
    """What the checker needs of a client; ``ChatClient`` is the real one.

    ``parse`` returns a validated ``output`` or raises ``CheckerFailure``
    (retriable) or ``CheckerMisconfigured`` (not retriable).
    """

    async def parse(self, messages: list[dict[str, Any]], output: type[M], *, name: str) -> M: ...

    async def close(self) -> None: ...


class LlmChecker:
    """A ``DocumentChecker``: runs ``rules``, asks the LLM, merges (see ``merge``).

    ``consult="unsure"`` asks the LLM only when the rules left the document
    type or the person unsure; ``"always"`` asks for every readable document,
    so disagreements on the other facts are recorded too. An unreadable
    document never reaches the LLM. When the LLM fails the check fails with
    it (``CheckerFailure``, retriable): the rules' verdict alone is not
    published in its place, so the same document is not judged two ways.
    """

    def __init__(
        self,
        rules: DocumentChecker,
        client: StructuredChat,
        *,
        min_confidence: float = 0.8,
        max_input_chars: int = 16_000,
        consult: Literal["unsure", "always"] = "unsure",
    ) -> None:
        self._rules = rules
        self._client = client
        self._min_confidence = min_confidence
        self._max_input_chars = max_input_chars
        self._consult = consult

    async def close(self) -> None:
        await self._client.close()

    async def check(self, request: CheckRequest, document: ReadDocument) -> CheckReport:
        report = await self._rules.check(request, document)
        if any(e.code is ErrorCode.UNREADABLE for e in report.errors):
            return report
        if self._consult == "unsure" and not report.unsure:
            return report
        messages = build_messages(document, max_chars=self._max_input_chars)
        with _tracer.start_as_current_span("llm", attributes={"idp.llm.consult": self._consult}):
            facts = await self._client.parse(messages, LlmFacts, name=SCHEMA_NAME)
        merged = merge(request, document, report, facts, min_confidence=self._min_confidence)
        log.info(
            "llm.merged",
            unsure=sorted(report.unsure),
            disagreements=[(d.field, d.used) for d in merged.disagreements],
            rules_errors=[e.code.value for e in report.errors],
            errors=[e.code.value for e in merged.errors],
        )
        return merged
