"""The one error of the local stack.

LocalStackError    a server did not start, answer or stop; the message carries its log tail
"""

from __future__ import annotations


class LocalStackError(RuntimeError):
    """A local server could not be started, reached or stopped."""

    retriable = False
