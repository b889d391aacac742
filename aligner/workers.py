"""Our worker processes: whether this process may start one and how, how a worker follows its main
process out, and running part of a list of independent jobs in a forked child that inherits everything
this process holds (models, a document's scorers and kept token sums), so that only the jobs' results
cross between the processes."""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
import threading
from collections.abc import Callable, Sequence
from itertools import accumulate
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

_MAIN_GUARD = re.compile(r"""^if\s+__name__\s*==\s*['"]__main__['"]\s*:""", re.MULTILINE)


def spare_cpu() -> bool:
    """Whether this process may use a second CPU and is not itself a pool's worker."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    return cpus > 1 and multiprocessing.parent_process() is None


def can_fork() -> bool:
    """Whether this process may fork: on Linux, while it runs a single thread (forking a threaded process
    is unsafe, and on macOS the system libraries numpy may use are not fork-safe, which is why Python
    spawns there by default)."""
    return threading.active_count() == 1 and sys.platform.startswith("linux")


def start_method() -> str | None:
    """How to start a second process: ``fork`` when :func:`can_fork` (the child shares what is loaded),
    else ``spawn``. A spawned child imports the program's main script again, which runs the whole script
    a second time unless its work sits under ``if __name__ == "__main__":``; so a threaded process whose
    main script has no such guard starts no second process (None)."""
    if can_fork():
        return "fork"
    main = sys.modules.get("__main__")
    path = getattr(getattr(main, "__spec__", None), "origin", None) or getattr(main, "__file__", None)
    if path is None:  # an interactive session: nothing to import again
        return "spawn"
    try:
        source = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return "spawn" if _MAIN_GUARD.search(source) else None


def exit_with_parent() -> None:
    """In a pool worker: exit as soon as the process that started it is gone. A pool's worker otherwise
    waits for work until its pool says stop, which a main process killed outright, ended by
    ``os._exit``, or exiting while the pool is still starting never does; the worker then lives on."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="zhen-align-parent-watch", daemon=True).start()


class Aside:
    """One function call run in a second process meanwhile, its value sent back through a pipe.
    ``method`` is ``fork`` or ``spawn`` (:func:`start_method`). A forked process is handed ``func`` and
    ``args`` as they are, nothing pickled; a spawned one needs them picklable. Starting raises what the
    process start raises (no process, an unpicklable call)."""

    def __init__(self, method: str, func: Callable[..., Any], *args: Any) -> None:
        context = multiprocessing.get_context(method)
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_call_and_send, args=(send, func, *args),
                                        name="zhen-align-aside", daemon=True)
        try:
            self._process.start()
        except BaseException:
            self._receive.close()
            raise
        finally:
            send.close()

    def result(self) -> Any:
        """The call's value; None if it failed or its process died before sending it."""
        try:
            return self._receive.recv()
        except (EOFError, OSError):
            return None
        finally:
            self._receive.close()
            self._process.join()

    def stop(self) -> None:
        """End the process now: its value is not wanted (an error or Ctrl-C here)."""
        self._receive.close()
        self._process.terminate()
        self._process.join()


def _call_and_send(send, func: Callable[..., Any], *args: Any) -> None:
    """In the second process: follow the parent out, call, send the value (None if the call failed:
    the parent then does the work and meets the error itself)."""
    exit_with_parent()
    try:
        value = func(*args)
    except Exception:
        value = None
    send.send(value)
    send.close()


def forked(func: Callable[..., Any], *args: Any) -> Aside | None:
    """``func(*args)`` started in a forked second process when a spare CPU exists and this process may
    fork; None otherwise, or when no process could start (the caller then does the work itself)."""
    if not (spare_cpu() and can_fork()):
        return None
    try:
        return Aside("fork", func, *args)
    except OSError:
        return None


def meanwhile(aside: Aside | None, own: Callable[[], Any]) -> tuple[Any, Any]:
    """``own()`` here while ``aside`` runs (if any): ``(own's value, aside's value)``, the latter None
    when there is no second process or it failed. An error or Ctrl-C in ``own`` stops ``aside``."""
    try:
        mine = own()
    except BaseException:
        if aside is not None:
            aside.stop()
        raise
    return mine, (aside.result() if aside is not None else None)


def _run(func: Callable[[Any], Any], jobs: Sequence[Any]) -> list[Any]:
    return [func(job) for job in jobs]


def map_in_halves(func: Callable[[Any], Any], jobs: Sequence[Any], weights: Sequence[float],
                  min_weight: float) -> list[Any]:
    """``[func(job) for job in jobs]``; when the jobs weigh ``min_weight`` or more, a spare CPU exists
    and this process may fork, the later jobs holding about half the weight run in a forked child
    meanwhile. ``func`` must depend on nothing but its job and what the process holds, so the results
    are the same either way; if the child cannot start or dies, this process runs its jobs too, and
    if this process's own work stops (an error, Ctrl-C) the child is stopped with it."""
    total = sum(weights)
    if total < min_weight or len(jobs) < 2:
        return _run(func, jobs)
    mine = next(k for k, w in enumerate(accumulate(weights), start=1) if 2 * w >= total)
    mine = min(mine, len(jobs) - 1)
    aside = forked(_run, func, jobs[mine:])
    if aside is None:
        return _run(func, jobs)
    done, rest = meanwhile(aside, lambda: _run(func, jobs[:mine]))
    return done + (rest if rest is not None else _run(func, jobs[mine:]))
