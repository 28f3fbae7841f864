"""The machine endpoints: probes, metrics, a request's status, a document upload."""

from __future__ import annotations

import asyncio
import json
from functools import partial
from typing import Any

import structlog
from aiohttp import web
from pydantic import ValidationError

from processors.errors import ProcessingError
from sinks import SinkError
from sinks.ledger import LedgerEntry

from ..metrics import Metrics
from ._auth import TokenGuard, TooManyFailures
from ._ports import OperatorConfig, Probe, ServicesSource
from ._throttle import retry_after
from ._upload import UploadRejected, read_upload

log = structlog.get_logger(__name__)

_dumps = partial(json.dumps, ensure_ascii=False, default=str)


def json_response(body: Any, *, status: int = 200, **headers: str) -> web.Response:
    return web.json_response(body, status=status, dumps=_dumps, headers=headers or None)


def parse_request_id(text: str) -> int | None:
    if text.isascii() and text.isdigit() and 0 < int(text) < 2**63:
        return int(text)
    return None


def entry_json(entry: LedgerEntry) -> dict[str, Any]:
    """A ledger entry as the API shows it: the status, and the result once decided."""
    return {
        "request_id": entry.request_id,
        "run_id": str(entry.run_id),
        "status": entry.status,
        "verdict": entry.verdict,
        "error_codes": [str(e.get("code")) for e in entry.errors],
        "attempts": entry.attempts,
        "duplicates": entry.duplicates,
        "received_at": entry.received_at.isoformat(),
        "updated_at": entry.updated_at.isoformat(),
        "completed_at": entry.completed_at.isoformat() if entry.completed_at else None,
        "result": entry.result,
    }


class Api:
    def __init__(
        self,
        config: OperatorConfig,
        *,
        services: ServicesSource,
        metrics: Metrics,
        guard: TokenGuard,
    ) -> None:
        self._config = config
        self._services = services
        self._metrics = metrics
        self._guard = guard

    async def health(self, request: web.Request) -> web.Response:
        return json_response({"status": "ok"})

    async def ready(self, request: web.Request) -> web.Response:
        services = self._services()
        if services is None:
            return json_response({"status": "starting", "checks": {}}, status=503)
        outcomes = await asyncio.gather(*(self._probe(p) for p in services.probes))
        checks = dict(zip((p.name for p in services.probes), outcomes, strict=True))
        ready = all(outcome == "ok" for outcome in outcomes)
        body = {"status": "ready" if ready else "not_ready", "checks": checks}
        return json_response(body, status=200 if ready else 503)

    async def _probe(self, probe: Probe) -> str:
        timeout = self._config.probe_timeout_s
        try:
            await asyncio.wait_for(probe.check(), timeout)
        except TimeoutError:
            return f"no answer within {timeout:g} s"
        except Exception as exc:
            # A probe reports any failure as a reason; it must never fail the endpoint.
            return f"{type(exc).__name__}: {exc}"[:300]
        return "ok"

    async def metrics(self, request: web.Request) -> web.Response:
        body, content_type = self._metrics.exposition()
        return web.Response(body=body, headers={"Content-Type": content_type})

    def _refusal(self, request: web.Request) -> web.Response | None:
        """None when the request carries the token; else the response refusing it."""
        try:
            if self._guard.bearer_ok(request):
                return None
        except TooManyFailures as exc:
            body, wait = {"error": "TOO_MANY_FAILURES"}, retry_after(exc.wait_s)
            return json_response(body, status=429, **{"Retry-After": wait})
        return json_response(
            {"error": "UNAUTHORIZED"}, status=401, **{"WWW-Authenticate": 'Bearer realm="idp"'}
        )

    async def get_request(self, request: web.Request) -> web.Response:
        if refused := self._refusal(request):
            return refused
        request_id = parse_request_id(request.match_info["request_id"])
        if request_id is None:
            return json_response({"error": "NOT_FOUND"}, status=404)
        services = self._services()
        if services is None:
            return json_response({"error": "STARTING"}, status=503)
        try:
            entry = await services.requests.get(request_id)
        except SinkError as exc:
            log.warning("operator.ledger_unavailable", error=str(exc))
            return json_response({"error": "LEDGER_UNAVAILABLE"}, status=503)
        if entry is None:
            return json_response({"error": "NOT_FOUND"}, status=404)
        return json_response(entry_json(entry))

    async def post_document(self, request: web.Request) -> web.Response:
        if refused := self._refusal(request):
            return refused
        services = self._services()
        if services is None:
            return json_response({"error": "STARTING"}, status=503)
        try:
            upload = await read_upload(request, max_file_bytes=self._config.max_file_bytes)
        except UploadRejected as rejected:
            return json_response(rejected.body, status=rejected.status)
        try:
            event = await services.submit(upload)
        except ValidationError as exc:
            # Field names and rules only: the values are personal data.
            problems = [
                {"field": ".".join(str(p) for p in err["loc"]) or "$", "problem": err["msg"]}
                for err in exc.errors(include_url=False, include_input=False)
            ]
            return json_response({"error": "INVALID_FIELDS", "problems": problems}, status=422)
        except (SinkError, ProcessingError) as exc:
            log.warning("operator.submit_failed", error=str(exc))
            return json_response({"error": "UNAVAILABLE"}, status=503)
        log.info("operator.document_submitted", request_id=event.request_id)
        location = f"/v1/requests/{event.request_id}"
        return json_response(
            {"request_id": event.request_id, "s3_path": event.s3_path, "status_url": location},
            status=202,
            Location=location,
        )
