"""A SQLite cache of machine translations, keyed by (engine, model, revision, source text)."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from aligner.derived_cache import cache_home
from aligner.errors import UserError
from aligner.mt.base import Translator

_SCHEMA = """
CREATE TABLE IF NOT EXISTS mt_translation (
    engine   TEXT NOT NULL,
    model    TEXT NOT NULL,
    revision TEXT NOT NULL,
    source   TEXT NOT NULL,
    target   TEXT NOT NULL,
    created  TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (engine, model, revision, source)
)
"""
_CHUNK = 500  # stay well under SQLite's limit on bound parameters


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that never writes to ``path`` or beside it, so it works on read-only media.

    ``mode=ro`` first (it sees changes another process is making); where that cannot open (a read-only
    folder gives SQLite no room for its shared-memory file), ``immutable=1``, which reads the file as it
    is. ``sqlite3.Error`` when neither can read it.
    """
    path = Path(path)
    uri = f"file:{quote(str(path.resolve()))}"
    db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError:
        db.close()
    wal = path.with_name(path.name + "-wal")
    if wal.is_file() and wal.stat().st_size:  # immutable would not see what it holds
        raise UserError(f"{path}: its latest changes are in {wal.name}, which cannot be read from here (a "
                        "read-only folder or medium); copy both files to a folder you can write")
    db = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None,
                         check_same_thread=False)
    db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return db


def default_cache_path() -> Path:
    """``mt.sqlite`` in zhen-align's cache directory (``$ZHEN_ALIGN_CACHE``, default
    ``$XDG_CACHE_HOME/zhen-align``, i.e. ``~/.cache/zhen-align``; see ``aligner.derived_cache``)."""
    return cache_home() / "mt.sqlite"


class MTCache:
    """Translations stored in any SQLite file (its own, or a workspace); the table is created if missing.

    ``readonly`` only reads (a workspace opened with ``--read-only``): nothing is created or stored.
    """

    def __init__(self, path: str | Path | None = None, *, readonly: bool = False) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self.readonly = readonly
        self._lock = threading.Lock()
        if readonly:
            try:
                self._db = connect_readonly(self.path)
                found = self._db.execute("SELECT 1 FROM sqlite_master WHERE name = 'mt_translation'")
                if not found.fetchone():  # an empty table to read from
                    self._db.execute(_SCHEMA.replace("TABLE IF NOT EXISTS", "TEMP TABLE"))
            except sqlite3.Error as exc:
                raise UserError(f"{self.path}: cannot read it ({exc}); check the path") from exc
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            with contextlib.suppress(sqlite3.OperationalError):  # busy elsewhere: keep its journal mode
                self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(_SCHEMA)
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise UserError(f"{self.path}: cannot use it as the MT cache ({exc}); fix its permissions "
                            "or pass --no-cache") from exc

    def get_many(self, engine: str, model: str, revision: str, sources: Iterable[str]) -> dict[str, str]:
        """Cached translations of those ``sources`` that have one."""
        wanted = list(dict.fromkeys(sources))
        found: dict[str, str] = {}
        with self._lock:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start:start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT source, target FROM mt_translation WHERE engine=? AND model=? AND revision=?"
                    f" AND source IN ({marks})", (engine, model, revision, *chunk))
                found.update(rows)
        return found

    def put_many(self, engine: str, model: str, revision: str, pairs: Iterable[tuple[str, str]]) -> None:
        """Store (source, target) pairs, replacing older entries for the same key."""
        rows = [(engine, model, revision, src, tgt) for src, tgt in pairs]
        if self.readonly:
            return
        with self._lock:
            self._db.executemany(
                "INSERT OR REPLACE INTO mt_translation (engine, model, revision, source, target)"
                " VALUES (?, ?, ?, ?, ?)", rows)
            self._db.commit()

    def latest_model(self, engine: str) -> str | None:
        """The model of ``engine`` whose translations were stored last, or None when it has none."""
        with self._lock:
            row = self._db.execute("SELECT model FROM mt_translation WHERE engine=? "
                                   "ORDER BY created DESC, rowid DESC LIMIT 1", (engine,)).fetchone()
        return row[0] if row else None

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT count(*) FROM mt_translation").fetchone()[0]

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> MTCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class CachedTranslator:
    """A translator that asks its inner engine only for sources the cache does not hold yet."""

    def __init__(self, inner: Translator, cache: MTCache, *, engine: str, model: str, revision: str) -> None:
        self.inner = inner
        self.cache = cache
        self.key = (engine, model, revision)
        self.name = inner.name
        self.is_gloss = inner.is_gloss

    def translate(self, texts: list[str]) -> list[str]:
        """Translations of ``texts``; each distinct uncached source is translated once and stored."""
        known = self.cache.get_many(*self.key, texts)
        missing = [t for t in dict.fromkeys(texts) if t not in known and t.strip()]
        if missing:
            fresh = dict(zip(missing, self.inner.translate(missing), strict=True))
            # an empty result means "nothing to say" (e.g. absent from an MT file): do not pin it
            self.cache.put_many(*self.key, ((s, t) for s, t in fresh.items() if t))
            known.update(fresh)
        return [known.get(t, "") for t in texts]
