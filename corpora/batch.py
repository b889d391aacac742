"""Aligning a whole corpus of article pairs: an engine of workers, a progress bar, resumable runs.

The pairs come from a folder (:func:`corpora.readers.pairs.find_pairs`) or a manifest
(:func:`corpora.readers.manifest.read_manifest`), local or at an fsspec URL. Each pair is aligned by the
same per-document function, :func:`align_one`, on one of two engines: ``local``, a process pool on this
machine (the default), or ``dask``, the tasks of a Dask cluster (:mod:`corpora.dask_engine`). Workers
read their own inputs and load the models once per process. The main process takes the results in the
order of the pairs, whatever order the workers finish them in (:class:`InOrder`), stores each in the
workspace and/or writes it to ``OUT`` as ``NAME.<format>`` (Moses: ``NAME.zh`` + ``NAME.en``; InterText
and beads: their files named ``NAME``; Parquet: numbered parts of many documents), then records
``NAME`` (and a manifest's two paths) in ``OUT/.zhen-align-done``; a later run with the same ``OUT``
skips the pairs recorded there, so an interrupted batch resumes where it stopped. With a workspace, a
document whose text it holds, or another pair of the run brought, is skipped with a warning as ``add``
skips it (:meth:`_Output.repeat`).
A document that fails is reported and skipped (and tried again next run), never fatal. Ctrl-C stops the
run, keeps what was finished and returns the summary so far (documents finished ahead of an unfinished
one are aligned again next run).

Machine translation of the Chinese is an alignment signal, as in ``zhen-align align``: a pair's
``NAME.mt.txt`` (translations made elsewhere) when there is one, else the MT engine resolved once before
the workers start (:func:`resolve_mt`), which each worker loads once. A document whose MT fails is
aligned without it and reported, never skipped.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path
from typing import NamedTuple, Protocol

from aligner.errors import UserError
from aligner.mt.base import EngineUnavailable, Notify, Translator, notify_stderr
from aligner.workers import exit_with_parent
from corpora.document import Document, text_digest
from corpora.fileio import SyncBatch, write_bytes
from corpora.filters import RowFilter
from corpora.formats import FORMATS
from corpora.locations import SCALE_EXTRA, Location, as_location, is_url
from corpora.readers.pairs import PairPaths, find_pairs
from corpora.workspace import Workspace
from corpora.writers import DEFAULT_FILTER, ExportOptions, filtered
from corpora.writers.common import DEFAULT_OPTIONS

DONE_FILE = ".zhen-align-done"
#: The done record's encoding: a name made of a file name that is not valid UTF-8 keeps its bytes.
_DONE_CODEC = ("utf-8", "surrogateescape")
ENGINES = ("local", "dask")
#: The done record is rewritten (atomically) at most this often, and never for more than about 5% of
#: the run's time: a run killed outright redoes at most the last few seconds of documents.
DONE_SAVE_SECONDS = 1.0
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


@dataclass(frozen=True)
class Aligned:
    """A document with what went wrong with its MT: ``without_mt`` the reason it was aligned without
    MT, ``mt_gaps`` a note on translations missing from its MT file ("" when all went well)."""

    document: Document
    without_mt: str = ""
    mt_gaps: str = ""
    swapped: str = ""   # the line saying its files were given English first and swapped


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


def one_line(exc: BaseException) -> str:
    """An exception as one line: its type and its message with the whitespace squeezed."""
    return f"{type(exc).__name__}: {' '.join(str(exc).split()) or 'no message'}"


@dataclass(frozen=True)
class PairAligner:
    """The real aligner: read and segment the pair, align it (``fast``: no sentence embeddings).

    The document's title is the one ``add`` gives the pair: the Chinese headline, else the Chinese
    document's own title, else the pair's name (:func:`corpora.readers.inputs.load_pair_paths`).
    MT: the pair's ``NAME.mt.txt`` when ``mt_files`` and it exists, else the engine ``mt`` (none when
    None); a failing MT leaves the document aligned without it, with the reason in :class:`Aligned`.
    ``find_mt``: look for the MT model ``model`` in :meth:`prepare`, once, before the workers start.
    """

    fast: bool = False
    presegmented: bool = False
    mt: MTSetting | None = None
    mt_files: bool = True
    find_mt: bool = False
    model: str | None = None

    def __call__(self, pair: PairPaths) -> Aligned:
        from aligner.api import AlignConfig
        from corpora.pipeline import align_pair
        from corpora.readers.inputs import load_pair_paths

        swapped: list[str] = []
        loaded = load_pair_paths(pair, presegmented=self.presegmented, notify=swapped.append)
        translations, without_mt, gaps = self._translations(pair, loaded.zh.sentences)
        config = AlignConfig.fast() if self.fast else AlignConfig()
        document = align_pair(loaded, mt=translations, config=config)
        return Aligned(document, without_mt, gaps, "".join(swapped))

    def _translations(self, pair: PairPaths, zh: list[str]) -> tuple[list[str] | None, str, str]:
        """(translations or None, why there are none, the MT file's note on missing lines)."""
        gaps: list[str] = []
        try:
            if self.mt_files and pair.mt.is_file():
                from corpora.readers.mtfile import read_mt_file

                translator: Translator = read_mt_file(pair.mt, sources=zh, notify=gaps.append)
            elif self.mt is not None:
                translator = _translator(self.mt)
            else:
                return None, "", ""
            translations = translator.translate(list(zh))
        except (UserError, EngineUnavailable) as exc:
            return None, str(exc), ""
        except Exception as exc:  # a crashing engine costs this document its MT, not its alignment
            return None, one_line(exc), ""
        if len(translations) != len(zh):
            count = f"{len(translations)} translations for {len(zh)} sentences"
            return None, f"MT engine {translator.name} gave {count}", ""
        return translations, "", "; ".join(gaps)

    def prepare(self, notify: Notify) -> PairAligner:
        """This aligner with its MT engine resolved (:func:`resolve_mt`) when ``find_mt``."""
        if not self.find_mt:
            return self
        return replace(self, mt=resolve_mt(self.model, notify), find_mt=False)

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
    repeated: list[str] = field(default_factory=list)  # manifest lines repeating an earlier one (messages)
    same_text: list[str] = field(default_factory=list)  # pairs skipped: their text is another's (messages)
    in_workspace: list[tuple[str, int]] = field(default_factory=list)  # (name, id) stored before, not again
    total: int = 0  # pairs to align in this run (not done before)
    left_out: Counter[str] = field(default_factory=Counter)  # rows the export files left out, by reason
    interrupted: bool = False  # stopped by Ctrl-C before every pair was aligned


@dataclass(frozen=True)
class Outcome:
    """What became of one pair: its document, or the one-line reason it failed."""

    name: str
    document: Document | None
    error: str
    without_mt: str = ""
    mt_gaps: str = ""
    swapped: str = ""


# ------------------------------------------------------------------------------------------- workers

_warm_lock = threading.Lock()
_warmed: set[object] = set()  # the aligners this process has loaded the models of


def ready(align: AlignFn) -> None:
    """Load ``align``'s models in this process unless it has already done so (once per process, however
    many tasks bring the same aligner)."""
    with _warm_lock:
        if align in _warmed:
            return
        warm_up = getattr(align, "warm_up", None)
        if warm_up is not None:
            warm_up()
        _warmed.add(align)


def align_one(pair: PairPaths, align: AlignFn) -> Outcome:
    """Align one pair; any failure becomes a one-line reason. The per-document work of every engine."""
    try:
        result = align(pair)
    except UserError as exc:
        return Outcome(pair.name, None, str(exc))
    except Exception as exc:  # one broken document must not stop a batch of thousands
        return Outcome(pair.name, None, one_line(exc))
    if isinstance(result, Aligned):
        return Outcome(pair.name, result.document, "", result.without_mt, result.mt_gaps, result.swapped)
    return Outcome(pair.name, result, "")


class InOrder:
    """Outcomes put back in the order of their pairs, whatever order the workers finish them in.

    Pair ``i`` is released once pairs ``0..i-1`` all are (a failed pair counts: it never blocks the rest).
    An engine submits pair ``i`` only while :meth:`allows` it, that is while ``i`` is within ``window``
    pairs of the first one not yet finished, so at most ``window - 1`` finished outcomes wait here,
    however slow one document is.
    """

    def __init__(self, window: int):
        self.window = window
        self.next = 0  # the first pair not yet released
        self.held: dict[int, Outcome] = {}

    def allows(self, last: int) -> bool:
        """Whether pairs up to index ``last`` may be submitted now."""
        return last < self.next + self.window

    def finish(self, index: int, outcome: Outcome) -> list[Outcome]:
        """Take pair ``index``'s outcome; return those now released, in the order of the pairs."""
        self.held[index] = outcome
        released = []
        while self.next in self.held:
            released.append(self.held.pop(self.next))
            self.next += 1
        return released


_worker_align: AlignFn | None = None


def _init_worker(align: AlignFn, single_thread: bool) -> None:
    """Runs once in each pool worker: follow the main process out, one thread per worker when there are
    several, then load the models."""
    global _worker_align
    exit_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    if single_thread:
        for name in _THREAD_VARIABLES:
            os.environ[name] = "1"
    _worker_align = align
    ready(align)


def _align_in_worker(pair: PairPaths) -> Outcome:
    assert _worker_align is not None, "worker not initialised"
    return align_one(pair, _worker_align)


#: Pool engine: pairs queued or running per worker, and how far past the first unfinished pair the pool
#: may go (the finished documents waiting for it are at most ``ORDER_WINDOW_PER_JOB * jobs - 1``).
IN_FLIGHT_PER_JOB = 4
ORDER_WINDOW_PER_JOB = 8


def _local_outcomes(pairs: list[PairPaths], align: AlignFn, jobs: int) -> Iterator[Outcome]:
    """Results in the order of ``pairs``; with ``jobs > 1`` from a pool of spawned workers, at most
    :data:`IN_FLIGHT_PER_JOB` per worker queued and at most :data:`ORDER_WINDOW_PER_JOB` per worker
    finished early (:class:`InOrder`), so memory stays flat whatever the number of pairs."""
    if jobs <= 1:
        ready(align)
        for pair in pairs:
            yield align_one(pair, align)
        return
    order = InOrder(ORDER_WINDOW_PER_JOB * jobs)
    submitted = 0
    with ProcessPoolExecutor(jobs, mp_context=get_context("spawn"), initializer=_init_worker,
                             initargs=(align, True)) as pool:
        running: dict[Future[Outcome], int] = {}
        try:
            while True:
                while (submitted < len(pairs) and len(running) < IN_FLIGHT_PER_JOB * jobs
                       and order.allows(submitted)):
                    running[pool.submit(_align_in_worker, pairs[submitted])] = submitted
                    submitted += 1
                if not running:
                    return
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield from order.finish(running.pop(future), future.result())
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


# ---------------------------------------------------------------------------------------------- runs


def _read_done(record: Path) -> dict[str, None]:
    """The lines of the done record (:attr:`PairPaths.done_line`), in order (none when there is no record
    yet)."""
    if record.is_symlink():
        raise UserError(f"{record}: is a symbolic link, not zhen-align's record of finished articles; "
                        "remove it and run the command again")
    if not record.is_file():
        return {}
    return dict.fromkeys(name for name in record.read_bytes().decode(*_DONE_CODEC).split("\n") if name)


class Seen(NamedTuple):
    """What :meth:`_Output.repeat` found of a document's text in the workspace: why it is skipped ("" when
    it is not), the article stored from the same source before (None: none), and the text's digest (None
    without a workspace, which tells no texts apart)."""

    reason: str = ""
    doc_id: int | None = None
    digest: str | None = None


class _Output:
    """Where finished documents go: a workspace, export files, the done record.

    Per-document files are written each atomically (temporary file, fsync, rename), the fsyncs of their
    folder put off (:class:`corpora.fileio.SyncBatch`): at once without a workspace, else at the next
    save, once their document has its workspace id (they name it by that id, as ``export`` does);
    documents for the workspace wait in memory. At most every :data:`DONE_SAVE_SECONDS`, and at
    :meth:`close`, the waiting documents are stored in one transaction, their files written, the renames
    synced, and only then the done record rewritten atomically
    (never appended, never through a symlink) with their names: a document is recorded as done only once
    all its output is on disk (for Parquet, once its part is written), and a run killed before that
    redoes it.
    """

    def __init__(self, out: Path, fmt: str | None, workspace: Workspace | None, options: ExportOptions,
                 row_filter: RowFilter = DEFAULT_FILTER, pairs: Sequence[PairPaths] = ()):
        self.out, self.fmt, self.workspace, self.options = out, fmt, workspace, options
        self.lines = {pair.name: pair.done_line for pair in pairs}   # what the record says of each name
        # as ``export`` filters: by default one-sided rows out of TMX and XLIFF only
        self.rows = row_filter
        out.mkdir(parents=True, exist_ok=True)
        self.record = out / DONE_FILE
        self.done = _read_done(self.record)
        self.parts = None
        if fmt == "parquet":
            from corpora.writers.parquet import ParquetParts

            self.parts = ParquetParts(out, options=options)
            # A run killed after writing a part but before recording it must not write it twice.
            written = {self.lines.get(name, name) for name in self.parts.written_documents()}
            self.done.update(dict.fromkeys(sorted(written - self.done.keys())))
        # Articles are told apart by their text, as ``add`` tells them (corpora.document.text_digest):
        # those the workspace held before this run, with their source, and those of this run, with the
        # name of the pair that brought them and their id (None until the next save stores them).
        self.held: dict[str, tuple[int, str]] = {}
        if workspace is not None:
            sources = {info.id: info.source for info in workspace.documents()}
            for doc_id, digest in workspace.text_digests().items():
                self.held.setdefault(digest, (doc_id, sources[doc_id]))
        self.stored: dict[str, tuple[str, int | None]] = {}
        self.files = SyncBatch()
        self.waiting: list[tuple[str, Document]] = []  # (digest, document) for the workspace, stored at
        # the next save
        self.unwritten: list[tuple[str, str, Document]] = []  # (name, digest, filtered document): files
        # waiting for their document's workspace id
        self.finished: list[str] = []  # names whose output is written, recorded at the next save
        self.saved_at, self.interval = time.monotonic(), DONE_SAVE_SECONDS

    def repeat(self, name: str, doc: Document) -> Seen:
        """Whether the workspace holds ``doc``'s text already, as ``add`` asks it (nothing to ask without
        a workspace): a new article; article ``doc_id``, stored from the same source before (by an earlier
        run, perhaps one killed before recording it as done), which is not stored again; else the one-line
        ``reason`` to skip it: the text of another pair of this run, or of an article from another source."""
        if self.workspace is None:
            return Seen()
        digest = _digest(doc)
        doc_id, source = self.held.get(digest, (None, ""))
        if doc_id is not None and source != doc.source:
            reason = f"{name}: already in {self.workspace.path} as article {doc_id} (same text); skipped"
            return Seen(reason, None, digest)
        if digest in self.stored:
            return Seen(f"{name}: the same text as {self.stored[digest][0]}; skipped", None, digest)
        return Seen("", doc_id, digest)

    def store(self, name: str, doc: Document, seen: Seen) -> Counter[str]:
        """Export and/or store one document that :meth:`repeat` does not skip (``seen``, its answer); it is
        recorded as done at the next save. Returns the rows the export file leaves out, by reason (the
        workspace keeps every row).

        The files (Parquet's parts too) identify the document as ``export`` of the workspace does, by its
        workspace id, so with a workspace they are written at the next save, once it is stored; without
        one, by ``name``.
        Empty rows are dropped first, so that rows are numbered as the workspace and the editor number
        them."""
        doc = replace(doc, rows=[row for row in doc.rows if not row.is_empty], name=name)
        if seen.digest is not None:   # with a workspace
            if seen.doc_id is None:
                self.waiting.append((seen.digest, doc))   # its id comes at the next save
            self.stored[seen.digest] = (name, seen.doc_id)
        if self.fmt is None:
            self._done([name])
            return Counter()
        (kept,), left_out = filtered([doc], self.fmt, self.rows)
        if seen.digest is not None:
            self.unwritten.append((name, seen.digest, kept))
            # a Parquet part names its documents: they are done once it is written (see save)
            self._done([] if self.parts is not None else [name])
        elif self.parts is not None:
            self._done(self.parts.add(name, kept))
        else:
            self._write(name, kept)
            self._done([name])
        return left_out

    def _write(self, name: str, doc: Document) -> None:
        with self.files.deferring():
            FORMATS[self.fmt].write([doc], self.target(name), self.options)

    def _done(self, names: list[str]) -> None:
        self.finished += names
        pending = self.finished or self.waiting or self.unwritten
        if pending and time.monotonic() - self.saved_at >= self.interval:
            self.save()

    def save(self, final: bool = False) -> None:
        """Store the waiting documents, write the files that waited for their ids (Parquet: buffer them,
        and write the last part when ``final``), sync the files written since the last save, then rewrite
        the done record; the next save waits 20 times as long as the record's rewrite took."""
        if self.waiting:
            assert self.workspace is not None
            ids = self.workspace.add_documents([doc for _, doc in self.waiting])
            for (digest, doc), doc_id in zip(self.waiting, ids, strict=True):
                self.stored[digest] = (doc.name, doc_id)
            self.waiting = []
        for name, digest, doc in self.unwritten:
            doc = replace(doc, id=self.stored[digest][1])
            if self.parts is not None:
                self.finished += self.parts.add(name, doc)
            else:
                self._write(name, doc)
        self.unwritten = []
        if final and self.parts is not None:
            self.finished += self.parts.flush()
        self.files.sync()
        began = time.monotonic()
        if self.finished:
            self.done.update(dict.fromkeys(self.lines.get(name, name) for name in self.finished))
            self.finished = []
            write_bytes(self.record, "".join(f"{line}\n" for line in self.done).encode(*_DONE_CODEC))
        self.saved_at = time.monotonic()
        self.interval = max(DONE_SAVE_SECONDS, 20 * (self.saved_at - began))

    def is_done(self, pair: PairPaths) -> bool:
        """Whether an earlier run recorded ``pair`` as done: its name and, for a manifest's pair, the paths
        it was listed with (a line added above it may have taken its name since). A manifest pair
        recorded by its name alone, as earlier versions recorded it, is done by its name."""
        return pair.done_line in self.done or (pair.listed is not None and pair.name in self.done)

    def close(self) -> None:
        """Write what is buffered and the done record."""
        if self.finished or self.waiting or self.unwritten or self.parts is not None:
            self.save(final=True)

    def target(self, name: str) -> Path:
        """The path handed to the writer for one document: its files are named ``name`` exactly, in every
        format (the folder formats by :func:`corpora.writers.common.file_names`)."""
        assert self.fmt is not None
        if FORMATS[self.fmt].folder:
            return self.out
        return self.out / f"{name}{FORMATS[self.fmt].suffix}"


def _digest(doc: Document) -> str:
    """:func:`corpora.document.text_digest` of an aligned document (its sentences, however grouped)."""
    return text_digest(doc.sentences("zh"), doc.sentences("en"))


def list_pairs(source: str | Location, warn: Callable[[str], None],
               repeated: Callable[[str], None] | None = None) -> list[PairPaths]:
    """The pairs of a folder, or of a manifest file, given as a path or an fsspec URL. ``warn`` hears of a
    folder's files without a partner, ``repeated`` (default ``warn``) of a manifest's repeated lines."""
    location = as_location(source)
    if location.is_file():
        from corpora.readers.manifest import read_manifest

        return read_manifest(location, repeated or warn)
    if not location.is_dir():
        raise UserError(f"{source}: no such folder or manifest; pass a folder of NAME.zh.txt / NAME.en.txt "
                        "pairs or a file of zh_path<TAB>en_path lines")
    return find_pairs(location, warn)


def run_batch(source: str | Location, out: str | Path, *, fmt: str | None = "tmx",
              workspace: Path | None = None, jobs: int | None = None, align: AlignFn | None = None,
              options: ExportOptions = DEFAULT_OPTIONS, row_filter: RowFilter = DEFAULT_FILTER,
              progress: bool = True,
              warn: Callable[[str], None] | None = None,
              on_document: Callable[[BatchSummary], None] | None = None,
              engine: str = "local", scheduler: str | None = None,
              chunk_size: int | None = None) -> BatchSummary:
    """Align every pair of ``source`` into ``workspace`` and/or ``fmt`` files in ``out``.

    ``source`` is a folder or a manifest, local or an fsspec URL; ``out`` a local folder. ``align``
    defaults to :class:`PairAligner`; its ``prepare(warn)``, if it has one, runs once under the progress
    bar (``PairAligner`` looks for its MT model there). ``row_filter`` picks the rows of the export
    files as ``export`` does (by default no one-sided row in TMX and XLIFF); the workspace gets every
    row. ``engine`` is ``local`` (``jobs`` processes,
    default every core) or ``dask`` (a cluster at ``scheduler``, else a local one of ``jobs`` workers;
    tasks of ``chunk_size`` documents). ``warn`` receives the one-line messages about unpaired files,
    repeated manifest lines, failed documents and MT failures (each reason once) as they happen;
    ``on_document`` is called with the running summary after each document (benchmarks sample memory
    there). Ctrl-C ends the run with ``interrupted`` set; what was finished is kept.
    """
    if fmt is None and workspace is None:
        raise UserError(f"{out}: nothing to write; give --format, --workspace or both")
    if fmt is not None and fmt not in FORMATS:
        raise UserError(f"{fmt}: unknown format; choose one of {', '.join(FORMATS)}")
    if engine not in ENGINES:
        raise UserError(f"{engine}: unknown engine; choose one of {', '.join(ENGINES)}")
    if is_url(str(out)):
        raise UserError(f"{out}: the output must be a folder on this machine (or a mounted share)")
    out = Path(out)
    summary = BatchSummary()
    say = warn or (lambda message: None)
    mt_reasons: set[str] = set()

    def unpaired(message: str) -> None:
        summary.unpaired.append(message)
        say(message)

    _check_extras(fmt, engine)

    def repeated(message: str) -> None:
        summary.repeated.append(message)
        say(message)

    jobs = max(1, jobs or os.cpu_count() or 1)
    align = align or PairAligner()
    with _progress_bar(progress) as bar:
        prepare = getattr(align, "prepare", None)
        if prepare is not None:
            align = prepare(say)
        pairs = list_pairs(source, unpaired, repeated)
        _refuse_input_folder(out, source, pairs)
        ws = _open_workspace(workspace) if workspace is not None else None
        output: _Output | None = None
        made = _new_folders(out)
        try:
            output = _Output(out, fmt, ws, options, row_filter, pairs)
            _remove_stale_temporaries(out, fmt, say)
            todo = [p for p in pairs if not output.is_done(p)]
            summary.already_done, summary.total = len(pairs) - len(todo), len(todo)
            bar.start(len(todo))
            with contextlib.closing(_outcomes(todo, align, engine, jobs, scheduler, chunk_size)) as outcomes:
                for outcome in outcomes:
                    with _ctrl_c_held():
                        _count(outcome, output, summary, say, mt_reasons)
                    bar.advance(len(summary.failures))
                    if on_document is not None:
                        on_document(summary)
        except KeyboardInterrupt:
            summary.interrupted = True
        except BaseException:
            _remove_if_empty(made)   # a run that fails leaves no empty output folder behind
            raise
        finally:
            try:
                if output is not None:
                    output.close()
            finally:
                if ws is not None:
                    ws.close()
    return summary


def _check_extras(fmt: str | None, engine: str) -> None:
    """UserError, before anything is read or made, when the format or engine needs a missing extra."""
    if fmt == "parquet" and importlib.util.find_spec("pyarrow") is None:
        raise UserError(f"--format parquet needs the scale extra; {SCALE_EXTRA}")
    if engine == "dask" and importlib.util.find_spec("distributed") is None:
        raise UserError(f"--engine dask needs the scale extra; {SCALE_EXTRA}")


def _refuse_input_folder(out: Path, source: str | Location, pairs: list[PairPaths]) -> None:
    """UserError when the output folder is the input folder or holds input files: export files written
    there would replace them (beads writes NAME.zh.txt) or be taken for inputs on the next run."""
    from corpora.fileio import same_file

    fix = "give -o a folder of its own"
    location = as_location(source)
    if isinstance(location, Path) and location.is_dir() and same_file(out, location):
        raise UserError(f"{out}: is the input folder; the output would be written among the inputs; {fix}")
    for pair in pairs:
        for path in (pair.zh, pair.en, pair.mt_file):
            if isinstance(path, Path) and same_file(out, path.parent):
                raise UserError(f"{out}: holds the input file {path}; the output could replace it; {fix}")


def _new_folders(out: Path) -> list[Path]:
    """The folders ``out`` and those of its parents that do not exist yet, innermost first."""
    missing = []
    for folder in (out, *out.parents):
        if folder.exists() or folder.is_symlink():
            break
        missing.append(folder)
    return missing


def _remove_stale_temporaries(out: Path, fmt: str | None, say: Callable[[str], None]) -> None:
    """Remove the temporary files a killed run into ``out`` left behind (of its done record and of files
    in this run's format), saying how many in one line."""
    from aligner.display import count
    from corpora.fileio import remove_stale_temporaries

    suffix = FORMATS[fmt].suffix if fmt is not None else None
    removed = remove_stale_temporaries(
        out, lambda name: name == DONE_FILE or (suffix is not None and name.endswith(suffix)))
    if removed:
        say(f"{out}: removed {count(removed, 'temporary file')} an interrupted run left behind")


def _remove_if_empty(folders: list[Path]) -> None:
    """Remove those of ``folders`` (innermost first) that are still empty; never anything else."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def _count(outcome: Outcome, output: _Output, summary: BatchSummary, say: Callable[[str], None],
           mt_reasons: set[str]) -> None:
    """Store one outcome's document (or report its failure) and add it to the summary."""
    if outcome.document is None:
        summary.failures.append((outcome.name, outcome.error))
        say(f"{outcome.name}: failed, skipped ({outcome.error})")
        return
    seen = output.repeat(outcome.name, outcome.document)
    if seen.reason:
        summary.same_text.append(seen.reason)
        say(seen.reason)
        return
    if seen.doc_id is not None:
        summary.in_workspace.append((outcome.name, seen.doc_id))
    summary.left_out.update(output.store(outcome.name, outcome.document, seen))
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
    if outcome.swapped:
        say(f"{outcome.name}: {outcome.swapped}")


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Ctrl-C held back until the block ends, so that a document is never written without being counted
    as done (the main thread only: elsewhere signals cannot be handled)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)
        if caught and callable(previous):
            previous(signal.SIGINT, None)  # Python's own handler raises KeyboardInterrupt here


