"""The worker process: the Faust worker with the service's runtime around the app."""

from __future__ import annotations

from typing import Any

import faust

from .app import create_app
from .runtime import Runtime
from .settings import Settings
from .tracing import configure_tracing


class PipelineWorker(faust.Worker):
    """Opens the runtime before the app's agents start and closes it after they stop.

    Logging stays the service's own JSON lines (``stream.logs``, set up before
    the worker): left alone, mode's worker replaces the root handlers with its
    coloured text ones, and Faust writes its spinner and banners as plain text.
    """

    def __init__(self, app: faust.App, runtime: Runtime, **kwargs: Any) -> None:
        kwargs.setdefault("redirect_stdouts", False)
        super().__init__(app, override_logging=False, quiet=True, **kwargs)
        self.spinner = None  # without it, "Ready" is logged rather than drawn
        self.runtime = runtime

    async def on_start(self) -> None:
        await super().on_start()
        await self.runtime.start()

    async def on_shutdown(self) -> None:
        await self.runtime.close()
        await super().on_shutdown()


def run_worker(settings: Settings) -> None:
    """Run until SIGTERM or SIGINT; connections must already be resolved."""
    # The provider exports its last spans when the process exits.
    configure_tracing(settings)
    runtime = Runtime(settings)
    app = create_app(settings, runtime)
    worker = PipelineWorker(app, runtime, loglevel=settings.log_level)
    worker.execute_from_commandline()
