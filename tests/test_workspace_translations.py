"""Machine translations kept in the workspace go through ``Workspace`` and a table of its own schema."""

from __future__ import annotations

import sqlite3

import pytest

from aligner.mt.cache import CachedTranslator
from corpora import schema
from corpora.workspace import Workspace

#: The table as ``MTCache`` used to create it inside workspace files, outside the migrations.
_UNVERSIONED = """CREATE TABLE mt_translation (engine TEXT NOT NULL, model TEXT NOT NULL, revision TEXT NOT
    NULL, source TEXT NOT NULL, target TEXT NOT NULL, created TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (engine, model, revision, source))"""


def _as_version_5(path, *, with_old_table: bool) -> None:
    """Turn a new workspace into a version-5 file, with or without the MT cache's unversioned table."""
    db = sqlite3.connect(path)
    db.execute("DROP TABLE mt_translation")
    for side in ("en", "zh"):   # the rows' whole-side MT flags of schemas 3 to 6
        db.execute(f"ALTER TABLE rows DROP COLUMN {side}_mt")
        db.execute(f"ALTER TABLE rows ADD COLUMN {side}_from_mt INTEGER NOT NULL DEFAULT 0")
    db.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    if with_old_table:
        db.execute(_UNVERSIONED)
        db.execute("INSERT INTO mt_translation (engine, model, revision, source, target) "
                   "VALUES ('editor-shown', 'file', '', '一。', 'One.')")
    db.commit()
    db.close()


@pytest.mark.parametrize("with_old_table", [False, True])
def test_version_5_gains_the_table_and_keeps_what_the_old_cache_stored(tmp_path, with_old_table):
    path = tmp_path / "w.zhalign"
    Workspace.create(path).close()
    _as_version_5(path, with_old_table=with_old_table)
    with Workspace.open(path) as ws:
        kept = ws.get_translations("editor-shown", "file", "", ["一。"])
        assert kept == ({"一。": "One."} if with_old_table else {})
        ws.put_translations("editor-shown", "file", "", [("二。", "Two.")])
        assert ws.latest_translation_model("editor-shown") == "file"
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(
        schema.SCHEMA_VERSION)
    db.close()


def test_a_read_only_workspace_shows_translations_and_keeps_nothing(tmp_path):
    path = tmp_path / "w.zhalign"
    with Workspace.create(path) as ws:
        ws.put_translations("transformers", "m", "r", [("一。", "One.")])
    with Workspace.open(path, readonly=True) as ws:
        ws.put_translations("transformers", "m", "r", [("二。", "Two.")])   # no error, nothing kept
        assert ws.get_translations("transformers", "m", "r", ["一。", "二。"]) == {"一。": "One."}


class _Upper:
    name, is_gloss = "stand-in", False

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def translate(self, texts: list[str]) -> list[str]:
        self.calls.append(texts)
        return [t.upper() for t in texts]


def test_a_model_engine_cached_in_the_workspace_translates_each_sentence_once(tmp_path):
    """The editor and ``add`` hand their open workspace to ``get_translator`` as the cache: it holds the
    writer lock, so no second connection could write the file."""
    inner = _Upper()
    with Workspace.create(tmp_path / "w.zhalign") as ws:
        cached = CachedTranslator(inner, ws, engine="transformers", model="m", revision="r")
        assert cached.translate(["a", "b"]) == ["A", "B"]
        assert cached.translate(["b", "c"]) == ["B", "C"]
        assert inner.calls == [["a", "b"], ["c"]]
        assert ws.get_translations("transformers", "m", "r", ["a", "c"]) == {"a": "A", "c": "C"}
