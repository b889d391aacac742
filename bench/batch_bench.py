"""Batch throughput and memory: wmt22-news (38 documents) repeated to thousands of documents.

Run: ``python -m bench.batch_bench [--docs 5000] [--jobs N] [--fast] [--format jsonl] [--workspace]
[--mt-files] [--engine local|dask] [--chunk-size N]``, or ``--overhead`` for the Dask engine's cost per
task (see :func:`task_overhead`).
The input folder holds symbolic links ``dNNNNN.zh.txt`` / ``dNNNNN.en.txt`` to
``../shared/eval/zhen/wmt22-news/{zh,en}/*.txt`` (one sentence per line, so ``--presegmented``), cycling
through the 38 documents. Each document is aligned as a distinct one (:class:`DistinctAligner`: the
worker forgets the sentence vectors it encoded before, as it would have none for a new article);
``--repeated`` keeps them, so that after the first 38 documents nothing is encoded. Prints documents
per second (overall, and after the workers' start-up) and the resident memory of the main process and
of its workers after 1k, 2k and 5k documents.
``--mt-files`` adds ``dNNNNN.mt.txt`` beside each pair (a CC-CEDICT gloss of each Chinese line, made
before the clock starts), to measure what file-based MT costs the batch.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from corpora.batch import Aligned, BatchSummary, PairAligner, run_batch
from corpora.document import Document, Row
from corpora.readers.pairs import PairPaths

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "zhen" / "wmt22-news"
PAGE = os.sysconf("SC_PAGE_SIZE")


def make_corpus(folder: Path, n: int, source: Path = SHARED) -> Path:
    """``n`` pairs of links to the set's documents, cycling through them."""
    docs = sorted(p.stem for p in (source / "zh").glob("*.txt"))
    if not docs:
        raise SystemExit(f"{source}: not found; the benchmark needs ../shared (the team's evaluation data)")
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        doc = docs[k % len(docs)]
        for side in ("zh", "en"):
            link = folder / f"d{k:05d}.{side}.txt"
            if not link.exists():
                link.symlink_to(source / side / f"{doc}.txt")
    return folder


def add_mt_files(folder: Path, source: Path = SHARED) -> None:
    """``dNNNNN.mt.txt`` links beside every pair, to one gloss file per source document."""
    from aligner.mt.gloss_engine import GlossTranslator

    glosses = folder / "mt"
    glosses.mkdir(exist_ok=True)
    gloss = GlossTranslator()
    for zh in sorted(folder.glob("d*.zh.txt")):
        target = glosses / zh.resolve().name
        if not target.exists():
            lines = [line for line in zh.read_text(encoding="utf-8").splitlines() if line.strip()]
            target.write_text("\n".join(gloss.translate(lines)) + "\n", encoding="utf-8")
        link = folder / zh.name.replace(".zh.txt", ".mt.txt")
        if not link.exists():
            link.symlink_to(target)


@dataclass(frozen=True)
class DistinctAligner(PairAligner):
    """:class:`PairAligner` that forgets this process's sentence vectors before each document, so a
    repeated document costs what a new one does (the text cache would otherwise encode nothing twice)."""

    def __call__(self, pair: PairPaths) -> Aligned:
        if not self.fast:
            from aligner.embedders import get_embedder

            get_embedder().forget()
        return super().__call__(pair)


