"""What a worker process of ours does first: follow its main process out."""

from __future__ import annotations

import os
import threading
from multiprocessing import parent_process
from multiprocessing.connection import wait


def exit_with_parent() -> None:
    """In a pool worker: exit as soon as the process that started it is gone. A pool's worker otherwise
    waits for work until its pool says stop, which a main process killed outright, ended by
    ``os._exit``, or exiting while the pool is still starting never does; the worker then lives on."""
    parent = parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="zhen-align-parent-watch", daemon=True).start()
