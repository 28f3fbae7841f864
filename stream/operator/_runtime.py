"""The operator port over the worker's runtime: its ledger, S3 store and producer."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from ..settings import Settings
from ..submit import submit_document
from ._ports import OperatorConfig, Probe, Services, ServicesSource

if TYPE_CHECKING:
    from ..runtime import Runtime


def operator_config(settings: Settings) -> OperatorConfig:
    return OperatorConfig(
        token=settings.operator_token,
        max_file_bytes=settings.max_file_bytes,
        token_failures=settings.operator_token_failures,
        token_window_s=settings.operator_token_window_s,
    )


def runtime_services(runtime: Runtime) -> ServicesSource:
    """The runtime's connections once it is ready; None before and after."""
    built: dict[str, Services] = {}

    def services() -> Services | None:
        if not runtime.ready:
            built.clear()  # a restarted runtime has new connections
            return None
        if "services" not in built:
            built["services"] = _services(runtime)
        return built["services"]

    return services


def _services(runtime: Runtime) -> Services:
    s = runtime.settings
    ledger, store, producer = runtime.ledger, runtime.store, runtime.producer
    assert ledger is not None and store is not None and producer is not None, "runtime is ready"

    return Services(
        requests=ledger,
        # The one entry point shared with `idp submit`.
        submit=partial(
            submit_document, store=store, sink=producer, topic=s.input_topic, bucket=s.s3_bucket
        ),
        probes=(
            Probe("kafka", producer.ping),
            Probe("postgres", ledger.ping),
            Probe("s3", partial(store.ping, s.s3_bucket)),
        ),
    )
