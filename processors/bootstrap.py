"""What every pool process loads once, before its first document."""

from __future__ import annotations

import os
import threading
import time

PARENT_CHECK_S = 1.0


def exit_with_parent(interval_s: float = PARENT_CHECK_S) -> None:
    """End this pool process soon after the process that started it is gone.

    A worker killed with SIGKILL (the OOM killer, ``kill -9``) cannot shut its
    pool down, and the pool's processes would otherwise wait for work forever,
    each holding its engines' memory. A sleeping thread costs nothing; the
    parent's death signal (``PR_SET_PDEATHSIG``) would follow the thread that
    happened to start the process, not the worker.
    """
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(interval_s)
            if os.getppid() != parent:  # adopted: the worker is gone
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def init_pool_process() -> None:
    """Pool initializer for a pool that both reads and checks: OCR engines (one
    OpenMP thread each) and the name dictionaries; the process ends with its worker."""
    init_ocr_process()
    _load_checks()


def init_ocr_process() -> None:
    """Pool initializer for reading only: OCR engines, one OpenMP thread each; the
    process ends with its worker."""
    from processors.reading import init_worker

    exit_with_parent()
    init_worker()


def init_check_process() -> None:
    """Pool initializer for the checks only: the name dictionaries; the process ends
    with its worker."""
    exit_with_parent()
    _load_checks()


def _load_checks() -> None:
    from processors.checks import warm_up

    warm_up()
