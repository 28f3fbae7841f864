"""The operator console: recent requests, search by request id, one request's detail.

With ``OPERATOR_TOKEN`` set every page asks for it once (a sign-in form) and
keeps a signed, HttpOnly, SameSite=Strict cookie; a Bearer header works too.
"""

from __future__ import annotations

from typing import cast

import structlog
from aiohttp import web

from sinks import SinkError
from sinks.ledger import LedgerStatus

from . import _html
from ._api import parse_request_id
from ._auth import COOKIE, TokenGuard, TooManyFailures, client_of
from ._ports import OperatorConfig, ServicesSource
from ._throttle import retry_after

log = structlog.get_logger(__name__)

# Pages carry personal data, masked or not: never cached, framed or sniffed.
_HEADERS = {
    "Content-Security-Policy": _html.CSP,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


class Console:
    def __init__(
        self, config: OperatorConfig, *, services: ServicesSource, guard: TokenGuard
    ) -> None:
        self._config = config
        self._services = services
        self._guard = guard

    def _refusal(self, request: web.Request) -> web.Response | None:
        """None when the request is signed in (or carries the token); else the sign-in page."""
        try:
            return None if self._guard.console_ok(request) else self._sign_in(failed=False)
        except TooManyFailures as exc:
            return self._throttled(exc)

    async def index(self, request: web.Request) -> web.StreamResponse:
        if refused := self._refusal(request):
            return refused
        search = request.query.get("request_id", "").strip()
        notice = None
        if search:
            request_id = parse_request_id(search)
            if request_id is not None:
                raise web.HTTPSeeOther(f"/requests/{request_id}")
            notice = "A request id is a positive whole number."
        wanted = request.query.get("status")
        status = cast(LedgerStatus, wanted) if wanted in _html.STATUSES else None
        services = self._services()
        if services is None:
            return self._page("Starting", _html.message("Starting", "The worker is starting."), 503)
        try:
            entries = await services.requests.recent(limit=self._config.recent_limit, status=status)
        except SinkError as exc:
            log.warning("operator.ledger_unavailable", error=str(exc))
            return self._page(
                "Unavailable", _html.message("Unavailable", "The ledger cannot be read."), 503
            )
        body = _html.index(entries, status=status, notice=notice)
        return self._page("Recent requests", body, search=search, request=request)

    async def detail(self, request: web.Request) -> web.StreamResponse:
        if refused := self._refusal(request):
            return refused
        text = request.match_info["request_id"]
        request_id = parse_request_id(text)
        services = self._services()
        if services is None:
            return self._page("Starting", _html.message("Starting", "The worker is starting."), 503)
        try:
            entry = None if request_id is None else await services.requests.get(request_id)
        except SinkError as exc:
            log.warning("operator.ledger_unavailable", error=str(exc))
            return self._page(
                "Unavailable", _html.message("Unavailable", "The ledger cannot be read."), 503
            )
        if entry is None:
            body = _html.message("Not found", f"No request {text} in the ledger.")
            return self._page("Not found", body, 404, search=text, request=request)
        title = f"Request {entry.request_id}"
        return self._page(title, _html.detail(entry), search=text, request=request)

    async def login_form(self, request: web.Request) -> web.StreamResponse:
        if not self._guard.required or self._refusal(request) is None:
            raise web.HTTPSeeOther("/")
        return self._sign_in(failed=False, status=200)

    async def login(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        token = form.get("token")
        try:
            accepted = isinstance(token, str) and self._guard.matches(token, client_of(request))
        except TooManyFailures as exc:
            return self._throttled(exc)
        if not accepted:
            return self._sign_in(failed=True)
        response = web.HTTPSeeOther("/")
        response.set_cookie(
            COOKIE,
            self._guard.new_session(),
            max_age=int(self._config.session_s),
            httponly=True,
            samesite="Strict",
            secure=request.secure,
            path="/",
        )
        return response

    async def logout(self, request: web.Request) -> web.StreamResponse:
        response = web.HTTPSeeOther("/login" if self._guard.required else "/")
        response.del_cookie(COOKIE, path="/")
        return response

    def _sign_in(self, *, failed: bool, status: int = 401) -> web.Response:
        return self._page("Sign in", _html.login(failed=failed), status)

    def _throttled(self, exc: TooManyFailures) -> web.Response:
        wait = retry_after(exc.wait_s)
        text = f"Too many wrong tokens from this address. Try again in {wait} s."
        response = self._page("Sign in", _html.message("Sign in", text), 429)
        response.headers["Retry-After"] = wait
        return response

    def _page(
        self,
        title: str,
        body: str,
        status: int = 200,
        *,
        search: str = "",
        request: web.Request | None = None,
    ) -> web.Response:
        signed_in = (
            self._guard.required
            and request is not None
            and self._guard.session_ok(request.cookies.get(COOKIE, ""))
        )
        html = _html.page(title, body, signed_in=signed_in, search=search)
        return web.Response(
            text=html, status=status, content_type="text/html", charset="utf-8", headers=_HEADERS
        )
