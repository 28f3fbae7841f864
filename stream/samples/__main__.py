"""``python -m stream.samples OUTDIR [--today YYYY-MM-DD]``: write the demo files."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from stream.samples.demo import build_samples
from stream.samples.export import write_samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m stream.samples", description="Write the synthetic sample documents."
    )
    parser.add_argument("outdir", type=Path)
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=date.today(),
        help="the date the samples are relative to (default: today)",
    )
    args = parser.parse_args(argv)
    cases = build_samples(args.today)
    manifest = write_samples(cases, args.outdir, today=args.today)
    for case in cases:
        verdict = "accept" if case.expected_verdict else ",".join(sorted(case.expected_codes))
        print(f"{case.filename:<52} {len(case.content):>9,} B  {verdict}")
    print(f"manifest: {manifest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
