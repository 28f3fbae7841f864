"""``idp demo``: the whole service on the embedded stack, with the bundled samples.

Starts the stack (unless servers are configured), runs a worker process,
submits every sample document plus a missing file and two poison messages,
prints the verdicts beside what was expected, and stops what it started.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from schemas import VerificationResult
from sinks import KafkaProducer, ensure_topics

from .connections import (
    connection_env,
    kafka_options,
    make_producer,
    open_document_store,
    watch_results,
    with_local_stack,
)
from .localstack import free_port
from .settings import Settings
from .submit import (
    ApplicantFields,
    ResultWatcher,
    Upload,
    new_request_id,
    produce_event,
    submit_document,
)


@dataclass(frozen=True, slots=True)
class DemoItem:
    request_id: int
    document: str
    expected: str


def run_demo(settings: Settings, *, timeout: float, keep_stack: bool = False) -> int:
    from .localstack import LocalStack

    stack = LocalStack(settings.stack_dir, services=settings.missing_connections or ["kafka"])
    started_stack = bool(settings.missing_connections) and stack.endpoints() is None
    settings = with_local_stack(settings)
    log_path = Path(settings.stack_dir) / "demo-worker.log"
    worker = _start_worker(settings, log_path)
    try:
        return asyncio.run(_run(settings, timeout=timeout, worker=worker, log_path=log_path))
    finally:
        _stop_worker(worker)
        if started_stack and not keep_stack:
            stack.down()


def _worker_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update(connection_env(settings))
    env.update(
        {
            # The local broker holds a group join for the whole rebalance timeout.
            "KAFKA_REBALANCE_TIMEOUT_S": env.get("KAFKA_REBALANCE_TIMEOUT_S", "3"),
            "HTTP_PORT": env.get("HTTP_PORT") or str(free_port()),
        }
    )
    return env


def _start_worker(settings: Settings, log_path: Path) -> subprocess.Popen[bytes]:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "stream.cli", "worker"],
            env=_worker_env(settings),
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def _stop_worker(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


async def _run(
    settings: Settings, *, timeout: float, worker: subprocess.Popen[bytes], log_path: Path
) -> int:
    from .samples import build_samples

    assert settings.kafka_bootstrap_servers
    cases = build_samples(datetime.now(UTC).date())
    items: list[DemoItem] = []
    async with AsyncExitStack() as stack:
        await ensure_topics(
            settings.kafka_bootstrap_servers,
            [settings.input_topic, settings.result_topic, settings.dlq_topic],
            partitions=settings.topic_partitions,
            replication_factor=settings.topic_replication_factor,
            **kafka_options(settings),
        )
        store = await stack.enter_async_context(open_document_store(settings))
        producer = make_producer(settings, client_id="idp-submit")
        await producer.start()
        stack.push_async_callback(producer.stop)
        watcher = await stack.enter_async_context(watch_results(settings))
        started = time.monotonic()
        for case in cases:
            upload = Upload(case.filename, case.content, case.media_type, ApplicantFields.of(case))
            event = await submit_document(
                upload,
                store=store,
                sink=producer,
                topic=settings.input_topic,
                bucket=settings.s3_bucket,
            )
            items.append(
                DemoItem(
                    event.request_id,
                    case.filename,
                    _expected(case.expected_verdict, case.expected_codes),
                )
            )
        items.extend(await _submit_edge_cases(settings, producer, cases[0]))

        print(f"submitted {len(items)} requests; waiting for verdicts (worker log: {log_path})")
        found = await _wait(watcher, [i.request_id for i in items], timeout=timeout, worker=worker)
        elapsed = time.monotonic() - started
    _print_table(items, found)
    missing = [i for i in items if i.request_id not in found]
    matched = sum(
        1 for i in items if i.request_id in found and _describe(found[i.request_id]) == i.expected
    )
    print(f"\n{len(found)}/{len(items)} results in {elapsed:.1f} s; {matched} as expected")
    if worker.poll() is not None:
        print(f"the worker exited with {worker.returncode}; see {log_path}")
        return 1
    return 1 if missing else 0


async def _wait(
    watcher: ResultWatcher, ids: list[int], *, timeout: float, worker: subprocess.Popen[bytes]
) -> dict[int, VerificationResult]:
    """Results as they come, until all are in, the time is up, or the worker died."""
    deadline = time.monotonic() + timeout
    found: dict[int, VerificationResult] = {}
    while len(found) < len(ids) and time.monotonic() < deadline and worker.poll() is None:
        found = await watcher.wait_for(ids, timeout=min(5.0, deadline - time.monotonic()))
    return found


async def _submit_edge_cases(
    settings: Settings, producer: KafkaProducer, sample: object
) -> list[DemoItem]:
    """A missing file, an invalid event with a readable id, and bytes that are not JSON."""
    base = {
        "iin": sample.iin,  # type: ignore[attr-defined]
        "last_name": sample.last_name,  # type: ignore[attr-defined]
        "first_name": sample.first_name,  # type: ignore[attr-defined]
    }
    missing_id, invalid_id = new_request_id(), new_request_id()
    await produce_event(
        producer,
        settings.input_topic,
        {
            "request_id": missing_id,
            "s3_path": f"s3://{settings.s3_bucket}/uploads/none/Справка.pdf",
            **base,
        },
        missing_id,
    )
    await produce_event(
        producer,
        settings.input_topic,
        {"request_id": invalid_id, "s3_path": "doc.pdf", **base, "iin": "960125445006"},
        invalid_id,
    )
    await producer.send(settings.input_topic, key=b"poison", value=b"\xff\xfe not json")
    return [
        DemoItem(missing_id, "(missing file)", "completed false FILE_NOT_FOUND"),
        DemoItem(invalid_id, "(event with a bad IIN)", "rejected INVALID_EVENT"),
    ]


def _expected(verdict: bool, codes: frozenset[str]) -> str:
    return f"completed {str(verdict).lower()} {','.join(sorted(codes))}".strip()


def _describe(result: VerificationResult) -> str:
    verdict = "" if result.verdict is None else str(result.verdict).lower() + " "
    return f"{result.status.value} {verdict}{','.join(sorted(result.error_codes))}".strip()


_ROW = "{:<17} {:<44} {:<10} {:<8} {:<30} {:>6}  {}"


def _print_table(items: list[DemoItem], found: dict[int, VerificationResult]) -> None:
    header = _ROW.format("request", "document", "status", "verdict", "errors", "ms", "ok")
    print(header)
    print("-" * len(header))
    for item in items:
        result = found.get(item.request_id)
        if result is None:
            print(_ROW.format(item.request_id, item.document[:44], "(none)", "", "", "", "no"))
            continue
        verdict = "-" if result.verdict is None else str(result.verdict).lower()
        ok = "yes" if _describe(result) == item.expected else f"no, expected {item.expected}"
        errors = ",".join(result.error_codes)[:30]
        total = result.timings_ms.get("total", 0)
        print(
            _ROW.format(
                item.request_id, item.document[:44], result.status.value, verdict, errors, total, ok
            )
        )
