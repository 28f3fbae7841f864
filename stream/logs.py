"""Logging: JSON lines through structlog, the standard library's records included.

The service's own lines go from structlog straight to the stream; the
libraries' records (Faust, aiokafka, warnings) through a standard-library
handler that runs the same processors. Going through the standard library
costs a line ~71 µs instead of ~30 (it makes each record, and the formatter
copies it), and a line below the level ~9 µs instead of ~0.3: the worker
writes four lines an event on its one event loop.

Every line carries what structlog's context holds (``request_id`` and
``run_id`` inside a unit of work) and the current span's ``trace_id`` and
``span_id``; personal data is masked last (``stream.masking``), after
exception text is formatted.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from functools import partial
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


class _NamedWriter(structlog.WriteLogger):
    """structlog's writer, with the name ``structlog.get_logger(name)`` gave it
    (for ``add_logger_name``, as a standard-library logger has one)."""

    def __init__(self, file: TextIO | None = None, name: str | None = None) -> None:
        super().__init__(file)
        self.name = name


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
    out = stream or sys.stderr
    last: list[Processor] = [structlog.processors.format_exc_info, mask_personal_data, renderer]
    structlog.configure(
        processors=[*shared, *last],
        logger_factory=partial(_NamedWriter, out),
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping()[level.upper()]
        ),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(out)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *last],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Warnings become records too, rather than bare text on stderr.
    logging.captureWarnings(True)
    # The Kafka client is chatty at INFO about every group rebalance step.
    logging.getLogger("aiokafka").setLevel(max(logging.WARNING, root.level))
