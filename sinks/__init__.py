"""Where the service writes: the PostgreSQL ledger, Kafka topics, the REST callback."""

from .callback import CallbackSender, Delivery, sign
from .errors import CallbackFailed, PublishFailed, SinkError, StoreUnavailable
from .kafka import KafkaProducer, MessageSink, RecordingSink, ensure_topics
from .ledger import (
    FINAL_STATUSES,
    OPEN_STATUSES,
    Admission,
    AdmissionKind,
    Ledger,
    LedgerEntry,
    SourcePosition,
)
from .memory import MemoryLedger
from .postgres import PostgresLedger
from .publishers import CallbackDeadLetters, DeadLetterPublisher, ResultPublisher, request_key

__all__ = [
    "FINAL_STATUSES",
    "OPEN_STATUSES",
    "Admission",
    "AdmissionKind",
    "CallbackDeadLetters",
    "CallbackFailed",
    "CallbackSender",
    "DeadLetterPublisher",
    "Delivery",
    "KafkaProducer",
    "Ledger",
    "LedgerEntry",
    "MemoryLedger",
    "MessageSink",
    "PostgresLedger",
    "PublishFailed",
    "RecordingSink",
    "ResultPublisher",
    "SinkError",
    "SourcePosition",
    "StoreUnavailable",
    "ensure_topics",
    "request_key",
    "sign",
]
