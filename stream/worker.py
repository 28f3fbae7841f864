"""The worker process: the Faust worker with the service's runtime around the app."""

from __future__ import annotations

from typing import Any

import faust

from .app import create_app
from .runtime import Runtime
from .settings import Settings


class PipelineWorker(faust.Worker):
    """Opens the runtime before the app's agents start and closes it after they stop."""

    def __init__(self, app: faust.App, runtime: Runtime, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.runtime = runtime

    async def on_start(self) -> None:
        await super().on_start()
        await self.runtime.start()

    async def on_shutdown(self) -> None:
        await self.runtime.close()
        await super().on_shutdown()


def run_worker(settings: Settings) -> None:
    """Run until SIGTERM or SIGINT; connections must already be resolved."""
    runtime = Runtime(settings)
    app = create_app(settings, runtime)
    worker = PipelineWorker(app, runtime, loglevel=settings.log_level, redirect_stdouts=False)
    worker.execute_from_commandline()
