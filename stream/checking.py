"""Checking: judge the read document against the request and decide."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

import structlog

from processors.checks.base import Applicant, CheckRequest, DocumentChecker
from processors.errors import ProcessingError
from schemas.stage import CheckTask

from . import results, tracing
from .attempts import Attempts
from .finisher import Finisher
from .lease import held
from .metrics import Metrics
from .retry import retry_transient

log = structlog.get_logger(__name__)


class CheckingStage:
    def __init__(
        self,
        *,
        checker: DocumentChecker,
        finisher: Finisher,
        attempts: Attempts,
        max_age_days: int,
        tries: int,
        lease_s: float = 120.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        metrics: Metrics | None = None,
    ) -> None:
        self._checker = checker
        self._finisher = finisher
        self._attempts = attempts
        self._max_age_days = max_age_days
        self._tries = tries
        self._lease_s = lease_s
        self._clock = clock
        self._metrics = metrics or Metrics()

    async def handle(self, task: CheckTask) -> None:
        """A task from the check topic: hold the lease it inherited while checking."""
        if task.lease is None:
            await self.check(task)
            return
        async with held(
            self._finisher.ledger, task.request_id, task.run_id, token=task.lease,
            lease_s=self._lease_s,
        ):  # fmt: skip
            await self.check(task)

    async def check(self, task: CheckTask) -> None:
        """Judge the document and decide; the caller holds the lease, if any."""
        event = task.event
        request = CheckRequest(
            applicant=Applicant(
                iin=event.iin,
                last_name=event.last_name,
                first_name=event.first_name,
                second_name=event.second_name,
            ),
            reason=event.reason,
            reference_time=task.reference_time,
            max_age_days=self._max_age_days,
        )
        timings = dict(task.timings_ms)
        started = time.perf_counter()
        try:
            report = await retry_transient(
                lambda: tracing.traced("checks", self._checker.check(request, task.document)),
                attempts=self._tries,
            )
        except ProcessingError as error:
            timings["checks"] = int((time.perf_counter() - started) * 1000)
            await self._attempts.failed(task, error, stage="checks", timings=timings)
            return
        timings["checks"] = int((time.perf_counter() - started) * 1000)
        self._metrics.stage_seconds("checks", time.perf_counter() - started)
        result = results.completed(
            task,
            errors=report.errors,
            facts=report.facts,
            timings_ms=timings,
            now=self._clock(),
            disagreements=report.disagreements,
        )
        await self._finisher.finish(result, owner=task.lease, callback_url=task.event.callback_url)
        log.info(
            "checking.done",
            request_id=task.request_id,
            verdict=result.verdict,
            unsure=sorted(report.unsure),
            disagreements=[d.field for d in report.disagreements],
        )
