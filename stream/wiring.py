"""The stages built from the settings: one place for the worker and ``idp eval``."""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass

from processors.checks import DocumentChecker
from processors.reading import OcrEngine, read_document
from processors.storage import DocumentStore
from sinks import DeadLetterPublisher, Ledger, MessageSink

from .attempts import AttemptPolicy, Attempts
from .checking import CheckingStage
from .finisher import Finisher
from .handover import CheckHandOver, CheckHere, PublishCheck
from .intake import IntakePolicy, IntakeStage
from .metrics import Metrics
from .reading import ReadingPolicy, ReadingStage
from .retrying import RetryStage
from .settings import Settings


@dataclass(slots=True)
class Stages:
    intake: IntakeStage
    reading: ReadingStage
    checking: CheckingStage
    retrying: RetryStage
    finisher: Finisher
    attempts: Attempts


def build_stages(
    s: Settings,
    *,
    ledger: Ledger,
    store: DocumentStore,
    executor: Executor,
    sink: MessageSink,
    checker: DocumentChecker,
    finisher: Finisher,
    max_attempts: int | None = None,
    ocr: OcrEngine | None = None,
    metrics: Metrics | None = None,
) -> Stages:
    """Every stage over these resources; ``max_attempts`` overrides the setting;
    ``ocr`` reads the documents (default: Tesseract in ``executor``); ``metrics``
    is what they report to (default: the finisher's)."""
    metrics = metrics or finisher.metrics
    attempts = Attempts(
        policy=AttemptPolicy(
            max_attempts=max_attempts or s.max_attempts,
            retry_topic=s.retry_topic,
            dlq_topic=s.dlq_topic,
            consumer_group=s.consumer_group,
            backoff_initial_s=s.retry_backoff_initial_s,
            backoff_max_s=s.retry_backoff_max_s,
        ),
        ledger=ledger,
        forward=sink,
        finisher=finisher,
        metrics=metrics,
    )
    checking = CheckingStage(
        checker=checker,
        finisher=finisher,
        attempts=attempts,
        max_age_days=s.doc_max_age_days,
        tries=s.stage_max_attempts,
        lease_s=s.lease_s,
        metrics=metrics,
    )
    checks: CheckHandOver = (
        CheckHere(checking)
        if s.checks_inline
        else PublishCheck(
            ledger=ledger,
            sink=sink,
            topic=s.check_topic,
            lease_s=s.lease_s,
            attempts=s.stage_max_attempts,
        )
    )
    return Stages(
        intake=IntakeStage(
            policy=IntakePolicy(
                read_topic=s.read_topic,
                consumer_group=s.consumer_group,
                default_bucket=s.s3_bucket,
                allowed_buckets=frozenset(s.s3_allowed_buckets),
                max_event_bytes=s.max_event_bytes,
            ),
            ledger=ledger,
            forward=sink,
            dead_letters=DeadLetterPublisher(sink, s.dlq_topic),
            finisher=finisher,
            metrics=metrics,
        ),
        reading=ReadingStage(
            policy=ReadingPolicy(
                default_bucket=s.s3_bucket,
                max_pages=s.max_pages,
                dpi=s.ocr_dpi,
                attempts=s.stage_max_attempts,
                lease_s=s.lease_s,
                temp_dir=s.temp_dir,
            ),
            ledger=ledger,
            store=store,
            executor=executor,
            read=read_document,
            checks=checks,
            finisher=finisher,
            attempts=attempts,
            engine=ocr,
            metrics=metrics,
        ),
        checking=checking,
        retrying=RetryStage(read_topic=s.read_topic, forward=sink),
        finisher=finisher,
        attempts=attempts,
    )
