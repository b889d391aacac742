"""Aligning a whole folder of article pairs: a process pool, a progress bar, resumable runs.

Every pair of the folder (:func:`corpora.readers.find_pairs`) is aligned in a worker process that loads
the aligner once. The main process stores each result in the workspace and/or writes it to ``OUT`` as
``NAME.<format>`` (Moses: ``NAME.zh`` + ``NAME.en``; InterText and beads: their files named ``NAME``),
then records ``NAME`` in ``OUT/.zhen-align-done``; a later run with the same ``OUT`` skips the names
recorded there, so an interrupted batch resumes where it stopped. A document that fails is reported
and skipped (and tried again next run), never fatal.

Machine translation of the Chinese is an alignment signal, as in ``zhen-align align``: a pair's
``NAME.mt.txt`` (translations made elsewhere) when there is one, else the MT engine the main process
resolved (:func:`resolve_mt`), which each worker loads once, on its first document. A document whose MT
fails is aligned without it and reported, never skipped.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Protocol

from aligner.errors import UserError
from aligner.mt.base import EngineUnavailable, Notify, Translator, notify_stderr
from corpora.document import Document
from corpora.readers.pairs import PairPaths, find_pairs
from corpora.workspace import Workspace
from corpora.writers import DIRECTORY_FORMATS, SUFFIXES, WRITERS, ExportOptions
from corpora.writers.common import DEFAULT_OPTIONS

DONE_FILE = ".zhen-align-done"
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


@dataclass(frozen=True)
class Aligned:
    """A document with what went wrong with its MT: ``without_mt`` the reason it was aligned without
    MT, ``mt_gaps`` a note on translations missing from its MT file ("" when all went well)."""

    document: Document
    without_mt: str = ""
    mt_gaps: str = ""


class AlignFn(Protocol):
    """Turns a pair of files into an aligned Document; must be picklable (it is sent to the workers)."""

    def __call__(self, pair: PairPaths) -> Document | Aligned: ...


@dataclass(frozen=True)
class MTSetting:
    """The MT engine the workers load: names only, so that it pickles (each worker loads the model)."""

    engine: str  # "transformers" or "ctranslate2", as resolved in the main process
    model: str | None = None  # as given with --model; None: the default model


_translators: dict[MTSetting, Translator] = {}  # this process's loaded engines
_load_errors: dict[MTSetting, str] = {}  # engines this process could not load, and why


def resolve_mt(model: str | None = None, notify: Notify = notify_stderr) -> MTSetting | None:
    """The MT engine a batch will use, resolved offline-first (never the gloss); ``None`` when none can
    run here, after the factory's one ``notify`` line. The loaded engine is kept for an in-process run."""
    from aligner.mt import get_translator

    translator = get_translator(model=model, allow_gloss=False, notify=notify)
    if translator is None:
        return None
    setting = MTSetting(getattr(translator, "engine", "transformers"), model)
    _translators[setting] = translator
    return setting


