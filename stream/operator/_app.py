"""The operator port's routes, on any aiohttp application (Faust's web server in the worker)."""

from __future__ import annotations

import time
from collections.abc import Callable

from aiohttp import web

from ..metrics import Metrics
from ._api import Api
from ._auth import TokenGuard
from ._console import Console
from ._ports import OperatorConfig, ServicesSource
from ._throttle import FailureThrottle


class Operator:
    """``/health``, ``/ready``, ``/metrics``, ``/v1/…`` and the console at ``/``."""

    def __init__(
        self,
        config: OperatorConfig,
        *,
        services: ServicesSource,
        metrics: Metrics,
        clock: Callable[[], float] = time.time,
    ) -> None:
        failures = FailureThrottle(
            limit=config.token_failures, window_s=config.token_window_s, clock=clock
        )
        guard = TokenGuard(
            config.token,
            session_s=config.session_s,
            failures=failures,
            on_refusal=metrics.token_refused,
            clock=clock,
        )
        self.api = Api(config, services=services, metrics=metrics, guard=guard)
        self.console = Console(config, services=services, guard=guard)

    def routes(self) -> list[web.RouteDef]:
        api, console = self.api, self.console
        return [
            web.get("/", console.index),
            web.get("/requests/{request_id}", console.detail),
            web.get("/login", console.login_form),
            web.post("/login", console.login),
            web.post("/logout", console.logout),
            web.get("/health", api.health),
            web.get("/ready", api.ready),
            web.get("/metrics", api.metrics),
            web.get("/v1/requests/{request_id}", api.get_request),
            web.post("/v1/documents", api.post_document),
        ]

    def mount(self, app: web.Application) -> None:
        app.router.add_routes(self.routes())

    def application(self) -> web.Application:
        """A stand-alone application with these routes (tests, tools)."""
        app = web.Application()
        self.mount(app)
        return app
