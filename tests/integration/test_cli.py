"""`idp submit` and `idp stack`, as an operator runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .workers import WorkerProcess

pytestmark = pytest.mark.integration


def _idp(*args: str, env: dict[str, str], timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stream.cli", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_submit_uploads_produces_and_waits(
    stack_env: dict[str, str], worker: WorkerProcess, samples, tmp_path: Path
) -> None:
    case = next(
        c for c in samples.values() if c.expected_verdict and c.media_type == "application/pdf"
    )
    document = tmp_path / case.filename
    document.write_bytes(case.content)
    args = [
        "submit",
        str(document),
        "--iin",
        case.iin,
        "--last-name",
        case.last_name,
        "--first-name",
        case.first_name,
        "--wait",
        "--timeout",
        "180",
    ]
    if case.second_name:
        args += ["--second-name", case.second_name]
    if case.reason:
        args += ["--reason", case.reason.value]
    done = _idp(*args, env=stack_env)
    assert done.returncode == 0, done.stderr[-3000:]
    first_line, _, rest = done.stdout.partition("\n")
    submitted = json.loads(first_line)
    assert submitted["s3_path"].startswith("s3://loan-docs/uploads/")
    assert submitted["s3_path"].endswith("/" + case.filename)
    result = json.loads(rest)
    assert result["request_id"] == submitted["request_id"]
    assert result["status"] == "completed" and result["verdict"] is True


def test_stack_env_prints_the_settings_of_a_running_stack(tmp_path: Path) -> None:
    missing = _idp("stack", "env", "--dir", str(tmp_path / "none"), env={})
    assert missing.returncode == 1 and "not running" in missing.stderr


async def test_dlq_list_and_replay(
    stack_env: dict[str, str], worker: WorkerProcess, pipeline
) -> None:
    import asyncio
    from datetime import UTC, datetime

    from stream.submit import new_request_id

    since = datetime.now(UTC).isoformat()
    marker = f"replay-{new_request_id()}".encode()
    await pipeline.produce(b"{not json", key=marker)
    for _ in range(100):
        if any(r.key == marker for r in await pipeline.dead_letters()):
            break
        await asyncio.sleep(0.2)
    listed = _idp("dlq", "list", "--reason", "INVALID_JSON", "--since", since, env=stack_env)
    assert listed.returncode == 0, listed.stderr[-2000:]
    keys = [json.loads(line)["key"] for line in listed.stdout.splitlines()]
    assert marker.decode() in keys
    replayed = _idp("dlq", "replay", "--reason", "INVALID_JSON", "--since", since, env=stack_env)
    assert replayed.returncode == 0 and f"replayed {len(keys)}" in replayed.stderr
    for _ in range(100):
        again = [r for r in await pipeline.dead_letters() if r.key == marker]
        if len(again) == 2:
            break
        await asyncio.sleep(0.2)
    assert len(again) == 2
    assert dict(again[1].headers)["replay.from"].startswith(b"dl-loan-delay-dlq:")
