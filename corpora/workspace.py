"""The workspace: one SQLite file holding documents, their rows and an undo/redo log of every edit.

Durability: the file is in WAL mode with ``synchronous=FULL``, and every edit (rows and op-log entry)
is one transaction. WAL+NORMAL would already survive a killed process; FULL also survives a power cut
or kernel crash at the cost of one fsync per edit, which is worth it for hand-checked alignments and is
well inside a keystroke's budget (see ``bench/workspace_bench.py``).

Only one process may write a workspace at a time: opening for writing takes an ``fcntl`` lock on the side
file ``<path>.lock`` (which holds the writer's pid). Read-only opens never lock and never write, not even
SQLite's side files, so they work on read-only media (see :func:`aligner.mt.cache.connect_readonly`).
A new workspace is built under a temporary name and renamed into place, so a full disk never leaves a
half-made one; a write the disk refuses is a ``UserError`` naming the workspace.

The undo log stores :class:`corpora.edits.Change` objects as JSON, not snapshots. ``documents.undo_pos``
is the sequence number of the last applied change; undo applies its inverse and steps back, redo
re-applies the next one, and a new edit after an undo drops the redo branch. Undo reaches back
``MAX_HISTORY`` edits per document.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import math
import os
import sqlite3
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from aligner.errors import UserError
from corpora import schema
from corpora.document import LOW_CONFIDENCE, Document, Row, text_digest
from corpora.edits import Change
from corpora.fileio import fsync_dir, write_error
from qa.glossary import Glossary, Term

#: Undo reaches back this many edits per document; older log entries are dropped to bound the file.
MAX_HISTORY = 5000

_SQLITE_MAGIC = b"SQLite format 3\x00"
_ROW_COLUMNS = "zh, en, status, confidence, parts, bookmark, headline, en_from_mt, zh_from_mt, ignored"
_ROW_MARKS = ",".join("?" * len(_ROW_COLUMNS.split(",")))  # one placeholder per column


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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _plain(value: object) -> object:
    """JSON for numpy scalars that reach a row's scores."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"cannot store a {type(value).__name__} in a workspace")


_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_plain).encode
_string = json.encoder.encode_basestring  # C-accelerated, the same output as _json for one str


def _sentences(sentences: list[str]) -> str:
    """A list of sentences as compact JSON, without the per-call overhead of ``_json``."""
    return "[" + ",".join(map(_string, sentences)) + "]"


def _encode(row: Row, parts: str | None = None) -> tuple:
    """A row as the values of ``_ROW_COLUMNS``; ``parts`` is its parts' JSON when already known."""
    confidence = None if row.confidence is None else float(row.confidence)
    return (_sentences(row.zh), _sentences(row.en), row.status, confidence,
            parts if parts is not None else _json(row.parts) if row.parts else "{}", int(row.bookmark),
            int(row.headline), int(row.en_from_mt), int(row.zh_from_mt), _sentences(list(row.ignored)))


def _decode(record: Sequence) -> Row:
    zh, en, status, confidence, parts, bookmark, headline, en_from_mt, zh_from_mt, ignored = record
    return Row(json.loads(zh), json.loads(en), status, confidence, json.loads(parts), bool(bookmark),
               bool(headline), bool(en_from_mt), bool(zh_from_mt), tuple(json.loads(ignored)))


def _record_json(record: tuple) -> str:
    """An encoded row as one JSON array (for the operation log)."""
    zh, en, status, confidence, parts, bookmark, headline, en_from_mt, zh_from_mt, ignored = record
    number = "null" if confidence is None else repr(confidence) if math.isfinite(confidence) else "NaN"
    return (f"[{zh},{en},{_string(status)},{number},{parts},{bookmark},{headline},{en_from_mt},"
            f"{zh_from_mt},{ignored}]")


def _change_json(change: Change, old: list[tuple], new: list[tuple]) -> str:
    """The operation-log form of a change, assembled from its rows' encodings.

    Row moves keep each side's sentences and only regroup them; on such a side the new rows store their
    sentence counts instead of the texts (``_change_from_json`` takes them from the old rows), which
    halves the log entry of an edit that shifts a whole column.
    """
    def regrouped(side: str) -> bool:
        before = [s for row in change.old for s in getattr(row, side)]
        return bool(before) and before == [s for row in change.new for s in getattr(row, side)]

    zh_counted, en_counted = regrouped("zh"), regrouped("en")
    if zh_counted or en_counted:
        new = [(str(len(row.zh)) if zh_counted else record[0], str(len(row.en)) if en_counted else record[1],
                *record[2:]) for row, record in zip(change.new, new, strict=True)]
    return (f'{{"start":{change.start},"cursor":{change.cursor},"label":{_string(change.label)},'
            f'"old":[{",".join(map(_record_json, old))}],"new":[{",".join(map(_record_json, new))}]}}')