def _outcomes(pairs: list[PairPaths], align: AlignFn, engine: str, jobs: int, scheduler: str | None,
              chunk_size: int | None) -> Iterator[Outcome]:
    """The outcomes of ``pairs`` from the chosen engine, as they finish (a generator, which the caller
    closes, even when there is nothing left to do)."""
    if not pairs:
        return (outcome for outcome in ())
    if engine == "local" and jobs <= 1:
        return _local_outcomes(pairs, align, 1)
    _translators.clear()  # each worker loads its own engine: the main process need not keep one
    if engine == "local":
        return _local_outcomes(pairs, align, min(jobs, len(pairs)))
    from corpora.dask_engine import dask_outcomes

    return dask_outcomes(pairs, align, jobs=jobs, scheduler=scheduler, chunk_size=chunk_size)


def _open_workspace(path: Path) -> Workspace:
    return Workspace.open(path) if path.exists() else Workspace.create(path)


class _Bar:
    """The progress bar on stderr: shown at once ("loading" while the models and the listing load),
    then counting documents; a bar that is not shown ignores every call."""

    def __init__(self, progress=None):
        self.progress = progress
        self.task = progress.add_task("loading", total=None, failed=0) if progress else None

    def start(self, total: int) -> None:
        if self.progress is not None:
            self.progress.update(self.task, description="aligning", total=total, completed=0)

    def advance(self, failures: int) -> None:
        if self.progress is not None:
            self.progress.update(self.task, advance=1, failed=failures)


@contextlib.contextmanager
def _progress_bar(show: bool) -> Iterator[_Bar]:
    """A rich progress bar on stderr (or nothing)."""
    if not show:
        yield _Bar()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[failed]} failed"), TimeRemainingColumn(),
                  console=Console(stderr=True)) as progress:
        yield _Bar(progress)
