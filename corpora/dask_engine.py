"""The ``dask`` engine of ``zhen-align batch``: the per-document work of the process pool
(:func:`corpora.batch.align_one`), run as the tasks of a Dask distributed cluster.

- Without a scheduler address, a ``LocalCluster`` on this machine: ``jobs`` worker processes of one
  thread each, bound to 127.0.0.1, no dashboard. With one (``tcp://host:8786``), any running cluster;
  its workers must have the same zhen-align installed (checked when the client connects).
- Each task carries a chunk of pairs (their paths or URLs only: workers read the files themselves) and
  returns the chunk's outcomes; models are loaded once per worker process (:func:`corpora.batch.ready`).
- A few chunks per worker thread are in flight at a time, so neither the client nor the scheduler holds
  a task per document of a million-document corpus; outcomes are handed on in the order of the pairs,
  and the cluster runs at most :data:`ORDER_WINDOW_PER_THREAD` chunks per thread ahead of the first
  unfinished pair, so the outcomes waiting for a slow one stay few.
- A worker that dies takes its running task with it and Dask runs that task again elsewhere; each
  outcome reaches the client once. A chunk that killed workers ``distributed.scheduler.allowed-failures``
  times comes back as ``KilledWorker``: its pairs are tried again one per task, so a document that kills
  its worker costs only itself.
"""

from __future__ import annotations

import contextlib
import logging
import math
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata

import dask
from distributed import Client, KilledWorker, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin

from aligner.errors import UserError
from corpora.batch import AlignFn, InOrder, Outcome, align_one, one_line, ready
from corpora.readers.pairs import PairPaths
from corpora.writers.common import TOOL, tool_version

#: Documents per task (bench/batch.md: per-task overhead against chunk size), lowered for small runs so
#: every worker gets work.
CHUNK_SIZE = 32
#: Chunks in flight per worker thread: enough to keep every worker busy between two round trips.
IN_FLIGHT_PER_THREAD = 3
#: Chunks per worker thread the cluster may run ahead of the first unfinished pair: the outcomes finished
#: early wait for it (:class:`corpora.batch.InOrder`), at most this many chunks per thread of them.
ORDER_WINDOW_PER_THREAD = 2 * IN_FLIGHT_PER_THREAD
#: A LocalCluster reachable from this machine only: scheduler and workers on 127.0.0.1, no dashboard (the
#: scheduler's small HTTP server for health checks on a free loopback port, not on 8787).
LOOPBACK_ONLY = {"host": "127.0.0.1", "protocol": "tcp://", "dashboard_address": None,
                 "scheduler_kwargs": {"dashboard": False, "dashboard_address": "127.0.0.1:0"}}
#: Dask settings for a cluster this run starts (docs/scale.md gives them as a YAML file for a
#: real cluster): one BLAS thread per worker but glibc's own malloc trimming (Dask's MALLOC_TRIM_THRESHOLD_
#: turns off the adaptive mmap threshold, so every large numpy array is mapped and unmapped again); one
#: task at a time sent to each worker thread, so a worker that dies takes only the task it was running
#: (the others wait at the scheduler; Dask's default 1.1 sends a second one along); and fewer wake-ups of
#: the workers' helper threads (profiler every 10 ms, event-loop check every 20 ms, memory check every
#: 100 ms by default), which take the GIL from the aligning thread.
CLUSTER_SETTINGS = {
    "distributed.scheduler.worker-saturation": 1.0,
    "distributed.nanny.pre-spawn-environ": {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1,
                                            "OPENBLAS_NUM_THREADS": 1},
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
}
#: Seconds to wait for a scheduler given with --scheduler.
CONNECT_TIMEOUT = 10.0


@dataclass(frozen=True)
class Chunk:
    """A task's pairs, or their outcomes: one object, so that Dask pickles it whole instead of walking
    (and framing) every item of a list."""

    items: tuple


def align_chunk(chunk: Chunk, align: AlignFn) -> Chunk:
    """The task: load the models if this worker has not, then align each pair of the chunk."""
    ready(align)
    return Chunk(tuple(align_one(pair, align) for pair in chunk.items))


def chunk_size_for(pairs: int, threads: int, wanted: int | None = None) -> int:
    """``wanted`` documents per task, else :data:`CHUNK_SIZE`, but small enough that every worker
    thread gets about four tasks."""
    if wanted is not None:
        return max(1, wanted)
    return max(1, min(CHUNK_SIZE, math.ceil(pairs / (4 * max(1, threads)))))


