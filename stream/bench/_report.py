"""The report: JSON for machines, a few lines for people."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

GIB = 1024**3


def write_json(report: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def summary(report: dict[str, Any]) -> str:
    stream, scans = report["stream"], report["scans"]
    ceiling = scans["ceiling"]
    lines = [
        f"machine: {report['machine']['cores']} cores, {report['machine']['processor']}, "
        f"load average at start {report['machine']['load_average_at_start']}, "
        f"at end {report['machine'].get('load_average_at_end')}",
        f"(a) text PDFs, distinct files:  {stream['cold']['per_second']:8.1f} events/s "
        f"({stream['cold']['results']}/{stream['cold']['events']} results){_cpu(stream['cold'])}",
        f"    text PDFs, repeated files:  {stream['warm']['per_second']:8.1f} events/s "
        f"({stream['warm']['results']}/{stream['warm']['events']} results){_cpu(stream['warm'])}",
        f"    plain aiokafka loop:        {stream['baseline_per_second']:8.1f} msgs/s  "
        f"ratio {stream['cold_ratio']:.2%} (distinct), {stream['warm_ratio']:.2%} (repeated)",
        f"(b) scans:                      {scans['per_minute']:8.1f} docs/min "
        f"({scans['results']}/{scans['events']} results){_cpu(scans, per_minute=True)}",
        f"    OCR ceiling:                {ceiling['documents_per_minute']:8.1f} docs/min "
        f"({ceiling['tesseract_seconds_per_page']:.3f} s/page x {ceiling['cores']} cores)  "
        f"ratio {scans['ratio']:.0%}; OCR's share of the CPU spent: {_share(scans)}",
    ]
    if photos := report.get("photos"):
        lines += [
            f"    photos:                     {photos['per_minute']:8.1f} docs/min "
            f"({photos['results']}/{photos['events']} results){_cpu(photos, per_minute=True)}",
            f"    their OCR ceiling:          {photos['ceiling']['documents_per_minute']:8.1f} "
            f"docs/min ({photos['ceiling']['tesseract_seconds_per_page']:.3f} s/page)  "
            f"ratio {photos['ratio']:.0%}; OCR's share of the CPU spent: {_share(photos)}",
        ]
    lines.append("(c) latency ms       p50      p95      p99")
    for workload, stages in report["latency_ms"].items():
        for stage, p in stages.items():
            lines.append(
                f"    {workload + ' ' + stage:<22} {p['p50']:8.0f} {p['p95']:8.0f} {p['p99']:8.0f}"
            )
    burst = report["burst"]
    lines += [
        f"(d) peak RSS, burst of {burst['events']}: {burst['peak_rss_bytes'] / GIB:.2f} GiB "
        f"(worker, pool included)",
        f"    idle worker: {_idle(report)}",
        f"(e) duplicates:                 {report['duplicates']['per_second']:8.1f} /s "
        f"({report['duplicates']['counted']}/{report['duplicates']['events']} counted; "
        f"the first after {report['duplicates'].get('first_counted_after_seconds', 0):.2f} s, "
        f"{report['duplicates'].get('per_second_from_send', 0):.1f} /s counting that)",
        "targets:",
    ]
    for name, check in report["verdict"].items():
        mark = "met" if check["met"] else "NOT met"
        line = f"    {name:<30} {check['value']!s:>12} vs {check['target']!s:<11} {mark}"
        if "if_alone" in check:
            alone = "met" if check["met_if_alone"] else "NOT met"
            line += f"  (if alone: {check['if_alone']}, {alone})"
        lines.append(line)
    return "\n".join(lines)


def _idle(report: dict[str, Any]) -> str:
    idle = report.get("worker_idle")
    if not idle:
        return "not watched"
    return f"{idle['share_of_a_core']:.1%} of a core over {idle['seconds']:.0f} s with no work"


def _cpu(phase: dict[str, Any], *, per_minute: bool = False) -> str:
    """The CPU cost per event and the rate it allows with the cores to itself."""
    bound = phase.get("cpu_bound_per_second")
    if not bound:
        return ""
    cost = phase["worker_cpu_ms_per_event"] + phase.get("servers_cpu_ms_per_event", 0.0)
    rate = f"{bound * 60:.1f}/min" if per_minute else f"{bound:.1f}/s"
    busy = phase.get("machine_busy_share")
    cores = "" if busy is None else f"; cores {busy:.0%} busy"
    pool = phase.get("pool_cpu_ms_per_event") or {}
    calls = ", ".join(f"{_POOL_CALLS.get(f, f)} {ms:.1f}" for f, ms in pool.items())
    split = f" (in the pool: {calls})" if calls else ""
    return f"; {cost:.1f} CPU ms each{split}, {rate} if alone{cores}"


_POOL_CALLS = {"read_document": "reading", "prepare_document": "reading", "evaluate": "rules"}


def _share(scans: dict[str, Any]) -> str:
    share = scans.get("cpu_ratio")
    return "n/a" if share is None else f"{share:.0%}"
