"""Worker processes: half of a list of jobs in a forked child, and what happens when it cannot help.

Forking needs a process running one thread, which a test runner's worker need not be (earlier tests
leave threads behind), so the tests of the forked child run in a fresh interpreter of their own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aligner import workers

ROOT = Path(__file__).resolve().parent.parent


def isolated(code: str, timeout: float = 120) -> object:
    """The JSON a fresh interpreter prints after running ``code`` (with a second CPU granted)."""
    prelude = "import json, os\nfrom aligner import workers\nworkers.spare_cpu = lambda: True\n"
    out = subprocess.run([sys.executable, "-c", prelude + code], cwd=ROOT, check=True, capture_output=True,
                         text=True, timeout=timeout).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_the_later_half_runs_in_a_forked_child_and_results_keep_their_order():
    here, results = isolated(
        "out = workers.map_in_halves(lambda k: (k * k, os.getpid()), list(range(10)), [1] * 10, 5)\n"
        "print(json.dumps([os.getpid(), out]))")
    assert [value for value, _ in results] == [k * k for k in range(10)]
    pids = [pid for _, pid in results]
    assert pids[:5] == [here] * 5 and here not in pids[5:]


def test_the_split_follows_the_weights():
    here, pids = isolated("out = workers.map_in_halves(lambda k: os.getpid(), [0, 1, 2, 3], [6, 1, 1, 1], 5)"
                          "\n"
                          "print(json.dumps([os.getpid(), out]))")
    assert pids[0] == here and here not in pids[1:]


def test_a_child_that_dies_leaves_its_jobs_to_this_process():
    """The child is killed mid-way (as by the out-of-memory killer): this process does its share."""
    done = isolated("here = os.getpid()\n"
                    "def job(k):\n"
                    "    if os.getpid() != here:\n"
                    "        os._exit(3)\n"
                    "    return k + 1\n"
                    "print(json.dumps(workers.map_in_halves(job, list(range(6)), [1] * 6, 1)))")
    assert done == [1, 2, 3, 4, 5, 6]


def test_light_work_stays_in_this_process(monkeypatch):
    monkeypatch.setattr(workers, "spare_cpu", lambda: True)
    here = os.getpid()
    assert workers.map_in_halves(lambda job: os.getpid(), list(range(10)), [1] * 10,
                                 min_weight=100) == [here] * 10


def test_an_error_of_the_work_itself_is_raised_not_retried(monkeypatch):
    monkeypatch.setattr(workers, "spare_cpu", lambda: True)

    def job(k: int) -> int:
        raise ValueError(f"job {k}")

    with pytest.raises(ValueError, match="job 0"):
        workers.map_in_halves(job, list(range(4)), [1] * 4, min_weight=1)


def test_only_linux_forks(monkeypatch):
    """macOS's system libraries are not fork-safe (Python spawns there by default): spawn, or nothing."""
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)
    monkeypatch.setattr(workers.sys, "platform", "linux")
    assert workers.start_method() == "fork"
    monkeypatch.setattr(workers.sys, "platform", "darwin")
    assert workers.start_method() in ("spawn", None)


def test_a_stop_here_stops_the_child():
    """An error (or Ctrl-C) in this process's half ends the call at once, the child's long half with it."""
    took, error, alive = isolated(
        "import time, multiprocessing\n"
        "here = os.getpid()\n"
        "def job(k):\n"
        "    if os.getpid() != here:\n"
        "        time.sleep(60)\n"
        "    raise KeyboardInterrupt\n"
        "start = time.monotonic()\n"
        "try:\n"
        "    workers.map_in_halves(job, [0, 1], [1, 1], 1)\n"
        "except KeyboardInterrupt:\n"
        "    error = 'KeyboardInterrupt'\n"
        "print(json.dumps([time.monotonic() - start, error, len(multiprocessing.active_children())]))")
    assert error == "KeyboardInterrupt" and took < 10 and alive == 0
