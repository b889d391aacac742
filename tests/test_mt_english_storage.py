"""The ``en_from_mt`` row flag in the workspace: schema 3, the 2 -> 3 migration, close/reopen, undo/redo."""

from __future__ import annotations

import json
import sqlite3

from corpora import edits, schema
from corpora.document import Document, Row
from corpora.edits import Change
from corpora.workspace import Workspace


def _doc() -> Document:
    return Document([Row([f"第{i}句。"], [f"Sentence {i}."], "auto", 0.9) for i in range(3)], "flags")


def _accept_mt(row: Row, english: list[str]) -> Row:
    """What the editor's accept-MT key makes of a row."""
    return Row(list(row.zh), english, "edited", None, {}, row.bookmark, row.headline, en_from_mt=True)


def test_the_flag_survives_close_reopen_undo_and_redo(tmp_path):
    path = tmp_path / "w.zhen"
    with Workspace.create(path) as ws:
        doc_id = ws.add_document(_doc())
        rows = ws.load(doc_id).rows
        ws.apply(doc_id, Change(1, (rows[1],), (_accept_mt(rows[1], ["MT one."]),), 1, "accept MT (en)"))
    with Workspace.open(path) as ws:
        rows = ws.load(doc_id).rows
        assert [r.en_from_mt for r in rows] == [False, True, False]
        assert rows[1].en == ["MT one."]
        ws.apply(doc_id, edits.merge_up(rows, 2))  # the merged row keeps the flag
        assert [r.en_from_mt for r in ws.load(doc_id).rows] == [False, True]
    with Workspace.open(path) as ws:
        ws.undo(doc_id)
        assert [r.en_from_mt for r in ws.load(doc_id).rows] == [False, True, False]
        ws.undo(doc_id)
        assert [r.en_from_mt for r in ws.load(doc_id).rows] == [False, False, False]
        assert ws.load(doc_id).rows[1].en == ["Sentence 1."]
        ws.redo(doc_id)
        ws.redo(doc_id)
        merged = ws.load(doc_id).rows
        assert [r.en_from_mt for r in merged] == [False, True]
        assert merged[1].en == ["MT one.", "Sentence 2."]


def test_a_version_2_file_migrates_and_its_old_log_still_undoes(tmp_path):
    path = tmp_path / "v2.zhen"
    db = sqlite3.connect(path)
    for statement in schema.SCHEMA_V1.split(";"):
        db.execute(statement)
    schema.MIGRATIONS[1](db)
    db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    db.execute("INSERT INTO meta VALUES ('schema_version', '2')")
    db.execute("INSERT INTO documents (title, created, undo_pos) "
               "VALUES ('old', '2025-01-01T00:00:00+00:00', 1)")
    db.execute("INSERT INTO rows (doc_id, pos, zh, en, status, confidence, parts, bookmark, headline) "
               "VALUES (1, 0, ?, ?, 'edited', NULL, '{}', 0, 0)",
               (json.dumps(["甲。", "乙。"]), json.dumps(["A.", "B."])))
    # a version-2 log entry: rows of seven fields, no en_from_mt
    old = [[["甲。"], ["A."], "auto", 0.5, {}, 0, 0], [["乙。"], ["B."], "auto", 0.5, {}, 0, 0]]
    new = [[["甲。", "乙。"], ["A.", "B."], "edited", None, {}, 0, 0]]
    db.execute("INSERT INTO ops VALUES (1, 1, ?, '2025-01-01T00:00:00+00:00')",
               (json.dumps({"start": 0, "cursor": 0, "label": "merge", "old": old, "new": new}),))
    db.commit()
    db.close()
    with Workspace.open(path) as ws:
        assert [r.en_from_mt for r in ws.load(1).rows] == [False]
        assert ws.undo(1) is not None
        assert [(r.en, r.en_from_mt) for r in ws.load(1).rows] == [(["A."], False), (["B."], False)]
        rows = ws.load(1).rows
        ws.apply(1, Change(0, (rows[0],), (_accept_mt(rows[0], ["MT."]),), 0, "accept MT (en)"))
        assert ws.load(1).rows[0].en_from_mt
    check = sqlite3.connect(path)
    version = check.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    assert version == str(schema.SCHEMA_VERSION)
    assert check.execute("SELECT en_from_mt FROM rows ORDER BY pos").fetchall() == [(1,), (0,)]
    check.close()