def dask_outcomes(pairs: list[PairPaths], align: AlignFn, *, jobs: int, scheduler: str | None = None,
                  chunk_size: int | None = None) -> Iterator[Outcome]:
    """The outcomes of ``pairs`` in their order (see the module's docstring)."""
    with _client(scheduler, jobs) as client:
        threads, counted_at = _threads(client), time.monotonic()
        size = chunk_size_for(len(pairs), threads, chunk_size)
        order = InOrder(ORDER_WINDOW_PER_THREAD * max(1, threads) * size)
        starts = iter(range(0, len(pairs), size))
        start = next(starts, None)  # the first pair of the next chunk to submit
        chunk_of: dict[str, list[int]] = {}  # a running task's pairs, by index
        running = as_completed()  # results fetched here: a result lost with its worker is computed again

        def submit(indices: list[int]) -> None:
            future = client.submit(align_chunk, Chunk(tuple(pairs[i] for i in indices)), align, pure=False)
            chunk_of[future.key] = indices
            running.add(future)

        def top_up() -> None:
            nonlocal threads, counted_at, start
            if time.monotonic() - counted_at > 10:  # workers may have joined or left
                threads, counted_at = _threads(client), time.monotonic()
                order.window = ORDER_WINDOW_PER_THREAD * max(1, threads) * size
            while start is not None and running.count() < IN_FLIGHT_PER_THREAD * max(1, threads):
                end = min(start + size, len(pairs))
                if not order.allows(end - 1):
                    return
                submit(list(range(start, end)))
                start = next(starts, None)

        top_up()
        for future in running:
            indices = chunk_of.pop(future.key)
            try:
                outcomes = list(future.result().items)
            except KilledWorker:
                if len(indices) > 1:
                    for index in indices:
                        submit([index])
                    outcomes = []
                else:
                    outcomes = [Outcome(pairs[indices[0]].name, None, "its worker died on it every time it "
                                        "was tried (out of memory, or a crash in a library)")]
            except ImportError as exc:
                raise UserError(f"{scheduler or 'the local cluster'}: a worker cannot import zhen-align "
                                f"({one_line(exc)}); install the same version on every worker "
                                "(docs/scale.md)") from None
            except Exception as exc:
                outcomes = [Outcome(pairs[index].name, None, one_line(exc)) for index in indices]
            future.release()
            for index, outcome in zip(indices, outcomes, strict=False):
                yield from order.finish(index, outcome)
            top_up()


def _threads(client: Client) -> int:
    """Worker threads in the cluster now."""
    return sum(client.nthreads().values())


@contextlib.contextmanager
def _client(scheduler: str | None, jobs: int) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a new local cluster of ``jobs`` workers."""
    if scheduler is None:
        with dask.config.set(CLUSTER_SETTINGS):
            with _sigint_ignored():  # the workers start ignoring Ctrl-C, which is the client's to handle
                cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, **LOOPBACK_ONLY,
                                       silence_logs=logging.CRITICAL)  # failures: one line each, ours
            with cluster, Client(cluster) as client:
                client.register_plugin(IgnoreCtrlC(), name="zhen-align-ignore-ctrl-c")  # restarted ones too
                yield client
        return
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise UserError(f"{scheduler}: no Dask scheduler answers there ({one_line(exc)}); check the address "
                        "(tcp://HOST:8786), or leave out --scheduler to run on this machine") from None
    with client:
        _check_versions(client, scheduler)
        yield client


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored in this process for a while (child processes started meanwhile inherit that)."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class IgnoreCtrlC(WorkerPlugin):
    """On the workers of a cluster this run started: Ctrl-C in the terminal reaches every process of
    the group, and only the client should act on it (it stops the run and closes the cluster)."""

    def setup(self, worker) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_versions(client: Client, scheduler: str) -> None:
    """UserError when a worker of the cluster has another zhen-align (or none)."""
    mine = tool_version()
    found = client.run(metadata.version, TOOL, on_error="return")
    for worker, version in sorted(found.items()):
        if version != mine:
            has = f"zhen-align {version}" if isinstance(version, str) else "no zhen-align"
            raise UserError(f"{scheduler}: worker {worker} has {has}, this machine {mine}; install the same "
                            "version on every worker (docs/scale.md)")