def _rss(pid: int) -> int:
    """Resident bytes of one process (0 if it has gone)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) one process has used so far (0 if it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    """Every descendant of ``pid`` (Linux /proc)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def run(docs: int, jobs: int, fast: bool, fmt: str | None, workspace: bool, folder: Path,
        samples: tuple[int, ...] = (1000, 2000, 5000), mt_files: bool = False, engine: str = "local",
        chunk_size: int | None = None, repeated: bool = False) -> dict[str, object]:
    """Align the synthetic folder (every document as a distinct one unless ``repeated``); returns
    timings and memory samples."""
    corpus = make_corpus(folder / "in", docs)
    if mt_files:
        add_mt_files(corpus)
    marks: list[tuple[int, float, int, int]] = []  # (documents, seconds, main RSS, workers' RSS)
    worker_cpu: dict[int, float] = {}  # CPU seconds of each worker process, as last seen
    start, main_cpu = time.perf_counter(), time.process_time()
    first: list[float] = []
    wanted = {s for s in samples if s <= docs} | {docs}

    def sample(summary: BatchSummary) -> None:
        done = summary.documents + len(summary.failures)
        if not first:
            first.append(time.perf_counter())
        if done % 50 == 0 or done in wanted:
            worker_cpu.update({pid: _cpu(pid) for pid in _children(os.getpid())})
        if done in wanted:
            workers = [p for p in _children(os.getpid()) if _rss(p)]
            marks.append((done, time.perf_counter() - start, _rss(os.getpid()),
                          sum(_rss(p) for p in workers)))

    aligner = (PairAligner if repeated else DistinctAligner)(fast=fast, presegmented=True)
    summary = run_batch(corpus, folder / "out", fmt=fmt, workspace=folder / "ws.zhen" if workspace else None,
                        jobs=jobs, align=aligner, progress=False, on_document=sample, engine=engine,
                        chunk_size=chunk_size)
    total = time.perf_counter() - start
    steady = (summary.documents - 1) / (time.perf_counter() - first[0]) if first and summary.documents > 1 \
        else 0.0
    cpu = time.process_time() - main_cpu + sum(worker_cpu.values())
    return {"summary": summary, "seconds": total, "docs_per_s": summary.documents / total,
            "steady_docs_per_s": steady, "marks": marks, "docs_per_cpu_s": summary.documents / cpu}


@dataclass(frozen=True)
class NullAligner:
    """Reads nothing, aligns nothing: one fixed row per pair, so only the engine's own cost is left."""

    def __call__(self, pair: PairPaths) -> Document:
        return Document([Row(["一。"], ["One."], "auto", 0.9)], title=pair.name)


