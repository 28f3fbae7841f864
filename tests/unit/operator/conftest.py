"""The operator port over fakes: the in-memory ledger, S3 store and sink, real routes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr

from processors.storage import MemoryDocumentStore
from schemas import ErrorCode, ErrorItem, LoanDelayEvent, Status, VerificationResult
from sinks import Arrival, MemoryLedger, RecordingSink
from stream.metrics import Metrics
from stream.operator import Operator, OperatorConfig, Probe, Services, Upload
from stream.submit import submit_document

NOW = datetime(2026, 11, 20, 5, 0, tzinfo=UTC)
TOKEN = "s3cr3t-operator-token-0123456789"
INPUT_TOPIC = "dl-loan-delay"


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now

    def seconds(self) -> float:
        return self.now.timestamp()


@dataclass
class Fakes:
    clock: Clock = field(default_factory=Clock)
    store: MemoryDocumentStore = field(default_factory=MemoryDocumentStore)
    sink: RecordingSink = field(default_factory=RecordingSink)
    metrics: Metrics = field(default_factory=Metrics)
    probes: list[Probe] = field(default_factory=list)
    ready: bool = True

    def __post_init__(self) -> None:
        self.ledger = MemoryLedger(clock=self.clock)

    def services(self) -> Services | None:
        if not self.ready:
            return None
        return Services(requests=self.ledger, submit=self.submit, probes=self.probes)

    async def submit(self, upload: Upload) -> LoanDelayEvent:
        return await submit_document(
            upload, store=self.store, sink=self.sink, topic=INPUT_TOPIC, bucket="loan-docs"
        )

    async def decided(
        self,
        request_id: int,
        *,
        errors: list[ErrorItem] | None = None,
        **event: Any,
    ) -> None:
        """A request admitted and then decided, ``self.clock`` moved on a second."""
        fields = {
            "request_id": request_id,
            "s3_path": "s3://loan-docs/2026/11/Приказ.pdf",
            "iin": "960125445005",
            "first_name": "Айгерим",
            "last_name": "Жармаганбет",
            "second_name": "Сериккызы",
            "reason": "maternity_leave",
        } | event
        run_id = uuid4()
        await self.ledger.admit(
            [
                Arrival(
                    LoanDelayEvent.model_validate(fields),
                    run_id=run_id,
                    reference_time=self.clock(),
                    source=None,
                )
            ]
        )
        errors = errors or []
        result = VerificationResult(
            request_id=request_id,
            run_id=run_id,
            status=Status.COMPLETED,
            verdict=not errors,
            errors=errors,
            processed_at=self.clock(),
            timings_ms={"download": 12, "ocr": 950, "total": 1100},
        )
        assert await self.ledger.decide(result)
        self.clock.now += timedelta(seconds=1)


NAME_MISMATCH = ErrorItem(
    code=ErrorCode.NAME_MISMATCH,
    message="the applicant is not the person the document is about",
    details={"expected": "Жармаганбет Айгерим Сериккызы", "found": "Байжанова Жанар"},
)


@pytest.fixture
def fakes() -> Fakes:
    return Fakes()


ClientFactory = Callable[..., Awaitable[TestClient]]


@pytest.fixture
async def operator_client(fakes: Fakes) -> AsyncIterator[ClientFactory]:
    """``create(token=..., max_file_bytes=..., **OperatorConfig fields)``: a test client of
    the operator's routes."""
    clients: list[TestClient] = []

    async def create(
        *, token: str | None = None, max_file_bytes: int = 1024, **config: Any
    ) -> TestClient:
        operator = Operator(
            OperatorConfig(
                token=SecretStr(token) if token is not None else None,
                max_file_bytes=max_file_bytes,
                probe_timeout_s=0.2,
                **config,
            ),
            services=fakes.services,
            metrics=fakes.metrics,
            clock=fakes.clock.seconds,
        )
        client = TestClient(TestServer(operator.application()))
        await client.start_server()
        clients.append(client)
        return client

    yield create
    for client in clients:
        await client.close()