def _pinned_threads() -> int | None:
    """The thread count a worker was pinned to (``OMP_NUM_THREADS``), else None (the engine decides)."""
    value = os.environ.get("OMP_NUM_THREADS", "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def _translator(setting: MTSetting) -> Translator:
    """This process's engine for ``setting``, loaded on first use; EngineUnavailable if it cannot be."""
    if setting in _translators:
        return _translators[setting]
    if setting in _load_errors:  # tried once already: do not reload the model for every document
        raise EngineUnavailable(_load_errors[setting])
    from aligner.mt import get_translator

    messages: list[str] = []
    translator = get_translator(setting.engine, setting.model, allow_gloss=False, threads=_pinned_threads(),
                                notify=messages.append)
    if translator is None:
        _load_errors[setting] = messages[-1] if messages else f"MT engine {setting.engine} did not load"
        raise EngineUnavailable(_load_errors[setting])
    _translators[setting] = translator
    return translator


def _one_line(exc: BaseException) -> str:
    """An exception as one line: its type and its message with the whitespace squeezed."""
    return f"{type(exc).__name__}: {' '.join(str(exc).split()) or 'no message'}"


@dataclass(frozen=True)
class PairAligner:
    """The real aligner: read and segment the pair, align it (``fast``: no sentence embeddings).

    The document's title is the pair's name, so that exports and the workspace can be matched to files.
    MT: the pair's ``NAME.mt.txt`` when ``mt_files`` and it exists, else the engine ``mt`` (none when
    None); a failing MT leaves the document aligned without it, with the reason in :class:`Aligned`.
    """

    fast: bool = False
    presegmented: bool = False
    mt: MTSetting | None = None
    mt_files: bool = True

    def __call__(self, pair: PairPaths) -> Aligned:
        from aligner.api import AlignConfig
        from corpora.pipeline import align_pair
        from corpora.readers.inputs import load_pair_paths

        loaded = load_pair_paths(pair, presegmented=self.presegmented)
        translations, without_mt, gaps = self._translations(pair, loaded.zh.sentences)
        config = AlignConfig.fast() if self.fast else AlignConfig()
        document = align_pair(loaded, mt=translations, config=config, title=pair.name)
        return Aligned(document, without_mt, gaps)

    def _translations(self, pair: PairPaths, zh: list[str]) -> tuple[list[str] | None, str, str]:
        """(translations or None, why there are none, the MT file's note on missing lines)."""
        gaps: list[str] = []
        try:
            if self.mt_files and pair.mt.is_file():
                from aligner.mt.file_engine import FileTranslator

                translator: Translator = FileTranslator(pair.mt, sources=zh, notify=gaps.append)
            elif self.mt is not None:
                translator = _translator(self.mt)
            else:
                return None, "", ""
            translations = translator.translate(list(zh))
        except (UserError, EngineUnavailable) as exc:
            return None, str(exc), ""
        except Exception as exc:  # a crashing engine costs this document its MT, not its alignment
            return None, _one_line(exc), ""
        if len(translations) != len(zh):
            count = f"{len(translations)} translations for {len(zh)} sentences"
            return None, f"MT engine {translator.name} gave {count}", ""
        return translations, "", "; ".join(gaps)

    def warm_up(self) -> None:
        """Load the models (embeddings, dictionary) once, before the first document."""
        from aligner.api import AlignConfig, align

        align(["今天天气很好。", "我们去公园。"], ["The weather is fine today.", "We go to the park."],
              config=AlignConfig.fast() if self.fast else AlignConfig())


@dataclass
class BatchSummary:
    """What a batch run did."""

    documents: int = 0  # aligned in this run
    already_done: int = 0  # skipped: recorded as done by an earlier run
    beads: int = 0
    low_confidence: int = 0  # machine rows under LOW_CONFIDENCE
    without_mt: list[tuple[str, str]] = field(default_factory=list)  # (name, why its MT failed)
    mt_gaps: list[tuple[str, str]] = field(default_factory=list)  # (name, the MT file's missing lines)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (name, one-line reason)
    unpaired: list[str] = field(default_factory=list)  # files without a partner (messages)


@dataclass(frozen=True)
class _Outcome:
    name: str
    document: Document | None
    error: str
    without_mt: str = ""
    mt_gaps: str = ""


# ------------------------------------------------------------------------------------------- workers

_worker_align: AlignFn | None = None


def _init_worker(align: AlignFn, single_thread: bool) -> None:
    """Runs once in each worker: one thread per worker when there are several, then load the models."""
    global _worker_align
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    if single_thread:
        for name in _THREAD_VARIABLES:
            os.environ[name] = "1"
    _worker_align = align
    warm_up = getattr(align, "warm_up", None)
    if warm_up is not None:
        warm_up()


def _align_one(pair: PairPaths, align: AlignFn | None = None) -> _Outcome:
    """Align one pair; any failure becomes a one-line reason."""
    align = align or _worker_align
    assert align is not None, "worker not initialised"
    try:
        result = align(pair)
    except UserError as exc:
        return _Outcome(pair.name, None, str(exc))
    except Exception as exc:  # one broken document must not stop a batch of thousands
        return _Outcome(pair.name, None, _one_line(exc))
    if isinstance(result, Aligned):
        return _Outcome(pair.name, result.document, "", result.without_mt, result.mt_gaps)
    return _Outcome(pair.name, result, "")


def _outcomes(pairs: list[PairPaths], align: AlignFn, jobs: int) -> Iterator[_Outcome]:
    """Results as they finish; with ``jobs > 1`` from a pool of spawned workers, at most 4 per worker
    queued so memory stays flat whatever the number of pairs."""
    if not pairs:
        return
    if jobs <= 1:
        warm_up = getattr(align, "warm_up", None)
        if warm_up is not None:
            warm_up()
        for pair in pairs:
            yield _align_one(pair, align)
        return
    _translators.clear()  # each worker loads its own engine: the main process need not keep one
    todo = iter(pairs)
    with ProcessPoolExecutor(jobs, mp_context=get_context("spawn"), initializer=_init_worker,
                             initargs=(align, True)) as pool:
        running: set[Future[_Outcome]] = set()
        try:
            while True:
                for pair in todo:
                    running.add(pool.submit(_align_one, pair))
                    if len(running) >= 4 * jobs:
                        break
                if not running:
                    return
                finished, running = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield future.result()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


# ---------------------------------------------------------------------------------------------- runs


class _Output:
    """Where finished documents go: a workspace, per-document export files, the done manifest."""

    def __init__(self, out: Path, fmt: str | None, workspace: Workspace | None, options: ExportOptions):
        self.out, self.fmt, self.workspace, self.options = out, fmt, workspace, options
        out.mkdir(parents=True, exist_ok=True)
        self.manifest = out / DONE_FILE
        self.done = set(self.manifest.read_text(encoding="utf-8").split("\n")) - {""} \
            if self.manifest.is_file() else set()
        # A run killed after storing a document but before recording it must not store it twice.
        self.stored = {(d.title, d.source) for d in workspace.documents()} if workspace else set()

    def store(self, name: str, doc: Document) -> None:
        """Export and/or store one document, then record it as done."""
        if self.fmt is not None:
            WRITERS[self.fmt]([doc], self.target(name), self.options)
        if self.workspace is not None and (doc.title, doc.source) not in self.stored:
            self.workspace.add_document(doc)
            self.stored.add((doc.title, doc.source))
        with self.manifest.open("a", encoding="utf-8") as f:
            f.write(name + "\n")
            f.flush()
            os.fsync(f.fileno())
        self.done.add(name)

    def target(self, name: str) -> Path:
        """The path handed to the writer for one document."""
        assert self.fmt is not None
        if self.fmt in DIRECTORY_FORMATS:
            return self.out
        return self.out / f"{name}{SUFFIXES[self.fmt]}"


def run_batch(in_dir: Path, out: Path, *, fmt: str | None = "tmx", workspace: Path | None = None,
              jobs: int | None = None, align: AlignFn | None = None,
              options: ExportOptions = DEFAULT_OPTIONS, progress: bool = True,
              warn: Callable[[str], None] | None = None,
              on_document: Callable[[BatchSummary], None] | None = None) -> BatchSummary:
    """Align every pair of ``in_dir`` into ``workspace`` and/or ``fmt`` files in ``out``.

    ``align`` defaults to :class:`PairAligner` (``jobs`` defaults to every core). ``warn`` receives the
    one-line messages about unpaired files, failed documents and MT failures (each reason once) as they
    happen; ``on_document`` is called with the running summary after each document (benchmarks sample
    memory there).
    """
    if fmt is None and workspace is None:
        raise UserError(f"{out}: nothing to write; give --format, --workspace or both")
    if fmt is not None and fmt not in WRITERS:
        raise UserError(f"{fmt}: unknown format; choose one of {', '.join(WRITERS)}")
    summary = BatchSummary()
    say = warn or (lambda message: None)
    mt_reasons: set[str] = set()

    def unpaired(message: str) -> None:
        summary.unpaired.append(message)
        say(message)

    pairs = find_pairs(in_dir, unpaired)
    jobs = max(1, jobs or os.cpu_count() or 1)
    ws = _open_workspace(workspace) if workspace is not None else None
    try:
        output = _Output(out, fmt, ws, options)
        todo = [p for p in pairs if p.name not in output.done]
        summary.already_done = len(pairs) - len(todo)
        with _progress_bar(progress, len(todo)) as advance:
            for outcome in _outcomes(todo, align or PairAligner(), min(jobs, max(1, len(todo)))):
                if outcome.document is None:
                    summary.failures.append((outcome.name, outcome.error))
                    say(f"{outcome.name}: failed, skipped ({outcome.error})")
                else:
                    output.store(outcome.name, outcome.document)
                    summary.documents += 1
                    rows = [r for r in outcome.document.rows if not r.is_empty]
                    summary.beads += len(rows)
                    summary.low_confidence += sum(r.is_low_confidence for r in rows)
                    if outcome.without_mt:
                        summary.without_mt.append((outcome.name, outcome.without_mt))
                        if outcome.without_mt not in mt_reasons:
                            mt_reasons.add(outcome.without_mt)
                            say(f"{outcome.name}: aligned without MT ({outcome.without_mt})")
                    if outcome.mt_gaps:
                        summary.mt_gaps.append((outcome.name, outcome.mt_gaps))
                advance(len(summary.failures))
                if on_document is not None:
                    on_document(summary)
    finally:
        if ws is not None:
            ws.close()
    return summary


def _open_workspace(path: Path) -> Workspace:
    return Workspace.open(path) if path.exists() else Workspace.create(path)


@contextmanager
def _progress_bar(show: bool, total: int) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr (or nothing); yields ``advance(failures_so_far)``."""
    if not show:
        yield lambda failures: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("aligning"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[failed]} failed"), TimeRemainingColumn(),
                  console=Console(stderr=True)) as bar:
        task = bar.add_task("align", total=total, failed=0)
        yield lambda failures: bar.update(task, advance=1, failed=failures)