def _logged_row(zh: list[str], en: list[str], status: str, confidence: float | None, parts: dict,
                bookmark: int, headline: int, *later: object) -> Row:
    """A row of the operation log; entries written before schema 3 lack ``en_from_mt``, before schema 4
    ``zh_from_mt`` and ``ignored`` (they were 0, 0 and none)."""
    en_mt, zh_mt, ignored = (*later, *(0, 0, [])[len(later):])
    return Row(zh, en, status, confidence, parts, bool(bookmark), bool(headline),  # type: ignore[arg-type]
               bool(en_mt), bool(zh_mt), tuple(ignored))  # type: ignore[arg-type]


def _change_from_json(text: str) -> Change:
    """A logged change (see :func:`_logged_row` for entries of older schemas)."""
    data = json.loads(text)
    old = tuple(_logged_row(*record) for record in data["old"])
    sentences = {side: iter([s for row in old for s in row.side(side)]) for side in ("zh", "en")}

    def texts(value: list[str] | int, side: str) -> list[str]:
        return [next(sentences[side]) for _ in range(value)] if isinstance(value, int) else value

    new = tuple(_logged_row(texts(zh, "zh"), texts(en, "en"), *rest) for zh, en, *rest in data["new"])
    return Change(data["start"], old, new, data["cursor"], data["label"])


