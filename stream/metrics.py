"""The worker's Prometheus metrics, in a registry of their own.

One ``Metrics`` is built at the entry point and handed to the stages
(``build_stages``), the outbox relay and the operator port; nothing reports
to a global. Tests build their own and read values back with ``value``.

    idp_events_consumed_total            input events read by intake
    idp_duplicates_total                 events whose request was already known
    idp_results_total{status,verdict}    decisions, counted once per request
    idp_stage_seconds{stage}             intake, download, ocr, checks, persist
    idp_pool_cpu_seconds{function}       CPU of each pool call, in the pool process
    idp_inflight                         stage work under way in this process
    idp_dlq_total{reason}                dead letters, by dlq.reason
    idp_callbacks_total{outcome}         delivered, retrying, dead_lettered
    idp_intake_ledger_waits_total{cause} unreachable, failing: rounds the intake held back
    idp_consumer_lag{topic,partition}    highwater minus committed offset, at scrape time
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import NamedTuple

import structlog
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

log = structlog.get_logger(__name__)

# From a cache hit on a duplicate to a long scan OCR'd page by page.
STAGE_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300)
# From the rules on a text page (~2 ms) to a multi-page scan.
POOL_CPU_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


RESULT_LABELS = (
    ("completed", "true"),
    ("completed", "false"),
    ("failed", "none"),
    ("rejected", "none"),
)
DLQ_REASONS = (
    "INVALID_JSON",
    "INVALID_ENCODING",
    "INVALID_EVENT",
    "MAX_ATTEMPTS",
    "CALLBACK_UNDELIVERED",
)
CALLBACK_OUTCOMES = ("delivered", "retrying", "dead_lettered")
TOKEN_REFUSALS = ("wrong", "throttled")
LEDGER_WAITS = ("unreachable", "failing")
# What the pool runs: a whole read (with Tesseract, the OCR too), a read whose
# text an OCR service outside the pool finishes, the rules.
POOL_FUNCTIONS = ("read_document", "prepare_document", "evaluate")


class PartitionLag(NamedTuple):
    topic: str
    partition: int
    lag: int


LagSource = Callable[[], Iterable[PartitionLag]]


class _LagCollector:
    """``idp_consumer_lag``, read from the sources when Prometheus scrapes."""

    def __init__(self) -> None:
        self.sources: list[LagSource] = []

    def describe(self) -> list[Metric]:
        return [self._family()]

    def collect(self) -> Iterator[Metric]:
        family = self._family()
        for source in self.sources:
            try:
                rows = list(source())
            except Exception as exc:
                # A consumer between rebalances has no assignment to report.
                log.debug("metrics.lag_unavailable", error=repr(exc))
                continue
            for topic, partition, lag in rows:
                family.add_metric([topic, str(partition)], max(0, lag))
        yield family

    @staticmethod
    def _family() -> GaugeMetricFamily:
        return GaugeMetricFamily(
            "idp_consumer_lag",
            "Messages not yet committed by this worker, per assigned partition",
            labels=["topic", "partition"],
        )


class Metrics:
    """The metrics and the calls the stages make on them."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self._consumed = Counter(
            "idp_events_consumed", "Input events read by the intake stage", registry=r
        )
        self._duplicates = Counter(
            "idp_duplicates", "Input events whose request was already known", registry=r
        )
        self._results = Counter(
            "idp_results",
            "Decisions made, one per request",
            ["status", "verdict"],
            registry=r,
        )
        self._stage = Histogram(
            "idp_stage_seconds",
            "Time spent in each stage of a request",
            ["stage"],
            buckets=STAGE_BUCKETS,
            registry=r,
        )
        self._pool_cpu = Histogram(
            "idp_pool_cpu_seconds",
            "CPU time of each call the process pool returned, measured in the pool process",
            ["function"],
            buckets=POOL_CPU_BUCKETS,
            registry=r,
        )
        self._inflight = Gauge("idp_inflight", "Stage work under way in this process", registry=r)
        self._dlq = Counter(
            "idp_dlq", "Messages dead-lettered, by dlq.reason", ["reason"], registry=r
        )
        self._callbacks = Counter(
            "idp_callbacks", "Callback attempts, by outcome", ["outcome"], registry=r
        )
        self._token_refusals = Counter(
            "idp_operator_token_refusals",
            "Operator-port requests refused for their token: a wrong one, or a client"
            " refused for presenting too many",
            ["outcome"],
            registry=r,
        )
        self._ledger_waits = Counter(
            "idp_intake_ledger_waits",
            "Rounds of retries the intake waited out on the ledger, holding its batch"
            " back: unreachable (an outage) or failing (an error it cannot class as one)",
            ["cause"],
            registry=r,
        )
        self._lag = _LagCollector()
        r.register(self._lag)
        # Known label values start at zero, so a rate is 0 rather than absent.
        for status, verdict in RESULT_LABELS:
            self._results.labels(status=status, verdict=verdict)
        for reason in DLQ_REASONS:
            self._dlq.labels(reason=reason)
        for outcome in CALLBACK_OUTCOMES:
            self._callbacks.labels(outcome=outcome)
        for outcome in TOKEN_REFUSALS:
            self._token_refusals.labels(outcome=outcome)
        for cause in LEDGER_WAITS:
            self._ledger_waits.labels(cause=cause)
        for function in POOL_FUNCTIONS:
            self._pool_cpu.labels(function=function)

    def event_consumed(self, count: int = 1) -> None:
        self._consumed.inc(count)

    def duplicate(self, count: int = 1) -> None:
        self._duplicates.inc(count)

    def result(self, status: str, verdict: bool | None) -> None:
        label = "none" if verdict is None else str(verdict).lower()
        self._results.labels(status=status, verdict=label).inc()

    def ledger_wait(self, cause: str) -> None:
        self._ledger_waits.labels(cause=cause).inc()

    def stage_seconds(self, stage: str, seconds: float) -> None:
        self._stage.labels(stage=stage).observe(seconds)

    def pool_cpu(self, function: str, seconds: float) -> None:
        self._pool_cpu.labels(function=function).observe(seconds)

    def dead_lettered(self, reason: str) -> None:
        self._dlq.labels(reason=reason).inc()

    def callback(self, outcome: str) -> None:
        self._callbacks.labels(outcome=outcome).inc()

    def token_refused(self, outcome: str) -> None:
        """``outcome``: "wrong" (a wrong token) or "throttled" (not checked at all)."""
        self._token_refusals.labels(outcome=outcome).inc()

    @contextmanager
    def in_flight(self, count: int = 1) -> Iterator[None]:
        self._inflight.inc(count)
        try:
            yield
        finally:
            self._inflight.dec(count)

    def watch_lag(self, source: LagSource) -> None:
        """Report the partitions ``source`` returns as ``idp_consumer_lag``."""
        self._lag.sources.append(source)

    def exposition(self) -> tuple[bytes, str]:
        """The text format body and its content type."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST

    def value(self, name: str, **labels: str) -> float:
        """One sample's value (0 when absent); for tests and the console."""
        found = self.registry.get_sample_value(name, labels)
        return 0.0 if found is None else found
