"""What the stages, the relay and the lag reader report to ``Metrics``."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import NamedTuple
from uuid import uuid4

import httpx
import pytest

from processors.errors import StorageUnavailable
from processors.storage import MemoryDocumentStore
from schemas import LoanDelayEvent, PageReading, ReadDocument, Status, VerificationResult
from schemas.stage import StageTask
from sinks import Arrival, CallbackSender, MemoryLedger, RawMessage, RecordingSink
from sinks.outbox import OutboxMessage
from sinks.relay import OutboxRelay, RelayPolicy
from stream.handover import PublishCheck
from stream.lag import consumer_lag
from stream.metrics import Metrics, PartitionLag
from stream.reading import ReadingPolicy, ReadingStage

from .conftest import EVENT, NOW, Wiring

LISTED = (
    "idp_events_consumed_total",
    "idp_results_total",
    "idp_stage_seconds",
    "idp_inflight",
    "idp_dlq_total",
    "idp_callbacks_total",
    "idp_duplicates_total",
    "idp_consumer_lag",
)


def test_every_metric_of_the_issue_is_exposed() -> None:
    body, content_type = Metrics().exposition()
    text = body.decode()
    assert content_type.startswith("text/plain")
    for name in LISTED:
        assert f"# TYPE {name} " in text, name
    assert "# TYPE idp_stage_seconds histogram" in text
    # Known label values are there at zero before anything happens.
    assert 'idp_results_total{status="completed",verdict="true"} 0.0' in text
    assert 'idp_dlq_total{reason="MAX_ATTEMPTS"} 0.0' in text


def test_two_instances_do_not_share_values() -> None:
    first, second = Metrics(), Metrics()
    first.event_consumed()
    assert first.value("idp_events_consumed_total") == 1
    assert second.value("idp_events_consumed_total") == 0


async def test_intake_counts_events_duplicates_and_results(wiring: Wiring, record) -> None:
    m = wiring.metrics
    await wiring.intake.handle(record())
    await wiring.intake.handle(record())  # in flight: a repeat
    assert m.value("idp_events_consumed_total") == 2
    assert m.value("idp_duplicates_total") == 1
    assert m.value("idp_stage_seconds_count", stage="intake") == 2
    assert m.value("idp_results_total", status="completed", verdict="true") == 0


async def test_invalid_event_counts_a_dead_letter_and_a_rejected_result(
    wiring: Wiring, record
) -> None:
    m = wiring.metrics
    await wiring.intake.handle(record(iin="960125445006"))
    assert m.value("idp_dlq_total", reason="INVALID_EVENT") == 1
    assert m.value("idp_results_total", status="rejected", verdict="none") == 1
    # The same invalid event again: dead-lettered again, but no second result.
    await wiring.intake.handle(record(iin="960125445006"))
    assert m.value("idp_dlq_total", reason="INVALID_EVENT") == 2
    assert m.value("idp_results_total", status="rejected", verdict="none") == 1


class FailingStore(MemoryDocumentStore):
    async def fetch(self, location):  # type: ignore[no-untyped-def]
        raise StorageUnavailable("S3 answered 503", stage="download")


async def test_reading_times_its_steps_and_max_attempts_counts_a_dead_letter(
    wiring: Wiring,
) -> None:
    m = wiring.metrics
    event = LoanDelayEvent.model_validate(EVENT)
    run_id = uuid4()
    raw = RawMessage(key=b"1234567", value=b"{}", headers=(), timestamp_ms=1)
    await wiring.ledger.admit(
        [Arrival(event, run_id=run_id, reference_time=NOW, source=None, raw=raw)]
    )
    store = MemoryDocumentStore()
    store.objects[("loan-docs", "2026/11/Приказ - Жармағанбет.pdf")] = b"%PDF-1.7"

    def read(path: str, *, max_pages: int, dpi: int) -> ReadDocument:
        return ReadDocument(
            media_type="application/pdf", sha256="0" * 64, page_count=1,
            pages=[PageReading(number=1, text="x", source="text_layer")],
        )  # fmt: skip

    with ThreadPoolExecutor(max_workers=1) as pool:
        stage = ReadingStage(
            policy=ReadingPolicy(default_bucket="loan-docs", max_pages=5, dpi=300, attempts=1),
            ledger=wiring.ledger, store=store, executor=pool, read=read,
            checks=PublishCheck(
                ledger=wiring.ledger, sink=wiring.sink, topic="check", lease_s=120, attempts=1
            ),
            finisher=wiring.finisher, attempts=wiring.attempts, metrics=m,
        )  # fmt: skip
        task = StageTask(run_id=run_id, event=event, reference_time=NOW, received_at=NOW)
        await stage.handle(task)
    assert m.value("idp_stage_seconds_count", stage="download") == 1
    assert m.value("idp_stage_seconds_count", stage="ocr") == 1

    # A request that runs out of attempts ends failed, its input dead-lettered.
    retry = task.model_copy(update={"attempt": 2})
    assert await wiring.attempts.give_up(retry, stage="download", message="down", owner=None)
    assert m.value("idp_dlq_total", reason="MAX_ATTEMPTS") == 1
    assert m.value("idp_results_total", status="failed", verdict="none") == 1
    assert m.value("idp_stage_seconds_count", stage="persist") == 1


def test_in_flight_rises_and_falls() -> None:
    m = Metrics()
    with m.in_flight():
        with m.in_flight():
            assert m.value("idp_inflight") == 2
        assert m.value("idp_inflight") == 1
    with pytest.raises(RuntimeError), m.in_flight():
        raise RuntimeError("stage crashed")
    assert m.value("idp_inflight") == 0


async def test_relay_reports_callback_outcomes() -> None:
    script = [httpx.Response(503), httpx.Response(200), httpx.Response(410)]
    client = httpx.AsyncClient(transport=httpx.MockTransport(lambda request: script.pop(0)))
    callbacks = CallbackSender("https://bank.example/cb", b"secret", client=client)
    now = [datetime(2026, 11, 20, 5, 0, tzinfo=UTC)]
    ledger = MemoryLedger(clock=lambda: now[0])
    m = Metrics()
    relay = OutboxRelay(
        outbox=ledger.outbox, sink=RecordingSink(), callbacks=callbacks,
        policy=RelayPolicy(backoff_initial_s=0.001), jitter=lambda: 0.0, observer=m,
    )  # fmt: skip
    for request_id in (1, 2):
        result = VerificationResult(
            request_id=request_id, run_id=uuid4(), status=Status.REJECTED, verdict=None,
            processed_at=now[0],
        )  # fmt: skip
        await ledger.reject(result, source=None, outbox=[OutboxMessage("callback", b"{}")])
    await relay.relay_once()  # 503 for the first, 200 for the second
    now[0] += timedelta(seconds=1)
    await relay.relay_once()  # 410 for the first: refused for good
    assert m.value("idp_callbacks_total", outcome="retrying") == 1
    assert m.value("idp_callbacks_total", outcome="delivered") == 1
    assert m.value("idp_callbacks_total", outcome="dead_lettered") == 1
    assert m.value("idp_dlq_total", reason="CALLBACK_UNDELIVERED") == 1
    await client.aclose()


class TP(NamedTuple):
    topic: str
    partition: int


class FakeConsumer:
    """The parts of Faust's consumer the lag reader uses."""

    def __init__(self) -> None:
        self.highwaters: dict[TP, int | None] = {}
        self._committed_offset: dict[TP, int | None] = {}
        self._read_offset: dict[TP, int | None] = {}

    def assignment(self) -> set[TP]:
        return set(self.highwaters)

    def highwater(self, tp: TP) -> int | None:
        return self.highwaters[tp]


