"""Which hosts a callback may go to (``CALLBACK_ALLOWED_HOSTS``).

An entry is ``host`` or ``host:port``, compared without case. An entry without
a port admits only the scheme's default port (443, or 80 for http), so
``bank.kz`` does not open ``bank.kz:8080``. A URL is allowed when it is
``https`` (``http`` too outside production), carries no user name or
password, and its host and port match an entry. Nothing here resolves names
or follows redirects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

_DEFAULT_PORTS = {"https": 443, "http": 80}


def _split(url: str) -> SplitResult:
    parts = urlsplit(url.strip())
    _ = parts.port  # raises ValueError on a port that is not a number
    return parts


def _entry(host: str, port: int | None) -> str:
    shown = f"[{host}]" if ":" in host else host  # an IPv6 address keeps its brackets
    return shown if port is None else f"{shown}:{port}"


def origin_entry(url: str) -> str:
    """The allowlist entry that admits ``url``: its host, with the port if one is given."""
    parts = _split(url)
    if not parts.hostname:
        raise ValueError("the URL has no host")
    return _entry(parts.hostname, parts.port)


def _normalise_entry(entry: str) -> str:
    text = entry.strip().lower()
    try:
        # Read as the network location of a URL: host, [IPv6], optional port.
        parts = urlsplit(f"//{text}")
        port = parts.port
    except ValueError:
        port, parts = None, None
    if (
        parts is None
        or not parts.hostname
        or any(c in text for c in "/@?#")
        or _entry(parts.hostname, port) != text
    ):
        raise ValueError(f"CALLBACK_ALLOWED_HOSTS takes host or host:port, not {entry!r}")
    return text


@dataclass(frozen=True, slots=True)
class CallbackAllowlist:
    """The hosts callbacks may reach; ``https_only`` in production."""

    entries: frozenset[str]
    https_only: bool = True

    @classmethod
    def parse(cls, entries: Iterable[str], *, https_only: bool) -> CallbackAllowlist:
        """Raises ``ValueError`` on an entry that is not ``host`` or ``host:port``."""
        return cls(frozenset(_normalise_entry(e) for e in entries), https_only)

    def refusal(self, url: str) -> str | None:
        """Why ``url`` may not be called, or None when it may. The reason names
        the host at most: a URL's path and query may carry tokens."""
        try:
            parts = _split(url)
        except ValueError:
            return "not a URL"
        schemes = ("https",) if self.https_only else ("https", "http")
        if parts.scheme.lower() not in schemes:
            return f"scheme must be {' or '.join(schemes)}"
        if not parts.hostname:
            return "no host"
        if parts.username is not None or parts.password is not None:
            return "credentials in the URL"
        default = _DEFAULT_PORTS[parts.scheme.lower()]
        port = parts.port if parts.port is not None else default
        host = parts.hostname.lower()
        if _entry(host, port) in self.entries or (
            port == default and _entry(host, None) in self.entries
        ):
            return None
        return f"host {_entry(host, port)} is not on CALLBACK_ALLOWED_HOSTS"

    def allows(self, url: str) -> bool:
        return self.refusal(url) is None


@dataclass(frozen=True, slots=True)
class CallbackTarget:
    """Where one result's callback goes: ``url`` None means ``CALLBACK_URL``;
    ``refused`` says why the event's own ``callback_url`` was not used."""

    url: str | None = None
    refused: str | None = None


def choose_target(requested: str | None, allowlist: CallbackAllowlist) -> CallbackTarget:
    """The event's ``callback_url`` when the allowlist admits it, else ``CALLBACK_URL``."""
    if requested is None:
        return CallbackTarget()
    reason = allowlist.refusal(requested)
    if reason is not None:
        return CallbackTarget(refused=f"callback_url refused: {reason}")
    return CallbackTarget(url=requested.strip())
