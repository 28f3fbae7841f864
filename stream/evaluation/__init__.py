"""Measuring the service: the labelled corpus through the worker's own stages, scored.

``idp eval`` is the entry point; ``evaluate`` runs a subset and returns every
case's outcome with the metrics; ``compute`` is the arithmetic alone.
"""

from .command import MIN_ACCURACY, EvalOptions, evaluate, run_eval
from .harness import EvalPipeline, open_pipeline
from .metrics import CodeScore, Metrics, Outcome, compute
from .runner import CaseResult

__all__ = [
    "MIN_ACCURACY",
    "CaseResult",
    "CodeScore",
    "EvalOptions",
    "EvalPipeline",
    "Metrics",
    "Outcome",
    "compute",
    "evaluate",
    "open_pipeline",
    "run_eval",
]
