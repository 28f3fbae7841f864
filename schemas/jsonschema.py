"""JSON Schema files generated from the models, for the bank's other systems.

``python -m schemas.jsonschema`` rewrites ``schemas/json/``; a unit test fails
when the files and the models disagree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from .document import ReadDocument
from .event import LoanDelayEvent
from .result import VerificationResult

JSON_DIR = Path(__file__).with_name("json")

PUBLISHED: dict[str, tuple[type[BaseModel], str]] = {
    "loan-delay-event.schema.json": (LoanDelayEvent, "validation"),
    "verification-result.schema.json": (VerificationResult, "serialization"),
    "read-document.schema.json": (ReadDocument, "serialization"),
}


def render(model: type[BaseModel], mode: str) -> str:
    schema = model.model_json_schema(mode=mode)  # type: ignore[arg-type]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_all(directory: Path = JSON_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, (model, mode) in PUBLISHED.items():
        path = directory / filename
        path.write_text(render(model, mode), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else JSON_DIR):
        print(path)
