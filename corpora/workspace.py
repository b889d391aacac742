"""The workspace: one SQLite file holding documents, their rows and an undo/redo log of every edit.

Durability: the file is in WAL mode with ``synchronous=FULL``, and every edit (rows and op-log entry)
is one transaction. WAL+NORMAL would already survive a killed process; FULL also survives a power cut
or kernel crash at the cost of one fsync per edit, which is worth it for hand-checked alignments and is
well inside a keystroke's budget (see ``bench/workspace_bench.py``).

Only one process may write a workspace at a time: opening for writing takes an ``fcntl`` lock on the side
file ``<path>.lock`` (which holds the writer's pid). Read-only opens never lock and never write the
workspace, so they work on read-only media (see :func:`corpora.readonly_db.connect_readonly`); the empty
SQLite side files such an open makes in a writable folder are removed when it closes.
A new workspace is built under a temporary name and renamed into place, so a full disk never leaves a
half-made one; a write the disk refuses is a ``UserError`` naming the workspace.

The undo log stores :class:`corpora.edits.Change` objects as JSON, not snapshots. ``documents.undo_pos``
is the sequence number of the last applied change; undo applies its inverse and steps back, redo
re-applies the next one, and a new edit after an undo drops the redo branch. Undo reaches back
``MAX_HISTORY`` edits per document.

Rows are ordered by ``rows.pos``, a sort key stored with room between neighbours (``schema.ROW_GAP``), so
an edit rewrites only the rows it changes: a merge deletes one row and an undo puts it back between its
neighbours, where a dense row number renumbered every row below (most of a keystroke on a 20,000-row
book). The writer keeps each document's keys in memory, in row order, to find a row's key by its index;
when two neighbours have no room left between them, a few rows around them are given new keys.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from aligner.errors import UserError
from corpora import rowcodec, schema
from corpora.document import LOW_CONFIDENCE, Document, text_digest, unrelated_median
from corpora.fileio import fsync_dir, write_error
from corpora.readonly_db import connect_readonly, remove_side_files
from corpora.rowcodec import COLUMNS, EN, MARKS, PARTS, ZH, decode, encode, logged_row, record_json

if TYPE_CHECKING:
    import numpy as np

    from corpora.document import Row, Side
    from corpora.edits import Change
    from qa.glossary import Glossary

#: Undo reaches back this many edits per document; older log entries are dropped to bound the file.
MAX_HISTORY = 5000
#: New rows are given new neighbours' keys when fewer than this many key values lie between two rows.
_MIN_STEP = 1 << 8

_SQLITE_MAGIC = b"SQLite format 3\x00"
_CHUNK = 500  # texts looked up per query, well under SQLite's limit on bound parameters


def workspace_files(path: Path) -> list[Path]:
    """A workspace's file and those SQLite and its writer lock keep beside it (``-wal``, ``-shm``,
    ``.lock``), whether they exist or not."""
    return [path.with_name(path.name + side) for side in ("", "-wal", "-shm", ".lock")]


def write_problem(path: Path) -> str | None:
    """Why this process cannot write the workspace at ``path`` (None when, as far as can be told without
    writing, it can): the file, or a side file SQLite keeps beside it, cannot be opened for writing, or its
    folder takes no new file. (The writer lock's own failures are :class:`LockError`'s.)"""
    for file in workspace_files(path)[:3]:
        try:
            os.close(os.open(file, os.O_RDWR))   # writes nothing; refused as a write would be
        except FileNotFoundError:
            continue
        except OSError as exc:
            return f"cannot write {file.name} ({exc.strerror or exc})"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return f"cannot make files in its folder {path.parent}, where SQLite keeps its -wal and -shm files"
    return None


def starts_as_sqlite(path: Path) -> bool:
    """Whether the file at ``path`` begins with SQLite's header (OSError when it cannot be read)."""
    with path.open("rb") as fh:
        return fh.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC


@dataclass(frozen=True)
class DocumentInfo:
    """One line of the workspace's table of contents."""

    id: int
    title: str
    rows: int
    confirmed: int
    edited: int
    auto: int
    low_confidence: int  # auto rows with confidence < LOW_CONFIDENCE
    source: str = ""  # where the article came from (the Chinese file for added pairs)
    created: str = ""  # ISO 8601, UTC
    mt_english: int = 0  # rows whose English was filled from an MT suggestion
    en_source: str = ""  # the English file of an added pair ("" when unknown)


