"""Where the service writes: the PostgreSQL ledger, Kafka topics, the REST callback."""

from .callback import CallbackSender, idempotency_key, sign
from .errors import (
    CallbackFailed,
    MessageTooLarge,
    PublishFailed,
    SinkError,
    StoreRefused,
    StoreUnavailable,
)
from .kafka import KafkaProducer, MessageSink, RecordingSink, ensure_topics
from .ledger import (
    FINAL_STATUSES,
    OPEN_STATUSES,
    Admission,
    AdmissionKind,
    Arrival,
    Ledger,
    LedgerEntry,
    RawMessage,
    SourcePosition,
)
from .memory import MemoryLedger
from .postgres import PostgresLedger
from .publishers import DeadLetterPublisher, request_key

__all__ = [
    "FINAL_STATUSES",
    "OPEN_STATUSES",
    "Admission",
    "AdmissionKind",
    "Arrival",
    "CallbackFailed",
    "CallbackSender",
    "DeadLetterPublisher",
    "KafkaProducer",
    "Ledger",
    "LedgerEntry",
    "MemoryLedger",
    "MessageSink",
    "MessageTooLarge",
    "PostgresLedger",
    "PublishFailed",
    "RawMessage",
    "RecordingSink",
    "SinkError",
    "SourcePosition",
    "StoreRefused",
    "StoreUnavailable",
    "ensure_topics",
    "idempotency_key",
    "request_key",
    "sign",
]
