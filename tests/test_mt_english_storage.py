"""MT marks in the workspace: the ``en_from_mt`` flag of schemas 3 to 6 and the per-sentence marks
(``Row.en_mt``, ``Row.zh_mt``) of schema 7 through migrations, close/reopen, undo/redo."""

from __future__ import annotations

import json
import sqlite3

import pytest

from aligner.errors import UserError
from corpora import edits, schema
from corpora.document import Document, Row, every_sentence
from corpora.edits import Change
from corpora.workspace import Workspace


def _doc() -> Document:
    return Document([Row([f"第{i}句。"], [f"Sentence {i}."], "auto", 0.9) for i in range(3)], "flags")


def _accept_mt(row: Row, english: list[str]) -> Row:
    """What the editor's accept-MT key makes of a row."""
    return Row(list(row.zh), english, "edited", None, {}, row.bookmark, row.headline,
               en_mt=every_sentence(english))


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
    assert check.execute("SELECT en_mt FROM rows ORDER BY pos").fetchall() == [("[0]",), ("[]",)]
    check.close()


def _rows(path, doc_id: int = 1) -> list[tuple[list[str], tuple[int, ...], bool]]:
    with Workspace.open(path, readonly=True) as ws:
        return [(r.en, r.en_mt, r.en_from_mt) for r in ws.load(doc_id).rows]


def test_merge_then_split_gives_the_human_row_back_clean_across_reopens_undo_and_redo(tmp_path):
    """Row A's English accepted from MT, row B's human: merged and split again, B is human again; each
    step in its own session, so the marks come back from the rows table and from the operation log."""
    path = tmp_path / "w.zhen"
    with Workspace.create(path) as ws:
        doc_id = ws.add_document(Document([Row(["甲。"], ["Alpha."], "auto", 0.9),
                                           Row(["乙。"], ["Human Bravo."], "auto", 0.9)], "repro"))
        ws.apply(doc_id, edits.accept_mt(ws.load(doc_id).rows, 0, "en", ["MT Alpha."]))
    with Workspace.open(path) as ws:
        ws.apply(doc_id, edits.merge_up(ws.load(doc_id).rows, 1))
    assert _rows(path, doc_id) == [(["MT Alpha.", "Human Bravo."], (0,), True)]
    with Workspace.open(path) as ws:
        ws.apply(doc_id, edits.split_row(ws.load(doc_id).rows, 0))
    split = [(["MT Alpha."], (0,), True), (["Human Bravo."], (), False)]
    assert _rows(path, doc_id) == split
    with Workspace.open(path) as ws:
        ws.undo(doc_id)
    assert _rows(path, doc_id) == [(["MT Alpha.", "Human Bravo."], (0,), True)]
    with Workspace.open(path) as ws:
        ws.undo(doc_id)
        ws.undo(doc_id)
    assert _rows(path, doc_id) == [(["Alpha."], (), False), (["Human Bravo."], (), False)]
    with Workspace.open(path) as ws:
        for _ in range(3):
            ws.redo(doc_id)
    assert _rows(path, doc_id) == split


def _version_6_workspace(path) -> None:
    """A schema-6 workspace written here: one article whose first row's English (two sentences) and
    second row's Chinese are flagged, and a logged merge of the two, undone (so one redo waits)."""
    db = sqlite3.connect(path)
    for statement in schema.SCHEMA_V1.split(";"):
        if statement.strip():
            db.execute(statement)
    for version in range(1, 6):
        schema.MIGRATIONS[version](db)
    db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    db.execute("INSERT INTO meta VALUES ('schema_version', '6')")
    db.execute("INSERT INTO documents (title, created, undo_pos) "
               "VALUES ('v6', '2025-06-01T00:00:00+00:00', 0)")
    rows = [(["甲。"], ["MT one.", "MT two."], 1, 0), (["机器。"], ["Human."], 0, 1)]
    db.executemany("INSERT INTO rows (doc_id, pos, zh, en, status, confidence, parts, bookmark, headline, "
                   "en_from_mt, zh_from_mt, ignored) "
                   "VALUES (1, ?, ?, ?, 'edited', NULL, '{}', 0, 0, ?, ?, '[]')",
                   [(k * schema.ROW_GAP, json.dumps(zh, ensure_ascii=False), json.dumps(en), en_mt, zh_mt)
                    for k, (zh, en, en_mt, zh_mt) in enumerate(rows)])
    old = [[zh, en, "edited", None, {}, 0, 0, en_mt, zh_mt, []] for zh, en, en_mt, zh_mt in rows]
    new = [[["甲。", "机器。"], ["MT one.", "MT two.", "Human."], "edited", None, {}, 0, 0, 1, 1, []]]
    db.execute("INSERT INTO ops VALUES (1, 1, ?, '2025-06-01T00:00:00+00:00')",
               (json.dumps({"start": 0, "cursor": 0, "label": "merge", "old": old, "new": new},
                           ensure_ascii=False),))
    db.commit()
    db.close()


def test_a_version_6_file_migrates_a_flag_to_every_sentence_of_its_side(tmp_path):
    path = tmp_path / "v6.zhen"
    _version_6_workspace(path)
    with Workspace.open(path) as ws:
        rows = ws.load(1).rows
        assert [(r.en_mt, r.zh_mt) for r in rows] == [((0, 1), ()), ((), (0,))]
        assert ws.documents()[0].mt_english == 1
        ws.redo(1)   # the logged merge of schema 6: its 0/1 flags mark every sentence of their side
        assert [(r.en_mt, r.zh_mt) for r in ws.load(1).rows] == [((0, 1, 2), (0, 1))]
        ws.undo(1)
        assert ws.load(1).rows == rows
        ws.apply(1, edits.split_row(rows, 0))   # a schema-7 edit on the migrated rows
        assert [(r.en, r.en_mt) for r in ws.load(1).rows] == [(["MT one."], (0,)), (["MT two."], (0,)),
                                                             (["Human."], ())]
    fresh = tmp_path / "fresh.zhen"
    Workspace.create(fresh).close()
    columns = {}
    for name in (path, fresh):
        db = sqlite3.connect(name)
        columns[name] = db.execute("PRAGMA table_info(rows)").fetchall()
        version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        assert version == str(schema.SCHEMA_VERSION)
        db.close()
    assert columns[path] == columns[fresh]   # the migrated table is the one a new workspace has


def test_a_version_6_program_refuses_a_version_7_file(tmp_path, monkeypatch):
    """An older program must not read per-sentence marks as something else: it refuses the file."""
    path = tmp_path / "w.zhen"
    Workspace.create(path).close()
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 6)
    with pytest.raises(UserError, match="newer zhen-align"):
        Workspace.open(path)
