"""Checking a read document against a request: the rules engine and its seam."""

from .base import Applicant, CheckReport, CheckRequest, DocumentChecker
from .rules import MIN_CYRILLIC_LETTERS, RulesChecker, evaluate, warm_up
from .stamp import SEAL_THRESHOLD

__all__ = [
    "MIN_CYRILLIC_LETTERS",
    "SEAL_THRESHOLD",
    "Applicant",
    "CheckReport",
    "CheckRequest",
    "DocumentChecker",
    "RulesChecker",
    "evaluate",
    "warm_up",
]
