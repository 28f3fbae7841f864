"""The answer model and the strict JSON Schema sent with every request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from processors.llm import LlmFacts, response_schema

from .conftest import facts


def _nodes(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _nodes(item)


def test_the_schema_is_strict_everywhere() -> None:
    schema = response_schema(LlmFacts)
    objects = [n for n in _nodes(schema) if n.get("type") == "object"]
    assert len(objects) >= 5  # the facts, person, people, IINs, confidence
    for node in objects:
        assert node["additionalProperties"] is False
        assert node["required"] == list(node["properties"])
    for node in _nodes(schema):
        assert not {"$ref", "$defs", "format", "default"} & node.keys()
    assert schema["properties"]["doc_type"]["anyOf"][0]["enum"][-1] == "other"


def test_a_property_named_like_a_keyword_survives() -> None:
    class Titled(BaseModel):
        title: str
        format: str | None = None

    schema = response_schema(Titled)
    assert schema["required"] == ["title", "format"]


def test_a_full_answer_validates() -> None:
    answer = LlmFacts.model_validate(facts())
    assert answer.personal_iins == ["930701400219"]
    assert [p.role for p in answer.people] == ["subject", "signatory", "executor"]


def test_lenient_where_the_server_cannot_enforce() -> None:
    answer = LlmFacts.model_validate(
        {
            "iins": [{"label": "ЖСН", "value": "960125 445005"}, {"label": "БСН", "value": "1"}],
            "confidence": {"doc_type": 1.7, "person": -0.2},
            "unexpected": "ignored",
        }
    )
    assert answer.personal_iins == ["960125445005"]
    assert (answer.confidence.doc_type, answer.confidence.person) == (1.0, 0.0)
    assert answer.doc_type is None and answer.person.as_written is None


@pytest.mark.parametrize(
    "change",
    [{"issue_date": "08.11.2026"}, {"doc_type": "passport"}, {"language": "en"}],
)
def test_wrong_values_do_not_validate(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        LlmFacts.model_validate(facts(**change))