def task_overhead(jobs: int, pairs: int = 2000, sizes: tuple[int, ...] = (1, 4, 8, 32)) -> None:
    """The Dask engine on :class:`NullAligner`: the local cluster's start, then seconds per task and
    tasks/s from the first result to the last, for each chunk size, and the pickled size of one task's
    arguments (what the scheduler carries: paths, never text)."""
    import pickle

    from corpora.dask_engine import dask_outcomes

    fake = [PairPaths(f"d{k:07d}", Path(f"/corpus/zh/d{k:07d}.txt"), Path(f"/corpus/en/d{k:07d}.txt"))
            for k in range(pairs)]
    print(f"per-task overhead, {pairs} pairs, {jobs} workers, load {os.getloadavg()[0]:.1f}")
    print("| documents per task | tasks | cluster start s | tasks/s | ms per task | bytes per task |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        start = time.perf_counter()
        outcomes = dask_outcomes(fake, NullAligner(), jobs=jobs, chunk_size=size)
        next(outcomes)
        first = last = time.perf_counter()
        count = 1
        for _ in outcomes:  # the clock stops at the last result, before the cluster closes
            count, last = count + 1, time.perf_counter()
        seconds = last - first
        assert count == pairs
        tasks = -(-pairs // size) - 1
        payload = len(pickle.dumps((fake[:size], NullAligner())))
        print(f"| {size} | {tasks + 1} | {first - start:.1f} | {tasks / seconds:.0f} | "
              f"{1000 * seconds / tasks:.2f} | {payload} |")


def client_throughput(docs: int, folder: Path) -> None:
    """Documents/s the main process can write, whatever the engine: the 38 news documents aligned once
    (fast scorer), then stored ``docs`` times as the batch stores them, per output format."""
    from corpora.batch import Outcome, _Output, align_one
    from corpora.workspace import Workspace
    from corpora.writers.common import DEFAULT_OPTIONS

    sources = sorted(p.stem for p in (SHARED / "zh").glob("*.txt"))
    align = PairAligner(fast=True, presegmented=True, mt_files=False)
    outcomes: list[Outcome] = [align_one(PairPaths(name, SHARED / "zh" / f"{name}.txt",
                                                   SHARED / "en" / f"{name}.txt"), align) for name in sources]
    print(f"client writes, {docs} documents, load {os.getloadavg()[0]:.1f}")
    print("| output | documents/s |")
    print("|---|---:|")
    for fmt, workspace in (("jsonl", False), ("tmx", False), ("parquet", False), (None, True)):
        out = folder / f"out-{fmt}-{workspace}"
        ws = Workspace.create(folder / f"ws-{fmt}.zhalign") if workspace else None
        output = _Output(out, fmt, ws, DEFAULT_OPTIONS)
        start = time.perf_counter()
        for k in range(docs):
            document = outcomes[k % len(outcomes)].document
            assert document is not None
            output.store(f"d{k:06d}", Document(document.rows, title=f"d{k:06d}", source=f"d{k:06d}"))
        output.close()
        seconds = time.perf_counter() - start
        if ws is not None:
            ws.close()
        print(f"| {fmt or 'workspace'} | {docs / seconds:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--fast", action="store_true")
    parser.add_argument("--format", default="jsonl")
    parser.add_argument("--workspace", action="store_true", help="also store every document in a workspace")
    parser.add_argument("--dir", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--mt-files", action="store_true", help="a NAME.mt.txt (gloss) beside every pair")
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--chunk-size", type=int, help="documents per Dask task (default: the engine's)")
    parser.add_argument("--repeated", action="store_true",
                        help="let workers keep the vectors of documents seen before (the 38 repeat)")
    parser.add_argument("--overhead", action="store_true", help="measure the Dask engine's cost per task")
    parser.add_argument("--client", action="store_true", help="measure how fast the main process writes")
    args = parser.parse_args()
    if args.overhead:
        task_overhead(args.jobs)
        return
    if args.client:
        with tempfile.TemporaryDirectory(prefix="zhen-batch-bench-") as tmp:
            client_throughput(args.docs, args.dir or Path(tmp))
        return
    with tempfile.TemporaryDirectory(prefix="zhen-batch-bench-") as tmp:
        result = run(args.docs, args.jobs, args.fast, args.format, args.workspace, args.dir or Path(tmp),
                     mt_files=args.mt_files, engine=args.engine, chunk_size=args.chunk_size,
                     repeated=args.repeated)
    summary = result["summary"]
    assert isinstance(summary, BatchSummary)
    mode = (("fast scorer" if args.fast else "default scorer") + (", NAME.mt.txt" if args.mt_files else "")
            + (", repeated documents" if args.repeated else ", distinct documents"))
    engine = args.engine + (f", chunk {args.chunk_size}" if args.chunk_size else "")
    print(f"{summary.documents} documents ({mode}, engine {engine}, {args.jobs} jobs, format {args.format}, "
          f"workspace {'on' if args.workspace else 'off'}): {result['seconds']:.1f} s, "
          f"{result['docs_per_s']:.2f} docs/s overall, {result['steady_docs_per_s']:.2f} docs/s after "
          f"start-up; {summary.beads} beads, {summary.low_confidence} low-confidence, "
          f"{len(summary.failures)} failed, {len(summary.without_mt)} without MT, "
          f"{result['docs_per_cpu_s']:.1f} docs per CPU-second (all processes), cores {os.cpu_count()}, "
          f"load {os.getloadavg()[0]:.1f}")
    print("| documents | seconds | main RSS MB | workers RSS MB |")
    print("|---:|---:|---:|---:|")
    for done, seconds, main_rss, workers in result["marks"]:  # type: ignore[attr-defined]
        print(f"| {done} | {seconds:.1f} | {main_rss / 2**20:.0f} | {workers / 2**20:.0f} |")


if __name__ == "__main__":
    main()
