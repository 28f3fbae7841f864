"""Benchmarks of the whole service on the real local stack (``idp bench``, ``make bench``).

    report = await run_bench(settings, BenchOptions(events=1000), Path(".idp/bench/run"))

(a) text-layer PDFs end to end beside a plain aiokafka consume→produce loop,
(b) scans beside the OCR ceiling, (c) per-stage latency from the ledger,
(d) peak RSS of the worker under a burst, (e) the cost of a repeated event.
Every figure comes from a real worker process in the same run.
"""

from ._documents import DocumentSet
from ._report import summary
from ._run import TARGETS, BenchOptions, run_bench
from ._sweep import plot, run_sweep

__all__ = ["TARGETS", "BenchOptions", "DocumentSet", "plot", "run_bench", "run_sweep", "summary"]
