"""``idp bench``: the benchmarks on the real local stack, a JSON report and a summary."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from stream.connections import with_local_stack
from stream.settings import Settings

from ._documents import DocumentSet
from ._environment import local_server_pids
from ._reading import KINDS, measure_reading, reading_summary
from ._report import summary, write_json
from ._run import BenchOptions, run_bench
from ._sweep import plot, run_sweep

DEFAULT_DIR = Path(".idp/bench")


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    bench = commands.add_parser(
        "bench", help="throughput, latency, memory and duplicate cost on the real local stack"
    )
    bench.add_argument(
        "action", nargs="?", choices=["run", "sweep", "plot", "reading"], default="run"
    )
    bench.add_argument("--out", type=Path, help="the JSON report (default .idp/bench/result.json)")
    bench.add_argument("--events", type=int, default=1000, help="text-PDF events per burst")
    bench.add_argument(
        "--cold-events", type=int, help="events of distinct files (default --events)"
    )
    bench.add_argument("--scans", type=int, default=24, help="scanned documents")
    bench.add_argument(
        "--photos", type=int, default=12, help="phone photos, beside the scans (0: none)"
    )
    bench.add_argument("--duplicates", type=int, help="repeated events (default: --events)")
    bench.add_argument("--baseline-messages", type=int, default=5000)
    bench.add_argument(
        "--idle-seconds", type=float, default=10.0, help="how long the worker is watched idle"
    )
    bench.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE",
        help="a worker setting for the run, e.g. --set READ_CONCURRENCY=8 (repeatable)",
    )  # fmt: skip
    bench.add_argument("--profile", type=Path, metavar="DIR", help="py-spy the worker into DIR")
    bench.add_argument("--concurrency", default="1,2,4,8,16", help="sweep: READ_CONCURRENCY values")
    bench.add_argument("--ocr-workers", default="1,2,3", help="sweep: OCR_WORKERS values")
    bench.add_argument("--png", type=Path, default=Path("docs/throughput.png"), help="sweep/plot")
    bench.add_argument("--keep-stack", action="store_true", help="leave the bench stack running")
    bench.add_argument("--passes", type=int, default=5, help="reading: timed reads a document")
    bench.add_argument(
        "--kinds", default="text,scan,photo", help="reading: which documents (text, scan, photo)"
    )
    bench.set_defaults(run=main)


def main(args: argparse.Namespace) -> int:
    settings = Settings()  # type: ignore[call-arg]
    if args.action == "plot":
        source = args.out or DEFAULT_DIR / "sweep.json"
        plot(json.loads(source.read_text()), args.png)
        print(f"plot written to {args.png}", file=sys.stderr)
        return 0
    if args.action == "reading":
        return _reading(settings, args)
    stack = None
    local = bool(settings.missing_connections)
    if local:
        from stream.localstack import LocalStack

        # A stack of its own: other workers and tests on the shared one would skew the figures.
        settings = settings.model_copy(update={"stack_dir": DEFAULT_DIR / "stack"})
        stack = LocalStack(settings.stack_dir, bucket=settings.s3_bucket)
        started = stack.endpoints() is None
        settings = with_local_stack(settings)
        if not started:
            stack = None  # someone's running stack: leave it as found
    pids = local_server_pids(settings.stack_dir) if local else []
    try:
        if args.action == "sweep":
            return _sweep(settings, args, pids)
        return _run(settings, args, pids)
    finally:
        if stack is not None and not args.keep_stack:
            stack.down()


def _progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _run(settings: Settings, args: argparse.Namespace, pids: list[int]) -> int:
    overrides = dict(item.split("=", 1) for item in args.set)
    options = BenchOptions(
        events=args.events,
        cold_events=args.cold_events,
        scans=args.scans,
        photos=args.photos,
        duplicates=args.duplicates,
        baseline_messages=args.baseline_messages,
        worker_env=overrides,
        profile_dir=args.profile,
        idle_s=args.idle_seconds,
    )
    report = asyncio.run(
        run_bench(settings, options, DEFAULT_DIR / "run", server_pids=pids, progress=_progress)
    )
    out = args.out or DEFAULT_DIR / "result.json"
    write_json(report, out)
    print(summary(report))
    print(f"report written to {out}", file=sys.stderr)
    return 0


def _reading(settings: Settings, args: argparse.Namespace) -> int:
    asked = {kind.strip() for kind in args.kinds.split(",") if kind.strip()}
    if unknown := asked - set(KINDS):
        print(f"unknown kinds: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    kinds = tuple(kind for kind in KINDS if kind in asked)
    report = measure_reading(
        DocumentSet.build(),
        passes=args.passes,
        max_pages=settings.max_pages,
        dpi=settings.ocr_dpi,
        kinds=kinds,
    )
    out = args.out or DEFAULT_DIR / "reading.json"
    write_json(report, out)
    print(reading_summary(report), flush=True)
    print(f"report written to {out}", file=sys.stderr)
    return 0


def _sweep(settings: Settings, args: argparse.Namespace, pids: list[int]) -> int:
    import os

    sweep = asyncio.run(
        run_sweep(
            settings,
            DEFAULT_DIR / "sweep",
            concurrency=[int(x) for x in args.concurrency.split(",")],
            ocr_workers=[int(x) for x in args.ocr_workers.split(",")],
            events=args.events,
            scans=args.scans,
            progress=_progress,
            server_pids=pids,
        )
    )
    sweep["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    out = args.out or DEFAULT_DIR / "sweep.json"
    write_json(sweep, out)
    plot(sweep, args.png)
    print(json.dumps(sweep, indent=2))
    print(f"sweep written to {out}, plot to {args.png}", file=sys.stderr)
    return 0
