"""Logging: JSON lines through structlog, the standard library's records included.

Every line carries what structlog's context holds (``request_id`` and
``run_id`` inside a unit of work) and the current span's ``trace_id`` and
``span_id``; personal data is masked last (``stream.masking``), after
exception text is formatted.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TextIO

import structlog
from opentelemetry import trace
from structlog.typing import EventDict, Processor, WrappedLogger

from .masking import mask_personal_data


def add_trace_ids(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """``trace_id`` and ``span_id`` of the current span, as W3C writes them."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event_dict.setdefault("trace_id", format(context.trace_id, "032x"))
        event_dict.setdefault("span_id", format(context.span_id, "016x"))
    return event_dict


def logged_process(level: str, initializer: Callable[[], None]) -> None:
    """A pool process's initializer: the same JSON lines on its stderr, then ``initializer``."""
    configure_logging(level)
    initializer()


def configure_logging(
    level: str = "info", *, json: bool = True, stream: TextIO | None = None
) -> None:
    """Send every record, structlog's and the standard library's, to ``stream``
    (default stderr) as one JSON object a line."""
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        add_trace_ids,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if json
        else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                mask_personal_data,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Warnings become records too, rather than bare text on stderr.
    logging.captureWarnings(True)
    # The Kafka client is chatty at INFO about every group rebalance step.
    logging.getLogger("aiokafka").setLevel(max(logging.WARNING, root.level))
