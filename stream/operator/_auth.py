"""``OPERATOR_TOKEN`` checks: a Bearer header for the API, a signed cookie for the console.

The cookie never holds the token: it holds an expiry and an HMAC of it keyed
by the token, so changing the token signs everyone out. Every comparison is
constant-time, and compares digests so the token's length does not leak. A
client that presents wrong tokens too often is refused for a while
(``FailureThrottle``) and every wrong token is logged with its client.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable

import structlog
from aiohttp import web
from pydantic import SecretStr

from ._throttle import FailureThrottle

COOKIE = "idp_operator"

log = structlog.get_logger(__name__)


class TooManyFailures(Exception):
    """The client presented wrong tokens too often; its next one is not even checked."""

    def __init__(self, wait_s: float) -> None:
        super().__init__(f"too many wrong tokens: wait {wait_s:.0f} s")
        self.wait_s = wait_s


class TokenGuard:
    def __init__(
        self,
        token: SecretStr | None,
        *,
        session_s: float,
        failures: FailureThrottle,
        on_refusal: Callable[[str], None] = lambda outcome: None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        secret = token.get_secret_value() if token is not None else ""
        self._key = secret.encode()
        self._digest = hashlib.sha256(self._key).digest()
        self._session_s = session_s
        self._failures = failures
        self._on_refusal = on_refusal
        """Told "wrong" or "throttled" for each refused token (the metrics)."""
        self._clock = clock

    @property
    def required(self) -> bool:
        """An empty or unset ``OPERATOR_TOKEN`` leaves the port open (development)."""
        return bool(self._key)

    def matches(self, candidate: str, client: str) -> bool:
        """Whether ``candidate`` is the token. Raises ``TooManyFailures`` when
        ``client`` has presented too many wrong ones lately."""
        if not self.required:
            return True
        wait_s = self._failures.wait_s(client)
        if wait_s > 0:
            log.warning("operator.token_throttled", client=client, wait_s=round(wait_s))
            self._on_refusal("throttled")
            raise TooManyFailures(wait_s)
        given = hashlib.sha256(candidate.encode()).digest()
        if hmac.compare_digest(given, self._digest):
            self._failures.succeeded(client)
            return True
        self._failures.failed(client)
        log.warning("operator.token_refused", client=client)
        self._on_refusal("wrong")
        return False

    def bearer_ok(self, request: web.Request) -> bool:
        """A Bearer header with the token. Raises ``TooManyFailures`` (see ``matches``);
        a request without the header is refused without counting as a failure."""
        if not self.required:
            return True
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return False
        return self.matches(value.strip(), client_of(request))

    def console_ok(self, request: web.Request) -> bool:
        """A valid sign-in cookie, or a Bearer header (for scripts and probes)."""
        return self.bearer_ok(request) or self.session_ok(request.cookies.get(COOKIE, ""))

    def new_session(self) -> str:
        expires = str(int(self._clock() + self._session_s))
        return f"{expires}.{self._sign(expires)}"

    def session_ok(self, value: str) -> bool:
        if not self.required:
            return True
        expires, _, signature = value.partition(".")
        if not expires.isdigit() or not hmac.compare_digest(
            signature.encode(), self._sign(expires).encode()
        ):
            return False
        return int(expires) > self._clock()

    def _sign(self, expires: str) -> str:
        return hmac.new(self._key, b"idp-console:" + expires.encode(), hashlib.sha256).hexdigest()


def client_of(request: web.Request) -> str:
    """The peer address the throttle counts a request against."""
    return request.remote or "unknown"
