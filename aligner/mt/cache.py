"""A SQLite cache of machine translations, keyed by (engine, model, revision, source text)."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from aligner.derived_cache import cache_home
from aligner.errors import UserError
from aligner.mt.base import Notify, Translator, notify_stderr

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


def default_cache_path() -> Path:
    """``mt.sqlite`` in zhen-align's cache directory (``$ZHEN_ALIGN_CACHE``, default
    ``$XDG_CACHE_HOME/zhen-align``, i.e. ``~/.cache/zhen-align``; see ``aligner.derived_cache``)."""
    return cache_home() / "mt.sqlite"


def select_translations(db: sqlite3.Connection, key: tuple[str, str, str],
                        sources: Iterable[str]) -> dict[str, str]:
    """The translations in ``db``'s ``mt_translation`` table of those ``sources`` that have one under
    ``key`` (engine, model, revision); the caller owns the connection (the MT cache, a workspace)."""
    wanted = list(dict.fromkeys(sources))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        found.update(db.execute(
            "SELECT source, target FROM mt_translation WHERE engine=? AND model=? AND revision=?"
            f" AND source IN ({','.join('?' * len(chunk))})", (*key, *chunk)))
    return found


def insert_translations(db: sqlite3.Connection, key: tuple[str, str, str],
                        pairs: Iterable[tuple[str, str]]) -> None:
    """Write (source, target) ``pairs`` under ``key`` into ``db``'s ``mt_translation`` table, replacing
    older entries; inside the caller's transaction."""
    db.executemany("INSERT OR REPLACE INTO mt_translation (engine, model, revision, source, target)"
                   " VALUES (?, ?, ?, ?, ?)", [(*key, src, tgt) for src, tgt in pairs])


class TranslationStore(Protocol):
    """Where translations are kept by (engine, model, revision, source): :class:`MTCache`, or a workspace."""

    def get_translations(self, engine: str, model: str, revision: str,
                         sources: Iterable[str]) -> dict[str, str]:
        """The stored translations of those ``sources`` that have one."""
        ...

    def put_translations(self, engine: str, model: str, revision: str,
                         pairs: Iterable[tuple[str, str]]) -> None:
        """Keep (source, target) pairs, replacing older entries for the same key."""
        ...


class MTCache:
    """Translations stored in zhen-align's own cache file (``mt.sqlite``, or ``path``); the table is
    created if missing. A workspace keeps its own through ``corpora.workspace.Workspace``, which has the
    same two methods (:class:`TranslationStore`).

    A cache that cannot be opened is a UserError; one whose writes fail later (a full disk, a file made
    read-only) costs only the caching: ``notify`` hears of it once, and later translations are not stored.
    """

    def __init__(self, path: str | Path | None = None, notify: Notify = notify_stderr) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self._lock = threading.Lock()
        self._notify = notify
        self._writable = True
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

    def get_translations(self, engine: str, model: str, revision: str,
                         sources: Iterable[str]) -> dict[str, str]:
        """Cached translations of those ``sources`` that have one."""
        with self._lock:
            return select_translations(self._db, (engine, model, revision), sources)

    def put_translations(self, engine: str, model: str, revision: str,
                         pairs: Iterable[tuple[str, str]]) -> None:
        """Store (source, target) pairs, replacing older entries for the same key; nothing once a write
        has failed (see the class)."""
        with self._lock:
            if not self._writable:
                return
            try:
                insert_translations(self._db, (engine, model, revision), pairs)
                self._db.commit()
            except (OSError, sqlite3.Error) as exc:
                with contextlib.suppress(sqlite3.Error):
                    self._db.rollback()
                self._writable = False
                self._notify(f"{self.path}: cannot write to the MT cache ({exc}); translating on without "
                             "caching (--no-cache silences this)")

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

    def __init__(self, inner: Translator, cache: TranslationStore, *, engine: str, model: str,
                 revision: str) -> None:
        self.inner = inner
        self.cache = cache
        self.key = (engine, model, revision)
        self.name = inner.name
        self.is_gloss = inner.is_gloss

    def translate(self, texts: list[str]) -> list[str]:
        """Translations of ``texts``; each distinct uncached source is translated once and stored."""
        known = self.cache.get_translations(*self.key, texts)
        missing = [t for t in dict.fromkeys(texts) if t not in known and t.strip()]
        if missing:
            fresh = dict(zip(missing, self.inner.translate(missing), strict=True))
            # an empty result means "nothing to say" (e.g. absent from an MT file): do not pin it
            self.cache.put_translations(*self.key, ((s, t) for s, t in fresh.items() if t))
            known.update(fresh)
        return [known.get(t, "") for t in texts]