class _WriterLock:
    """An exclusive ``fcntl`` lock on ``<workspace>.lock``, holding the writer's pid."""

    def __init__(self, workspace: Path) -> None:
        self.path = workspace.with_name(workspace.name + ".lock")
        try:  # never through a symlink planted at the lock's name: the pid written would truncate its target
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise UserError(f"{workspace}: its lock file {self.path.name} is a symbolic link; delete it "
                                "and open the workspace again") from None
            raise UserError(f"{workspace}: cannot write its lock file {self.path.name} ({exc.strerror}); "
                            "check the folder's permissions, or open it with --read-only") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise UserError(
                f"{workspace}: open for writing in another process (pid {holder}); close it there, "
                "or open this one with --read-only") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd

    def release(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


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
        with path.open("rb") as fh:
            if fh.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
                raise UserError(f"{path}: not a zhen-align workspace (not an SQLite file); check the path")
        lock = None if readonly else _WriterLock(path)
        try:
            db = cls._connect(path, readonly=readonly)
            cls._check_version(path, db, readonly)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return cls(path, db, lock)

    @staticmethod
    def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
        from aligner.mt.cache import connect_readonly

        try:
            if readonly:
                db = connect_readonly(path)
            else:
                db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except sqlite3.DatabaseError as exc:
            raise UserError(f"{path}: cannot be read as a workspace ({exc}); check the path") from None
        try:
            db.execute("PRAGMA busy_timeout = 5000")
            if not readonly:
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            db.close()
            raise UserError(f"{path}: cannot be read as a workspace ({exc}); check the path") from None
        return db

    @staticmethod
    def _check_version(path: Path, db: sqlite3.Connection, readonly: bool) -> None:
        try:
            version = schema.schema_version(db)
        except sqlite3.DatabaseError as exc:
            db.close()
            raise UserError(f"{path}: cannot be read as a workspace ({exc}); check the path") from None
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

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

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
        with self._mutex:
            db = self._writable()
            with _transaction(db, self.path):
                cur = db.execute(
                    "INSERT INTO documents (title, source, date, url, created) VALUES (?, ?, ?, ?, ?)",
                    (doc.title, doc.source, doc.date, doc.url, _now()))
                doc_id = int(cur.lastrowid)
                rows = [r for r in doc.rows if not r.is_empty]
                db.executemany(f"INSERT INTO rows (doc_id, pos, {_ROW_COLUMNS}) VALUES (?,?,{_ROW_MARKS})",
                               [(doc_id, pos, *_encode(r)) for pos, r in enumerate(rows)])
            return doc_id

    def documents(self) -> list[DocumentInfo]:
        """Every document with its row counts, in the order they were added."""
        with self._mutex:
            records = self._reader().execute(
                """SELECT d.id, d.title, count(r.pos),
                          coalesce(sum(r.status = 'confirmed'), 0), coalesce(sum(r.status = 'edited'), 0),
                          coalesce(sum(r.status = 'auto'), 0),
                          coalesce(sum(r.status = 'auto' AND r.confidence < ?), 0), d.source, d.created,
                          coalesce(sum(r.en_from_mt), 0)
                   FROM documents d LEFT JOIN rows r ON r.doc_id = d.id
                   GROUP BY d.id ORDER BY d.id""", (LOW_CONFIDENCE,)).fetchall()
        return [DocumentInfo(*record) for record in records]

    def load(self, doc_id: int) -> Document:
        """The document with its rows; ``KeyError`` if there is none with this id."""
        with self._mutex:
            db = self._reader()
            meta = db.execute("SELECT title, source, date, url FROM documents WHERE id = ?",
                              (doc_id,)).fetchone()
            if meta is None:
                raise KeyError(doc_id)
            records = db.execute(f"SELECT {_ROW_COLUMNS} FROM rows WHERE doc_id = ? ORDER BY pos",
                                 (doc_id,)).fetchall()
        title, source, date, url = meta
        return Document([_decode(r) for r in records], title, source, date, url, doc_id)

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
                               [(pos, t.zh, _sentences(list(t.en)), _sentences(list(t.forbidden)))
                                for pos, t in enumerate(glossary.terms)])

    # ---------------------------------------------------------------------------------------- editing

    def apply(self, doc_id: int, change: Change) -> None:
        """Apply an edit and log it, in one transaction; any redo branch is dropped.

        ``ValueError`` if the stored rows are not the ones the change was made for.
        """
        with self._mutex:
            db = self._writable()
            with _transaction(db, self.path):
                undo_pos = self._undo_pos(db, doc_id)
                old, new = self._write(db, doc_id, change)
                db.execute("DELETE FROM ops WHERE doc_id = ? AND seq > ?", (doc_id, undo_pos))
                db.execute("INSERT INTO ops (doc_id, seq, change, at) VALUES (?, ?, ?, ?)",
                           (doc_id, undo_pos + 1, _change_json(change, old, new), _now()))
                db.execute("UPDATE documents SET undo_pos = ? WHERE id = ?", (undo_pos + 1, doc_id))
                db.execute("DELETE FROM ops WHERE doc_id = ? AND seq <= ?",
                           (doc_id, undo_pos + 1 - MAX_HISTORY))

    def undo(self, doc_id: int) -> Change | None:
        """Undo the last edit of a document; returns the change applied to do so, or None."""
        return self._step(doc_id, back=True)

    def redo(self, doc_id: int) -> Change | None:
        """Redo the last undone edit; returns the change re-applied, or None."""
        return self._step(doc_id, back=False)

    def history(self, doc_id: int) -> History:
        """The labels of the edits undo and redo would act on next."""
        with self._mutex:
            db = self._reader()
            undo_pos = self._undo_pos(db, doc_id)
            labels = dict(db.execute(
                "SELECT seq, json_extract(change, '$.label') FROM ops WHERE doc_id = ? AND seq IN (?, ?)",
                (doc_id, undo_pos, undo_pos + 1)).fetchall())
        return History(labels.get(undo_pos), labels.get(undo_pos + 1))

    def _step(self, doc_id: int, *, back: bool) -> Change | None:
        with self._mutex:
            db = self._writable()
            with _transaction(db, self.path):
                undo_pos = self._undo_pos(db, doc_id)
                seq = undo_pos if back else undo_pos + 1
                record = db.execute("SELECT change FROM ops WHERE doc_id = ? AND seq = ?",
                                    (doc_id, seq)).fetchone()
                if record is None:
                    return None
                change = _change_from_json(record[0])
                if back:
                    change = change.inverse()
                self._write(db, doc_id, change)
                db.execute("UPDATE documents SET undo_pos = ? WHERE id = ?",
                           (seq - 1 if back else seq, doc_id))
            return change

    @staticmethod
    def _undo_pos(db: sqlite3.Connection, doc_id: int) -> int:
        record = db.execute("SELECT undo_pos FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if record is None:
            raise KeyError(doc_id)
        return int(record[0])

    @staticmethod
    def _write(db: sqlite3.Connection, doc_id: int, change: Change) -> tuple[list[tuple], list[tuple]]:
        """Store the rows of a change and return the encodings of its old and new rows.

        Changed rows are rewritten in place, the difference in length is deleted or inserted and the
        rows after it renumbered. ``ValueError`` if the stored rows differ from ``change.old`` in any
        field an edit can change (sentences, status, confidence, marks).
        """
        start, end = change.start, change.start + len(change.old)
        stored = db.execute(f"SELECT {_ROW_COLUMNS} FROM rows WHERE doc_id = ? AND pos >= ? AND pos < ? "
                            "ORDER BY pos", (doc_id, start, end)).fetchall()
        old = [_encode(row, record[4]) for row, record in zip(change.old, stored, strict=False)]
        if len(stored) != len(change.old) or old != stored:
            if tuple(_decode(r) for r in stored) != change.old:
                raise ValueError(f"change {change.label!r} does not match the stored rows at {start}")
            old = stored
        new = [_encode(row, old[k][4] if k < len(old) and row.parts == change.old[k].parts else None)
               for k, row in enumerate(change.new)]
        common = min(len(old), len(new))
        db.executemany(f"UPDATE rows SET ({_ROW_COLUMNS}) = ({_ROW_MARKS}) WHERE doc_id = ? AND pos = ?",
                       [(*new[k], doc_id, start + k) for k in range(common) if new[k] != old[k]])
        db.execute("DELETE FROM rows WHERE doc_id = ? AND pos >= ? AND pos < ?",
                   (doc_id, start + common, end))
        shift = len(new) - len(old)
        if shift:
            # Two passes through negative numbers keep (doc_id, pos) unique at every step.
            db.execute("UPDATE rows SET pos = -1 - (pos + ?) WHERE doc_id = ? AND pos >= ?",
                       (shift, doc_id, end))
            db.execute("UPDATE rows SET pos = -1 - pos WHERE doc_id = ? AND pos < 0", (doc_id,))
        db.executemany(f"INSERT INTO rows (doc_id, pos, {_ROW_COLUMNS}) VALUES (?,?,{_ROW_MARKS})",
                       [(doc_id, start + k, *new[k]) for k in range(common, len(new))])
        return old, new


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
