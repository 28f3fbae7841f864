"""Errors of the sinks; third-party exceptions are translated into these.

SinkError                 (retriable: class attribute)
├── StoreUnavailable      retriable: PostgreSQL unreachable or failing
├── PublishFailed         retriable: the broker did not acknowledge
│   └── MessageTooLarge   not retriable: above the producer's or the topic's size limit
└── CallbackFailed        retriable unless the target refused for good
"""

from __future__ import annotations

from typing import ClassVar


class SinkError(Exception):
    """Base of the sinks' errors."""

    retriable: ClassVar[bool] = True


class StoreUnavailable(SinkError):
    """The ledger could not be read or written."""


class PublishFailed(SinkError):
    """A message was not acknowledged by the broker."""


class MessageTooLarge(PublishFailed):
    """The message is above what the producer or the topic accepts; sending it
    again cannot help."""

    retriable = False


class CallbackFailed(SinkError):
    """A callback was not delivered; ``permanent`` when retrying cannot help."""

    def __init__(
        self,
        message: str,
        *,
        permanent: bool = False,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.status = status
        self.retry_after = retry_after