@dataclass(frozen=True)
class WorkspaceStats:
    """Totals over a workspace."""

    documents: int
    rows: int
    confirmed: int
    edited: int
    auto: int
    low_confidence: int
    operations: int  # entries in the undo/redo log
    file_bytes: int
    mt_english: int = 0


@dataclass(frozen=True)
class History:
    """What undo and redo would do next for one document (their labels), or None."""

    undo: str | None
    redo: str | None


def _text_key(text: str) -> bytes:
    """The key of a text in the ``embeddings`` table: BLAKE2b-128 of its UTF-8 (lone surrogates kept)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def damaged(path: Path | None, exc: sqlite3.DatabaseError) -> UserError:
    """The one-line error for a workspace SQLite cannot read: damaged (its pages overwritten or cut
    short), or another SQLite failure; ``path`` None when the command does not know which file."""
    where = path if path is not None else "the workspace"
    reason = " ".join(str(exc).split())
    if _is_damage(exc):
        return UserError(f"{where}: is damaged ({reason}); restore it from a backup copy (the sqlite3 "
                         "shell's .recover command may save part of it into a new file)")
    return UserError(f"{where}: cannot be used ({reason}); check the file and run the command again")


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    """True for SQLite's errors about a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in str(exc)


def _unreadable(path: Path, exc: sqlite3.DatabaseError) -> UserError:
    """The error for a file that fails as it is opened: damaged, or not a workspace at all."""
    if _is_damage(exc):   # the file begins as SQLite (checked before), so "not a database" is damage too
        return damaged(path, exc)
    return UserError(f"{path}: cannot be read as a workspace ({exc}); check the path")


def _stored(text: str) -> str | bytes:
    """A document's title, source, date or URL as stored: as text, or, when it holds lone surrogates
    (the undecodable bytes of a file name, as ``os.fsdecode`` gives them), which SQLite text cannot hold,
    as the bytes of its UTF-8 with the surrogates kept (``surrogatepass``), so that it reads back the
    same and the file is found again by its name."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")
    return text


def _unstored(value: str | bytes) -> str:
    """The text :func:`_stored` stored."""
    return value.decode("utf-8", "surrogatepass") if isinstance(value, bytes) else value


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _change_json(change: Change, old: list[tuple], new: list[tuple]) -> str:
    """The operation-log form of a change, assembled from its rows' encodings.

    Row moves keep each side's sentences and only regroup them; on such a side the new rows store their
    sentence counts instead of the texts (``_change_from_json`` takes them from the old rows), which
    halves the log entry of an edit that shifts a whole column.
    """
    def regrouped(side: str) -> bool:
        before = [s for row in change.old for s in getattr(row, side)]
        return bool(before) and before == [s for row in change.new for s in getattr(row, side)]

    counted = {side: regrouped(side) for side in ("zh", "en")}
    if any(counted.values()):
        new = [tuple(str(len(row.zh)) if k == ZH and counted["zh"] else
                     str(len(row.en)) if k == EN and counted["en"] else value
                     for k, value in enumerate(record)) for row, record in zip(change.new, new, strict=True)]
    return (f'{{"start":{change.start},"cursor":{change.cursor},"label":{rowcodec.string(change.label)},'
            f'"old":[{",".join(map(record_json, old))}],'
            f'"new":[{",".join(map(record_json, new))}]}}')


def _change_from_json(text: str) -> Change:
    """A logged change (see :func:`corpora.rowcodec.logged_row` for entries of older schemas)."""
    from corpora.edits import Change

    data = json.loads(text)
    old = tuple(logged_row(record) for record in data["old"])
    sentences = {side: iter([s for row in old for s in row.side(side)]) for side in ("zh", "en")}

    def texts(value: list[str] | int, side: str) -> list[str]:
        return [next(sentences[side]) for _ in range(value)] if isinstance(value, int) else value

    new = tuple(logged_row([texts(zh, "zh"), texts(en, "en"), *rest]) for zh, en, *rest in data["new"])
    return Change(data["start"], old, new, data["cursor"], data["label"])


class LockError(UserError):
    """The workspace cannot be opened for writing: its lock file cannot be written, or another process
    holds it. Commands that have ``--read-only`` add that way out to the message."""


class _WriterLock:
    """An exclusive ``fcntl`` lock on ``<workspace>.lock``, holding the writer's pid."""

    def __init__(self, workspace: Path) -> None:
        self.path = workspace.with_name(workspace.name + ".lock")
        #: Whether this lock made the file: an open that fails removes it again (see ``discard``).
        self.created = not os.path.lexists(self.path)
        try:  # never through a symlink planted at the lock's name: the pid written would truncate its target
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise UserError(f"{workspace}: its lock file {self.path.name} is a symbolic link; delete it "
                                "and open the workspace again") from None
            raise LockError(f"{workspace}: cannot write its lock file {self.path.name} ({exc.strerror}); "
                            "check the folder's permissions") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise LockError(f"{workspace}: open for writing in another process (pid {holder}); "
                            "close it there") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd

    def release(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)

    def discard(self) -> None:
        """Release the lock after a failed open, removing its file when this lock made it."""
        self.release()
        if self.created:
            self.path.unlink(missing_ok=True)


