"""What one request's trace holds: the unit tests see it over fakes, the
integration tests from a real worker."""

from __future__ import annotations

# A request read, checked and called back, whichever checker decides it; the
# checker's own span ("rules" or "llm") comes on top.
REQUEST_SPANS = frozenset(
    {
        "intake",
        "reading",
        "download",
        "ocr",
        "decode",
        "checking",
        "checks",
        "persist",
        "publish",
        "callback",
    }
)
