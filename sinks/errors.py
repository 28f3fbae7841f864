"""Errors of the sinks; third-party exceptions are translated into these.

SinkError                 (retriable: class attribute)
├── StoreUnavailable      retriable: PostgreSQL unreachable or failing
├── StoreRefused          not retriable: PostgreSQL cannot hold a value written
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


class StoreRefused(SinkError):
    """PostgreSQL refused a value it cannot hold (SQLSTATE class 22, a data
    exception): the same write fails however often it is tried. The message
    names the SQLSTATE only; the driver's own, which may quote the value, is the
    ``__cause__``."""

    retriable = False

    def __init__(self, message: str, *, sqlstate: str) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


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
