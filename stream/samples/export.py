"""Write a case list to a folder with a manifest beside the files."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from stream.samples.cases import SampleCase

MANIFEST = "manifest.json"


def write_samples(cases: Sequence[SampleCase], outdir: Path, *, today: date) -> Path:
    """Write every case's file and ``manifest.json``; return the manifest's path."""
    outdir.mkdir(parents=True, exist_ok=True)
    names = [case.filename for case in cases]
    if len(set(names)) != len(names):
        raise ValueError("two cases share a filename")
    for case in cases:
        (outdir / case.filename).write_bytes(case.content)
    manifest = {
        "today": today.isoformat(),
        "cases": [case.manifest_entry() for case in cases],
    }
    path = outdir / MANIFEST
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
