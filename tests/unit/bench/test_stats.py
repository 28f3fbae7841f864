"""The benchmark's percentiles and its documents."""

from __future__ import annotations

from stream.bench._stats import percentile, percentiles


def test_percentiles_interpolate_between_ranks() -> None:
    values = list(range(1, 101))
    assert percentile(values, 50) == 50.5
    assert percentile(values, 99) == 99.01
    assert percentile([], 50) == 0.0
    summary = percentiles([5.0, 1.0, 3.0])
    assert summary == {"count": 3, "p50": 3.0, "p95": 4.8, "p99": 5.0, "max": 5.0}
