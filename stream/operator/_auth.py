"""``OPERATOR_TOKEN`` checks: a Bearer header for the API, a signed cookie for the console.

The cookie never holds the token: it holds an expiry and an HMAC of it keyed
by the token, so changing the token signs everyone out. Every comparison is
constant-time, and compares digests so the token's length does not leak.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable

from aiohttp import web
from pydantic import SecretStr

COOKIE = "idp_operator"


class TokenGuard:
    def __init__(
        self,
        token: SecretStr | None,
        *,
        session_s: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        secret = token.get_secret_value() if token is not None else ""
        self._key = secret.encode()
        self._digest = hashlib.sha256(self._key).digest()
        self._session_s = session_s
        self._clock = clock

    @property
    def required(self) -> bool:
        """An empty or unset ``OPERATOR_TOKEN`` leaves the port open (development)."""
        return bool(self._key)

    def matches(self, candidate: str) -> bool:
        if not self.required:
            return True
        given = hashlib.sha256(candidate.encode()).digest()
        return hmac.compare_digest(given, self._digest)

    def bearer_ok(self, request: web.Request) -> bool:
        if not self.required:
            return True
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        return scheme.lower() == "bearer" and self.matches(value.strip())

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
