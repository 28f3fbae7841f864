"""Hostile input through a real worker: each gets a clear result or a dead letter, and
the worker goes on.

The worker has topics and a database of its own, so every record on its
dead-letter topic is one of the poison messages sent here.
"""

from __future__ import annotations

import json
import mimetypes
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from schemas import Status
from stream.connections import watch_results
from stream.samples import SampleCase, render_text_pdf
from stream.samples import corpus_damage as damage
from stream.submit import ApplicantFields, Upload, new_request_id

from .conftest import Pipeline, SpawnWorker, event_payload, read_topic
from .workers import own_stack, settings_of

pytestmark = pytest.mark.integration

MAX_FILE_BYTES = 3 * 2**20  # a lower cap than the default, so the test uploads 3 MB, not 20
FIVE_MB = 5 * 2**20


@pytest.fixture(scope="module")
def hostile_env(stack_env: dict[str, str]) -> dict[str, str]:
    return {**own_stack(stack_env, "hostile"), "MAX_FILE_BYTES": str(MAX_FILE_BYTES)}


@pytest.fixture(scope="module")
def good(samples: dict[str, SampleCase]) -> SampleCase:
    return next(
        c for c in samples.values() if c.expected_verdict and c.media_type == "application/pdf"
    )


def _files(good: SampleCase) -> dict[str, tuple[str, Callable[[], bytes], str]]:
    """Name: (file name as uploaded, content, the code its result must carry)."""
    pdf = render_text_pdf(good.spec)
    true = Path(shutil.which("true") or "/bin/true")
    return {
        "empty": ("Справка.pdf", lambda: b"", "FILE_UNSUPPORTED"),
        "truncated_pdf": ("Справка (1).pdf", lambda: damage.cut_off(pdf, 0.6), "FILE_CORRUPT"),
        "encrypted_pdf": (
            "Приказ_защищен.pdf",
            lambda: damage.password_protected_pdf(good.spec),
            "FILE_UNSUPPORTED",
        ),
        "500_pages": ("Скан_всё.pdf", lambda: damage.many_pages_pdf(500), "FILE_TOO_LARGE"),
        "decompression_bomb": ("IMG_0001.png", damage.decompression_bomb_png, "FILE_TOO_LARGE"),
        "elf_named_pdf": ("Справка.pdf", true.read_bytes, "FILE_UNSUPPORTED"),
        "html_named_jpg": (
            "IMG_0002.jpg",
            lambda: damage.saved_web_page(good.spec),
            "FILE_UNSUPPORTED",
        ),
        # Stored, not deflated: the PDF's own header shows 40 bytes into the archive.
        "zip_holding_a_pdf": (
            "Бұйрық.pdf",
            lambda: damage.zipped("Бұйрық.pdf", pdf, stored=True),
            "FILE_UNSUPPORTED",
        ),
        "over_the_size_cap": (
            "scan.pdf",
            lambda: pdf + b"\n%" + b"0" * (MAX_FILE_BYTES - len(pdf)),
            "FILE_TOO_LARGE",
        ),
    }


def _poison(good: SampleCase) -> list[tuple[str, bytes | dict[str, Any], str, str | None]]:
    """Name: (the message, its dlq.reason, the field a rejected result names, if any)."""
    base = event_payload(good)
    too_large = json.dumps({**base, "padding": "x" * FIVE_MB}).encode()
    without_iin = {k: v for k, v in event_payload(good).items() if k != "iin"}
    return [
        ("not_json", b'{"request_id": 1, "s3_path": ', "INVALID_JSON", None),
        ("not_utf8", b"\xff\xfe\xfa\x00 not utf-8", "INVALID_ENCODING", None),
        ("five_mb", too_large, "EVENT_TOO_LARGE", None),
        ("json_null", b"null", "INVALID_EVENT", None),
        ("float_request_id", json.dumps({**base, "request_id": 12.5}).encode(), "INVALID_EVENT",
         None),
        ("missing_iin", without_iin, "INVALID_EVENT", "iin"),
        ("number_as_name", event_payload(good, first_name=42), "INVALID_EVENT", "first_name"),
        ("iin_check_digit", event_payload(good, iin="960125445006"), "INVALID_EVENT", "iin"),
        ("bucket_not_allowed", event_payload(good, s3_path="s3://other-bucket/a.pdf"),
         "INVALID_EVENT", "s3_path"),
        ("unknown_reason", event_payload(good, reason="vacation"), "INVALID_EVENT", "reason"),
    ]  # fmt: skip


async def test_hostile_input_gets_a_clear_outcome_and_the_worker_goes_on(
    spawn_worker: SpawnWorker,
    hostile_env: dict[str, str],
    pipeline: Pipeline,
    good: SampleCase,
) -> None:
    s = settings_of(hostile_env)
    worker = spawn_worker(hostile_env)
    hostile = Pipeline(s, pipeline.store, pipeline.producer, pipeline.watcher)
    applicant = ApplicantFields.of(good)
    files = _files(good)
    poison = _poison(good)
    async with watch_results(s) as watcher:
        file_ids: dict[str, int] = {}
        for name, (filename, content, _) in files.items():
            content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
            file_ids[name] = await hostile.upload(
                Upload(filename, content(), content_type, applicant)
            )
        keys: dict[str, bytes] = {}
        for name, message, _, _ in poison:
            if isinstance(message, bytes):
                keys[name] = f"hostile-{name}-{new_request_id()}".encode()
                await hostile.produce(message, key=keys[name])
            else:
                keys[name] = str(message["request_id"]).encode()
                await hostile.produce(message)
        after = await hostile.submit(good)
        rejected_ids = {int(keys[name]) for name, _, _, field in poison if field}
        wanted = set(file_ids.values()) | rejected_ids | {after}
        found = await watcher.wait_for(wanted, timeout=180)

    assert worker.process is not None and worker.process.poll() is None, worker.log_tail()
    assert found.keys() == wanted, f"missing results:\n{worker.log_tail()}"
    outcomes = {name: found[rid].error_codes for name, rid in file_ids.items()}
    assert outcomes == {name: [code] for name, (_, _, code) in files.items()}
    assert all(found[rid].status is Status.COMPLETED for rid in file_ids.values())
    for name, _, _, field in poison:
        if field is None:
            continue
        result = found[int(keys[name])]
        assert (result.status, result.error_codes) == (Status.REJECTED, ["INVALID_EVENT"]), name
        problems = result.errors[0].details["problems"]
        assert field in {p["field"] for p in problems}, (name, problems)
    assert found[after].status is Status.COMPLETED
    assert found[after].verdict is good.expected_verdict, found[after].errors

    letters = await read_topic(s.kafka_bootstrap_servers or "", s.dlq_topic)
    assert len(letters) == len(poison), "the dead-letter count is not the poison count"
    by_key = {r.key: r for r in letters}
    for name, message, reason, _ in poison:
        letter = by_key[keys[name]]
        assert dict(letter.headers)["dlq.reason"] == reason.encode(), name
        body = message if isinstance(message, bytes) else None
        if body is not None:
            assert letter.value == body, f"{name}: the dead letter must hold the original bytes"
    # The 5 MB message was not parsed: its readable request id is not in the ledger.
    big = json.loads(next(m for n, m, _, _ in poison if n == "five_mb"))  # type: ignore[arg-type]
    assert await hostile.ledger_row(big["request_id"]) is None
    assert "stage.crashed" not in worker.log_path.read_text(errors="replace")
