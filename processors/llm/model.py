"""What the LLM is asked to return about a document, and the JSON Schema it is given.

The model validates the answer; ``response_schema`` is the same model as a
strict JSON Schema that OpenAI, vLLM (guided decoding) and Ollama all accept:
no ``$ref``, every property required, no extra properties, no ``format``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

LlmDocType = Literal[
    "maternity_leave_order",
    "childcare_leave_order",
    "dismissal_order",
    "unemployment_certificate",
    "sick_leave_certificate",
    "disability_certificate",
    "other",
]


class SubjectPerson(BaseModel):
    """The person the document is about."""

    as_written: str | None = Field(
        default=None, description="the subject's full name copied exactly as in the text"
    )
    nominative: str | None = Field(
        default=None,
        description="the same name in the nominative case: surname, first name, patronymic",
    )


class MentionedPerson(BaseModel):
    """Someone the document names, and in what role."""

    name: str = Field(description="the name as written")
    role: Literal["subject", "signatory", "doctor", "executor", "relative", "other"] = Field(
        description="subject: the person the document is about; signatory: a director, "
        "head or official who signs or approves; executor: исп./орындаған"
    )


class IinMention(BaseModel):
    """A 12-digit identifier the text shows, with the label in front of it."""

    label: str = Field(description="the label as written: ИИН, ЖСН, БИН, БСН or other")
    value: str = Field(description="the 12 digits")

    @field_validator("value")
    @classmethod
    def _digits(cls, value: str) -> str:
        return re.sub(r"\D", "", value)

    @property
    def is_personal(self) -> bool:
        """An individual's number (ИИН / ЖСН), not a company's (БИН / БСН)."""
        label = self.label.strip().upper()
        return label in {"ИИН", "ЖСН", "IIN"}


class FieldConfidence(BaseModel):
    """How sure the model is of each fact, 0 (a guess) to 1 (plainly written)."""

    doc_type: float = 0.0
    person: float = 0.0
    iins: float = 0.0
    issue_date: float = 0.0
    stamp: float = 0.0

    @field_validator("*")
    @classmethod
    def _clamp(cls, value: float) -> float:
        # Some servers cannot enforce number bounds; a wild value is read as its limit.
        return min(1.0, max(0.0, value))


class LlmFacts(BaseModel):
    """The facts the LLM read off one document."""

    doc_type: LlmDocType | None = Field(
        default=None, description="one of the six types, other, or null when unreadable"
    )
    doc_title: str | None = Field(
        default=None, description="the document's title or heading copied as in the text"
    )
    people: list[MentionedPerson] = Field(
        default_factory=list, description="every person named, before choosing the subject"
    )
    person: SubjectPerson = Field(default_factory=SubjectPerson)
    iins: list[IinMention] = Field(default_factory=list)
    issue_date: date | None = Field(
        default=None, description="the document's own date as YYYY-MM-DD, or null"
    )
    stamp_or_qr: bool | None = Field(
        default=None,
        description="the text mentions a seal (печать, М.П., мөр) or an eGov QR / ЭЦП",
    )
    language: Literal["ru", "kk", "mixed"] | None = None
    confidence: FieldConfidence = Field(default_factory=FieldConfidence)

    @property
    def personal_iins(self) -> list[str]:
        return list(dict.fromkeys(m.value for m in self.iins if m.is_personal))


_DROPPED_KEYS = frozenset({"title", "default", "format"})


def _strict(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_strict(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = defs[node["$ref"].rsplit("/", 1)[-1]]
        extra = {k: v for k, v in node.items() if k != "$ref"}
        return _strict({**target, **extra}, defs)
    out = {
        k: {name: _strict(sub, defs) for name, sub in v.items()}
        if k == "properties"  # property names are kept whatever they are
        else _strict(v, defs)
        for k, v in node.items()
        if k not in _DROPPED_KEYS and k != "$defs"
    }
    if out.get("type") == "object" and "properties" in out:
        out["required"] = list(out["properties"])
        out["additionalProperties"] = False
    return out


def response_schema(model: type[BaseModel] = LlmFacts) -> dict[str, Any]:
    """The model as a strict JSON Schema, references inlined."""
    schema = model.model_json_schema(mode="validation")
    return _strict(schema, schema.get("$defs", {}))  # type: ignore[no-any-return]
