"""What every pool process loads once, before its first document."""

from __future__ import annotations


def init_pool_process() -> None:
    """Pool initializer: OCR engines (one OpenMP thread each) and the name dictionaries."""
    from processors.checks import warm_up
    from processors.reading import init_worker

    init_worker()
    warm_up()