class Workspace:
    """An open workspace file. Use as a context manager, or call :meth:`close`.

    Methods are safe to call from several threads (they are serialised); edits raise ``UserError`` on a
    workspace opened read-only.
    """

    def __init__(self, path: Path, db: sqlite3.Connection, lock: _WriterLock | None) -> None:
        self.path = path
        self.readonly = lock is None
        self._db = db
        self._lock = lock
        self._mutex = threading.RLock()
        #: Each document's ``pos`` keys in row order, kept by the writer (see :meth:`_row_keys`).
        self._keys: dict[int, list[int]] = {}

    # ------------------------------------------------------------------------------- open and close

    @classmethod
    def create(cls, path: str | os.PathLike[str]) -> Workspace:
        """Create a new, empty workspace file; ``UserError`` if something is already there."""
        path = Path(path)
        if path.exists():
            raise UserError(f"{path}: already exists; choose another name or open it instead")
        if not path.parent.is_dir():
            raise UserError(f"{path}: folder {path.parent} does not exist; create it first")
        lock = _WriterLock(path)
        try:
            cls._build(path)
            db = cls._connect(path, readonly=False)
        except BaseException:
            lock.release()
            if not path.exists():   # nothing of a failed creation is left behind, its lock file neither
                lock.path.unlink(missing_ok=True)
            raise
        return cls(path, db, lock)

    @staticmethod
    def _build(path: Path) -> None:
        """Make the empty workspace file under a temporary name beside ``path``, then rename it there."""
        try:
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            os.close(fd)
        except OSError as exc:
            raise write_error(path, exc) from None
        tmp = Path(name)
        try:
            db = sqlite3.connect(tmp, isolation_level=None)
            try:
                db.execute("PRAGMA synchronous = FULL")
                with _transaction(db, path):
                    schema.create_schema(db)
            finally:
                db.close()
            if path.exists():
                raise UserError(f"{path}: already exists; choose another name or open it instead")
            os.replace(tmp, path)
        except OSError as exc:
            raise write_error(path, exc) from None
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
                leftover.unlink(missing_ok=True)
        fsync_dir(path.parent)

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False) -> Workspace:
        """Open an existing workspace, upgrading an older schema (unless ``readonly``).

        ``UserError`` when the file is missing, not SQLite, not a workspace, written by a newer version,
        or held by another writing process.
        """
        path = Path(path)
        if not path.is_file():
            raise UserError(f"{path}: no such workspace; create it with `zhen-align new {path}`")
        if not starts_as_sqlite(path):
            raise UserError(f"{path}: not a zhen-align workspace (not an SQLite file); check the path")
        lock = None if readonly else _WriterLock(path)
        try:
            db = cls._connect(path, readonly=readonly)
            cls._check_version(path, db, readonly)
        except BaseException:
            if lock is not None:   # a file that is no workspace keeps no lock file of ours beside it
                lock.discard()
            raise
        return cls(path, db, lock)

    @staticmethod
    def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
        try:
            if readonly:
                db = connect_readonly(path)
            else:
                db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except sqlite3.DatabaseError as exc:
            raise _unreadable(path, exc) from None
        try:
            db.execute("PRAGMA busy_timeout = 5000")
            if not readonly:
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            db.close()
            raise _unreadable(path, exc) from None
        return db

    @staticmethod
    def _check_version(path: Path, db: sqlite3.Connection, readonly: bool) -> None:
        try:
            version = schema.schema_version(db)
        except sqlite3.DatabaseError as exc:
            db.close()
            raise _unreadable(path, exc) from None
        problem = None
        if version is None:
            problem = "an SQLite file but not a zhen-align workspace; check the path"
        elif version > schema.SCHEMA_VERSION:
            problem = (f"written by a newer zhen-align (schema {version}, this one reads up to "
                       f"{schema.SCHEMA_VERSION}); upgrade zhen-align")
        elif version < schema.SCHEMA_VERSION and readonly:
            problem = f"schema {version} is out of date; open it once for writing to upgrade it"
        if problem:
            db.close()
            raise UserError(f"{path}: {problem}")
        if version < schema.SCHEMA_VERSION:
            with _transaction(db, path):
                schema.migrate(db, version)

    def close(self) -> None:
        """Close the file and release the writer lock."""
        with self._mutex:
            if self._db is None:
                return
            self._db.close()
            self._db = None  # type: ignore[assignment]
            if self._lock is not None:
                self._lock.release()
                self._lock = None
            else:
                remove_side_files(self.path)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        """Close; a damaged file found while the block read it becomes a UserError naming it."""
        self.close()
        if isinstance(exc, sqlite3.DatabaseError) and _is_damage(exc):
            raise damaged(self.path, exc) from None

    def _writable(self) -> sqlite3.Connection:
        if self._db is None:
            raise ValueError("workspace is closed")
        if self.readonly:
            raise UserError(f"{self.path}: opened read-only (--read-only): nothing is changed; open it "
                            "without --read-only to edit")
        return self._db

    def _reader(self) -> sqlite3.Connection:
        if self._db is None:
            raise ValueError("workspace is closed")
        return self._db

    # -------------------------------------------------------------------------------------- documents

    def add_document(self, doc: Document) -> int:
        """Store a document (its empty rows are dropped) and return its id."""
        return self.add_documents([doc])[0]

    def add_documents(self, docs: Sequence[Document]) -> list[int]:
        """Store documents in one transaction (one fsync for all: a batch run's way) and return their
        ids; their empty rows are dropped."""
        ids = []
        with self._mutex:
            db = self._writable()
            with _transaction(db, self.path):
                for doc in docs:
                    cur = db.execute(
                        "INSERT INTO documents (title, source, date, url, created, en_source) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (*map(_stored, (doc.title, doc.source, doc.date, doc.url)), _now(),
                         _stored(doc.en_source)))
                    doc_id = int(cur.lastrowid)
                    rows = [r for r in doc.rows if not r.is_empty]
                    db.executemany(f"INSERT INTO rows (doc_id, pos, {COLUMNS}) VALUES (?,?,{MARKS})",
                                   [(doc_id, k * schema.ROW_GAP, *encode(r)) for k, r in enumerate(rows)])
                    ids.append(doc_id)
            return ids

    def documents(self) -> list[DocumentInfo]:
        """Every document with its row counts, in the order they were added."""
        with self._mutex:
            records = self._reader().execute(
                """SELECT d.id, d.title, count(r.pos),
                          coalesce(sum(r.status = 'confirmed'), 0), coalesce(sum(r.status = 'edited'), 0),
                          coalesce(sum(r.status = 'auto'), 0),
                          coalesce(sum(r.status = 'auto' AND r.confidence < ?), 0), d.source, d.created,
                          coalesce(sum(r.en_mt <> '[]'), 0), d.en_source
                   FROM documents d LEFT JOIN rows r ON r.doc_id = d.id
                   GROUP BY d.id ORDER BY d.id""", (LOW_CONFIDENCE,)).fetchall()
        return [DocumentInfo(record[0], _unstored(record[1]), *record[2:7], _unstored(record[7]),
                             *record[8:10], _unstored(record[10])) for record in records]

    def unrelated(self) -> dict[int, float]:
        """The articles whose two texts look unrelated, each with its median confidence
        (:func:`corpora.document.unrelated_median` of its stored rows), by id; one pass over the rows'
        scores and sentence counts."""
        scores: dict[int, tuple[list[float | None], list[int]]] = {}
        with self._mutex:
            records = self._reader().execute(
                "SELECT doc_id, confidence, json_array_length(zh), json_array_length(en) FROM rows")
            for doc_id, confidence, zh, en in records:
                confidences, counts = scores.setdefault(doc_id, ([], [0, 0]))
                confidences.append(confidence)
                counts[0] += zh
                counts[1] += en
        found = {doc_id: unrelated_median(confidences, *counts)
                 for doc_id, (confidences, counts) in scores.items()}
        return {doc_id: middle for doc_id, middle in found.items() if middle is not None}

    def load(self, doc_id: int) -> Document:
        """The document with its rows; ``KeyError`` if there is none with this id."""
        with self._mutex:
            db = self._reader()
            meta = db.execute("SELECT title, source, date, url, en_source FROM documents WHERE id = ?",
                              (doc_id,)).fetchone()
            if meta is None:
                raise KeyError(doc_id)
            records = db.execute(f"SELECT pos, {COLUMNS} FROM rows WHERE doc_id = ? ORDER BY pos",
                                 (doc_id,)).fetchall()
            if not self.readonly:   # the keys of the rows about to be edited, read along with them
                self._keys[doc_id] = [r[0] for r in records]
        title, source, date, url, en_source = map(_unstored, meta)
        return Document([decode(r[1:]) for r in records], title, source, date, url, doc_id,
                        en_source=en_source)

    def text_digests(self) -> dict[int, str]:
        """:func:`corpora.document.text_digest` of every document, by id (to find an article added twice)."""
        sentences: dict[int, tuple[list[str], list[str]]] = {}
        with self._mutex:
            records = self._reader().execute("SELECT doc_id, zh, en FROM rows ORDER BY doc_id, pos")
            for doc_id, zh, en in records:
                zh_all, en_all = sentences.setdefault(doc_id, ([], []))
                zh_all += json.loads(zh)
                en_all += json.loads(en)
            ids = [doc_id for (doc_id,) in self._reader().execute("SELECT id FROM documents")]
        return {doc_id: text_digest(*sentences.get(doc_id, ([], []))) for doc_id in ids}

    def delete_document(self, doc_id: int) -> None:
        """Remove a document, its rows and its history."""
        with self._mutex:
            db = self._writable()
            self._keys.pop(doc_id, None)
            with _transaction(db, self.path):
                if db.execute("DELETE FROM documents WHERE id = ?", (doc_id,)).rowcount == 0:
                    raise KeyError(doc_id)

    def stats(self) -> WorkspaceStats:
        """Totals over all documents."""
        infos = self.documents()
        with self._mutex:
            operations = self._reader().execute("SELECT count(*) FROM ops").fetchone()[0]
        size = sum(p.stat().st_size for p in (self.path, self.path.with_name(self.path.name + "-wal"))
                   if p.exists())
        return WorkspaceStats(len(infos), sum(i.rows for i in infos), sum(i.confirmed for i in infos),
                              sum(i.edited for i in infos), sum(i.auto for i in infos),
                              sum(i.low_confidence for i in infos), operations, size,
                              sum(i.mt_english for i in infos))

    # --------------------------------------------------------------------------------------- glossary

    def glossary(self) -> Glossary:
        """The workspace's glossary (empty when none was stored)."""
        from qa.glossary import Glossary, Term

        with self._mutex:
            records = self._reader().execute("SELECT zh, en, forbidden FROM glossary ORDER BY pos")
            terms = [Term(zh, tuple(json.loads(en)), tuple(json.loads(no))) for zh, en, no in records]
        return Glossary(tuple(terms))

    def set_glossary(self, glossary: Glossary) -> None:
        """Replace the workspace's glossary (one transaction; not part of any article's undo history)."""
        with self._mutex:
            db = self._writable()
            with _transaction(db, self.path):
                db.execute("DELETE FROM glossary")
                db.executemany("INSERT INTO glossary (pos, zh, en, forbidden) VALUES (?, ?, ?, ?)",
                               [(pos, t.zh, rowcodec.sentences(t.en), rowcodec.sentences(t.forbidden))
                                for pos, t in enumerate(glossary.terms)])

    # ------------------------------------------------------------------------------ sentence vectors

    def get_vectors(self, embedder: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The vectors of those ``texts`` that ``embedder`` encoded before in this workspace
        (``aligner.embedders.VectorStore``: re-aligning an article encodes nothing twice)."""
        import numpy as np

        wanted = {_text_key(t): t for t in dict.fromkeys(texts)}
        found: dict[str, np.ndarray] = {}
        digests = list(wanted)
        with self._mutex:
            db = self._reader()
            for k in range(0, len(digests), _CHUNK):
                chunk = digests[k:k + _CHUNK]
                for digest, blob in db.execute(
                        f"SELECT digest, vector FROM embeddings WHERE embedder = ? AND digest IN "
                        f"({','.join('?' * len(chunk))})", (embedder, *chunk)):
                    found[wanted[digest]] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_vectors(self, embedder: str, vectors: dict[str, np.ndarray]) -> None:
        """Keep ``vectors`` (text -> vector) made by ``embedder``, in one transaction. A read-only
        workspace keeps nothing (the vectors are only a cache) and says nothing."""
        import numpy as np

        if self.readonly or not vectors:
            return
        records = [(embedder, _text_key(text), np.asarray(vector, dtype=np.float32).tobytes())
                   for text, vector in vectors.items()]
        with self._mutex:
            db = self._writable()
            with _transaction(db, self.path):
                db.executemany("INSERT OR REPLACE INTO embeddings (embedder, digest, vector) "
                               "VALUES (?, ?, ?)", records)

    # ------------------------------------------------------------------------------ MT translations

    def get_translations(self, engine: str, model: str, revision: str,
                         sources: Iterable[str]) -> dict[str, str]:
        """The translations kept in this workspace of those ``sources`` that have one under (engine, model,
        revision): model output (``aligner.mt.TranslationStore``) and the suggestions the editor showed."""
        from aligner.mt.cache import select_translations

        with self._mutex:
            return select_translations(self._reader(), (engine, model, revision), sources)

    def put_translations(self, engine: str, model: str, revision: str,
                         pairs: Iterable[tuple[str, str]]) -> None:
        """Keep (source, target) ``pairs`` in one transaction. A read-only workspace keeps nothing (they
        are shown, not kept) and says nothing."""
        from aligner.mt.cache import insert_translations

        pairs = list(pairs)
        if self.readonly or not pairs:
            return
        with self._mutex:
            db = self._writable()
            with _transaction(db, self.path):
                insert_translations(db, (engine, model, revision), pairs)

    def latest_translation_model(self, engine: str) -> str | None:
        """The model of ``engine`` whose translations were kept last, or None when it has none."""
        with self._mutex:
            row = self._reader().execute("SELECT model FROM mt_translation WHERE engine = ? "
                                         "ORDER BY created DESC, rowid DESC LIMIT 1", (engine,)).fetchone()
        return row[0] if row else None

    # ---------------------------------------------------------------------------------------- editing

    def apply(self, doc_id: int, change: Change) -> None:
        """Apply an edit and log it, in one transaction; any redo branch is dropped.

        ``RowsMismatch`` (a ``ValueError``) if the stored rows are not the ones the change was made for.
        """
        with self._editing(doc_id) as db:
            undo_pos = self._undo_pos(db, doc_id)
            old, new = self._write(db, doc_id, change)
            db.execute("DELETE FROM ops WHERE doc_id = ? AND seq > ?", (doc_id, undo_pos))
            db.execute("INSERT INTO ops (doc_id, seq, change, at) VALUES (?, ?, ?, ?)",
                       (doc_id, undo_pos + 1, _change_json(change, old, new), _now()))
            db.execute("UPDATE documents SET undo_pos = ? WHERE id = ?", (undo_pos + 1, doc_id))
            db.execute("DELETE FROM ops WHERE doc_id = ? AND seq <= ?",
                       (doc_id, undo_pos + 1 - MAX_HISTORY))

    def undo(self, doc_id: int, expect: Sequence[Row] | None = None) -> Change | None:
        """Undo the last edit of a document; returns the change applied to do so, or None.

        With ``expect`` (the rows a caller holds in memory), ``RowsMismatch`` and nothing written when the
        change does not fit them: another process edited the document since they were read.
        """
        return self._step(doc_id, back=True, expect=expect)

    def redo(self, doc_id: int, expect: Sequence[Row] | None = None) -> Change | None:
        """Redo the last undone edit; returns the change re-applied, or None (``expect`` as for undo)."""
        return self._step(doc_id, back=False, expect=expect)

    def history(self, doc_id: int) -> History:
        """The labels of the edits undo and redo would act on next."""
        with self._mutex:
            db = self._reader()
            undo_pos = self._undo_pos(db, doc_id)
            labels = dict(db.execute(
                "SELECT seq, json_extract(change, '$.label') FROM ops WHERE doc_id = ? AND seq IN (?, ?)",
                (doc_id, undo_pos, undo_pos + 1)).fetchall())
        return History(labels.get(undo_pos), labels.get(undo_pos + 1))

    def split_without_space(self, doc_id: int, side: Side, left: str, right: str) -> bool:
        """Whether sentences ``left`` and ``right`` of ``side`` were made, by the latest logged split that
        made them, from one sentence that held them with nothing between (a split inside a word), so that
        joining them back gives that sentence again."""
        label = f"split sentence ({side})"
        with self._mutex:
            db = self._reader()
            records = db.execute(
                "SELECT change FROM ops WHERE doc_id = ? AND seq <= ? "
                "AND json_extract(change, '$.label') = ? ORDER BY seq DESC",
                (doc_id, self._undo_pos(db, doc_id), label)).fetchall()
        for (record,) in records:
            for row in _change_from_json(record).old:
                for sentence in row.side(side):
                    if sentence.startswith(left) and sentence.endswith(right) and \
                            len(sentence) >= len(left) + len(right) and \
                            not sentence[len(left):len(sentence) - len(right)].strip():
                        return len(sentence) == len(left) + len(right)
        return False

    def _step(self, doc_id: int, *, back: bool, expect: Sequence[Row] | None) -> Change | None:
        from corpora.edits import check_fits

        with self._editing(doc_id) as db:
            undo_pos = self._undo_pos(db, doc_id)
            seq = undo_pos if back else undo_pos + 1
            record = db.execute("SELECT change FROM ops WHERE doc_id = ? AND seq = ?",
                                (doc_id, seq)).fetchone()
            if record is None:
                return None
            change = _change_from_json(record[0])
            if back:
                change = change.inverse()
            if expect is not None:
                check_fits(expect, change)
            self._write(db, doc_id, change)
            db.execute("UPDATE documents SET undo_pos = ? WHERE id = ?", (seq - 1 if back else seq, doc_id))
        return change

    @contextlib.contextmanager
    def _editing(self, doc_id: int) -> Iterator[sqlite3.Connection]:
        """One write transaction on a document's rows. If it fails, the document's keys are read again
        from the file next time, since the rolled-back transaction may have changed them in memory."""
        with self._mutex:
            db = self._writable()
            try:
                with _transaction(db, self.path):
                    yield db
            except BaseException:
                self._keys.pop(doc_id, None)
                raise

    @staticmethod
    def _undo_pos(db: sqlite3.Connection, doc_id: int) -> int:
        record = db.execute("SELECT undo_pos FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if record is None:
            raise KeyError(doc_id)
        return int(record[0])

    def _row_keys(self, db: sqlite3.Connection, doc_id: int) -> list[int]:
        """The ``pos`` keys of a document's rows in order (read once, then kept up to date by ``_write``)."""
        keys = self._keys.get(doc_id)
        if keys is None:
            keys = self._keys[doc_id] = [k for (k,) in db.execute(
                "SELECT pos FROM rows WHERE doc_id = ? ORDER BY pos", (doc_id,))]
        return keys

    def _write(self, db: sqlite3.Connection, doc_id: int, change: Change) -> tuple[list[tuple], list[tuple]]:
        """Store the rows of a change and return the encodings of its old and new rows.

        Changed rows are rewritten in place, the old rows left over deleted and the new rows left over
        inserted between their neighbours; no other row is touched (but see :meth:`_make_room`).
        ``RowsMismatch`` if the stored rows differ from ``change.old`` in any field an edit can change
        (sentences, status, confidence, marks).
        """
        from corpora.edits import RowsMismatch

        keys = self._row_keys(db, doc_id)
        start, end = change.start, change.start + len(change.old)
        span = keys[start:end] if 0 <= start <= end <= len(keys) else []
        stored = db.execute(f"SELECT {COLUMNS} FROM rows WHERE doc_id = ? AND pos >= ? AND pos <= ? "
                            "ORDER BY pos", (doc_id, span[0], span[-1])).fetchall() if span else []
        old = [encode(row, record[PARTS]) for row, record in zip(change.old, stored, strict=False)]
        if len(span) != len(change.old) or len(stored) != len(change.old) or old != stored:
            if len(span) != len(change.old) or tuple(decode(r) for r in stored) != change.old:
                raise RowsMismatch(f"change {change.label!r} does not match the stored rows at {start}")
            old = stored
        new = [encode(row, old[k][PARTS] if k < len(old) and row.parts == change.old[k].parts else None)
               for k, row in enumerate(change.new)]
        common = min(len(old), len(new))
        db.executemany(f"UPDATE rows SET ({COLUMNS}) = ({MARKS}) WHERE doc_id = ? AND pos = ?",
                       [(*new[k], doc_id, span[k]) for k in range(common) if new[k] != old[k]])
        if len(old) > common:
            db.execute("DELETE FROM rows WHERE doc_id = ? AND pos >= ? AND pos <= ?",
                       (doc_id, span[common], span[-1]))
            del keys[start + common:end]
        if len(new) > common:
            fresh = self._make_room(db, doc_id, keys, start + common, len(new) - common)
            db.executemany(f"INSERT INTO rows (doc_id, pos, {COLUMNS}) VALUES (?,?,{MARKS})",
                           [(doc_id, key, *record) for key, record in zip(fresh, new[common:], strict=True)])
        return old, new

    @staticmethod
    def _make_room(db: sqlite3.Connection, doc_id: int, keys: list[int], at: int, count: int) -> list[int]:
        """Keys for ``count`` new rows before row ``at`` (inserted into ``keys``, returned).

        They are spread over the room between the neighbours. Where that room is too small, the rows of a
        window around ``at``, doubled until its room is large enough (a window reaching the last row
        always is), get new keys spread over the window first: rarely, and a few rows at a time.
        """
        before, after = at, at   # the window: keys[before:after] are given new keys with the new rows
        while True:
            low = keys[before - 1] if before else -1
            high = keys[after] if after < len(keys) else None
            slots = after - before + count
            step = schema.ROW_GAP if high is None else min(schema.ROW_GAP, (high - low) // (slots + 1))
            if step >= _MIN_STEP:
                break
            width = max(1, 2 * (after - before))
            before, after = max(0, at - width), min(len(keys), at + width)
        labels = [low + step * (k + 1) for k in range(slots)]
        moved = keys[before:at] + keys[at:after]
        if moved:
            # through negative keys (all stored keys are >= 0), so that (doc_id, pos) stays unique
            db.execute("UPDATE rows SET pos = -1 - pos WHERE doc_id = ? AND pos >= ? AND pos <= ?",
                       (doc_id, moved[0], moved[-1]))
            targets = labels[:at - before] + labels[at - before + count:]
            db.executemany("UPDATE rows SET pos = ? WHERE doc_id = ? AND pos = ?",
                           [(label, doc_id, -1 - key) for label, key in zip(targets, moved, strict=True)])
        keys[before:after] = labels
        return labels[at - before:at - before + count]


#: SQLite's errors about the storage itself, as the errno whose message fits (see ``write_error``).
_STORAGE_ERRORS = {"SQLITE_FULL": errno.ENOSPC, "SQLITE_READONLY": errno.EROFS, "SQLITE_IOERR": errno.EIO,
                   "SQLITE_CANTOPEN": errno.EACCES}


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection, path: Path):
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any exception; a full disk, a read-only medium
    or a failing device is a ``UserError`` naming the workspace ``path``, the file left as it was."""
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        code = next((e for name, e in _STORAGE_ERRORS.items()
                     if (exc.sqlite_errorname or "").startswith(name)), None)
        if code is None:
            raise
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise write_error(path, OSError(code, os.strerror(code))) from None