def test_lag_is_highwater_minus_committed_for_known_partitions() -> None:
    consumer = FakeConsumer()
    consumer.highwaters = {
        TP("dl-loan-delay", 0): 120,
        TP("dl-loan-delay", 1): 40,  # nothing committed; read up to offset 29
        TP("dl-loan-delay", 2): None,  # never fetched
        TP("dl-loan-delay", 3): 5,  # nothing committed, nothing read
    }
    consumer._committed_offset = {TP("dl-loan-delay", 0): 100}
    consumer._read_offset = {TP("dl-loan-delay", 1): 29}
    assert list(consumer_lag(consumer)) == [
        PartitionLag("dl-loan-delay", 0, 20),
        PartitionLag("dl-loan-delay", 1, 10),
    ]


def test_lag_is_exported_per_partition_at_scrape_time() -> None:
    consumer = FakeConsumer()
    consumer.highwaters = {TP("dl-loan-delay", 0): 10}
    consumer._committed_offset = {TP("dl-loan-delay", 0): 4}
    m = Metrics()
    m.watch_lag(lambda: list(consumer_lag(consumer)))
    assert m.value("idp_consumer_lag", topic="dl-loan-delay", partition="0") == 6
    consumer._committed_offset[TP("dl-loan-delay", 0)] = 10
    assert m.value("idp_consumer_lag", topic="dl-loan-delay", partition="0") == 0


def test_a_failing_lag_source_leaves_the_scrape_working() -> None:
    def broken() -> list[PartitionLag]:
        raise RuntimeError("consumer not started")

    m = Metrics()
    m.watch_lag(broken)
    assert b"# TYPE idp_consumer_lag gauge" in m.exposition()[0]
