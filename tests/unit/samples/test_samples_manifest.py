"""The CLI writes every file and a manifest a test or a demo can read back."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from stream.samples import SampleCase
from stream.samples.__main__ import main


def test_cli_writes_files_and_manifest(
    tmp_path: Path, demo_cases: list[SampleCase], today: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[date] = []

    def build(today: date) -> list[SampleCase]:
        seen.append(today)
        return demo_cases

    monkeypatch.setattr("stream.samples.__main__.build_samples", build)
    assert main([str(tmp_path), "--today", today.isoformat()]) == 0
    assert seen == [today]

    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["today"] == "2026-11-20"
    assert len(manifest["cases"]) == len(demo_cases)
    for entry, case in zip(manifest["cases"], demo_cases, strict=True):
        assert (tmp_path / entry["filename"]).read_bytes() == case.content
        assert entry["iin"] == case.iin
        assert entry["reason"] == (case.reason.value if case.reason else None)
        assert entry["expected_verdict"] is case.expected_verdict
        assert set(entry["expected_codes"]) == {code.value for code in case.expected_codes}
        assert entry["document"]["doc_date"] == case.spec.issue_date.isoformat()
