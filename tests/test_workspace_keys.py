"""Row keys with room between them: an edit writes only the rows it changes, whatever the keys' room; a
schema-4 workspace migrated to them keeps its rows and undo history, even when killed while migrating."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys

import pytest

from corpora import edits, schema, workspace
from corpora.document import Document, Row
from corpora.edits import EditError, apply_change
from corpora.workspace import History, Workspace


def document(n: int) -> Document:
    return Document([Row([f"第{i}句。"], [f"Sentence {i}."], "auto", 0.9, {"length": 0.5}) for i in range(n)])


def keys(path, doc_id: int = 1) -> list[int]:
    db = sqlite3.connect(path)
    try:
        return [k for (k,) in db.execute("SELECT pos FROM rows WHERE doc_id = ? ORDER BY pos", (doc_id,))]
    finally:
        db.close()


def test_a_merge_and_its_undo_leave_every_other_row_where_it_was(tmp_path):
    path = tmp_path / "w.zhalign"
    with Workspace.create(path) as ws:
        doc_id = ws.add_document(document(50))
        rows = ws.load(doc_id).rows
        before = keys(path)
        ws.apply(doc_id, edits.merge_up(rows, 10))
        after = keys(path)
        assert after == before[:10] + before[11:]   # one row gone, none renumbered
        ws.undo(doc_id)
        assert keys(path) == before
        assert ws.load(doc_id).rows == rows


def edit_at_random(ws: Workspace, doc_id: int, rows: list[Row], rng: random.Random, near: int) -> None:
    """One edit, undo or redo around row ``near``, applied to ``rows`` as the workspace applied it."""
    roll = rng.random()
    if roll < 0.15:
        change = ws.undo(doc_id)
    elif roll < 0.25:
        change = ws.redo(doc_id)
    else:
        name = rng.choice(["split_row", "pop_down", "shift_up", "merge_up", "insert_cell"])
        i = max(0, min(len(rows) - 1, near + rng.randrange(-2, 3)))
        args = (rows, i) if name in ("merge_up", "split_row") else (rows, i, rng.choice(["zh", "en"]))
        try:
            change = getattr(edits, name)(*args)
        except EditError:
            return
        ws.apply(doc_id, change)
    if change is not None:
        apply_change(rows, change)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rows_crowded_into_one_place_get_new_keys_and_keep_their_order(tmp_path, monkeypatch, seed):
    # tiny gaps so that the keys run out around the edits again and again
    monkeypatch.setattr(schema, "ROW_GAP", 4)
    monkeypatch.setattr(workspace, "_MIN_STEP", 2)
    rng = random.Random(seed)
    path = tmp_path / "w.zhalign"
    with Workspace.create(path) as ws:
        doc_id = ws.add_document(document(30))
        rows = ws.load(doc_id).rows
        for _ in range(120):
            edit_at_random(ws, doc_id, rows, rng, near=5)
            assert ws.load(doc_id).rows == rows
            assert ws._keys[doc_id] == keys(path, doc_id)   # the writer's keys are the stored ones
        assert len(set(keys(path))) == len(rows) and min(keys(path)) >= 0
    with Workspace.open(path) as ws:   # a new writer reads the keys from the file
        for _ in range(30):
            edit_at_random(ws, doc_id, rows, rng, near=len(rows) // 2)
        assert ws.load(doc_id).rows == rows


def test_a_failed_edit_leaves_the_keys_to_be_read_again(tmp_path):
    path = tmp_path / "w.zhalign"
    with Workspace.create(path) as ws:
        doc_id = ws.add_document(document(6))
        rows = ws.load(doc_id).rows
        stale = edits.split_row([*rows[:2], Row(["甲。", "乙。"], ["A."], "auto", 0.5)], 2)
        with pytest.raises(ValueError, match="does not match"):
            ws.apply(doc_id, stale)
        ws.apply(doc_id, edits.pop_down(rows, 2, "en"))
        assert ws._keys[doc_id] == keys(path, doc_id)


def _logged(row: Row) -> list:
    """A row in the operation log as schema 4 wrote it."""
    return [row.zh, row.en, row.status, row.confidence, row.parts, int(row.bookmark), int(row.headline),
            int(row.en_from_mt), int(row.zh_from_mt), list(row.ignored)]


def version_4_workspace(path) -> tuple[list[Row], list[edits.Change]]:
    """A schema-4 workspace written here row by row: document 1 with four logged edits, the last one
    undone (so one redo waits), and a long document 2 without history. Returns document 1's rows before
    its edits, and the edits."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    for statement in schema.SCHEMA_V1.split(";"):
        if statement.strip():
            db.execute(statement)
    for version in (1, 2, 3):
        schema.MIGRATIONS[version](db)
    db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    db.execute("INSERT INTO meta VALUES ('schema_version', '4')")
    original = document(8).rows
    rows = [r.copy() for r in original]
    changes = []
    for make in (lambda r: edits.confirm(r, 0), lambda r: edits.merge_up(r, 3),
                 lambda r: edits.pop_down(r, 4, "en"), lambda r: edits.confirm(r, 2)):
        changes.append(make(rows))
        apply_change(rows, changes[-1])
    apply_change(rows, changes[-1].inverse())   # the last edit undone
    for doc_id, doc_rows in ((1, rows), (2, document(300).rows)):
        db.execute("INSERT INTO documents (title, created, undo_pos) VALUES (?, ?, ?)",
                   (f"old {doc_id}", "2025-06-01T00:00:00+00:00", 3 if doc_id == 1 else 0))
        db.executemany("INSERT INTO rows (doc_id, pos, zh, en, status, confidence, parts) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [(doc_id, k, json.dumps(r.zh, ensure_ascii=False),
                         json.dumps(r.en, ensure_ascii=False), r.status, r.confidence, json.dumps(r.parts))
                        for k, r in enumerate(doc_rows)])
    db.executemany("INSERT INTO ops (doc_id, seq, change, at) VALUES (1, ?, ?, '2025-06-01T00:00:00+00:00')",
                   [(seq, json.dumps({"start": c.start, "cursor": c.cursor, "label": c.label,
                                      "old": [_logged(r) for r in c.old], "new": [_logged(r) for r in c.new]},
                                     ensure_ascii=False))
                    for seq, c in enumerate(changes, 1)])
    db.commit()
    db.close()
    return original, changes


def assert_rows_and_history_kept(ws: Workspace, original: list[Row], changes: list[edits.Change]) -> None:
    """The rows of a migrated version-4 workspace are the ones it held, and its undo and redo still go
    through every logged edit."""
    rows = [r.copy() for r in original]
    for change in changes[:3]:
        apply_change(rows, change)
    assert ws.load(1).rows == rows
    assert ws.load(2).rows == document(300).rows
    assert [(i.rows, i.confirmed) for i in ws.documents()] == [(7, 1), (300, 0)]
    assert ws.history(1) == History(changes[2].label, changes[3].label)
    assert ws.redo(1) == changes[3]
    for change in reversed(changes):
        assert ws.undo(1) == change.inverse()
    assert ws.undo(1) is None
    assert ws.load(1).rows == original
    final = [r.copy() for r in original]
    for change in changes:
        assert ws.redo(1) == change
        apply_change(final, change)
    assert ws.load(1).rows == final and [r.status for r in final].count("confirmed") == 2
    ws.apply(1, edits.merge_up(final, 1))   # a new edit on the migrated keys, and its undo
    assert ws.undo(1) is not None and ws.load(1).rows == final


def stored_version(path) -> str:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    finally:
        db.close()


def test_a_version_4_workspace_keeps_its_rows_edits_and_undo_history(tmp_path):
    path = tmp_path / "v4.zhalign"
    original, changes = version_4_workspace(path)
    with Workspace.open(path) as ws:
        assert_rows_and_history_kept(ws, original, changes)
        assert ws.get_vectors("usem3", ["第0句。"]) == {}   # the new table is there, empty
    assert stored_version(path) == str(schema.SCHEMA_VERSION)
    assert keys(path, 2) == [k * schema.ROW_GAP for k in range(300)]   # room between the rows


_KILLED_MIGRATING = """
import os, signal, sys
from corpora import schema
from corpora.workspace import Workspace

step = schema.MIGRATIONS[4]

def killed(db):
    db.execute("PRAGMA cache_size = 1")   # the renumbered rows spill into the WAL before the commit
    step(db)
    os.kill(os.getpid(), signal.SIGKILL)

schema.MIGRATIONS[4] = killed
Workspace.open(sys.argv[1])
"""


def test_a_kill_in_the_middle_of_the_migration_leaves_the_version_4_workspace(tmp_path):
    path = tmp_path / "v4.zhalign"
    original, changes = version_4_workspace(path)
    child = subprocess.run([sys.executable, "-c", _KILLED_MIGRATING, str(path)], capture_output=True,
                           timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()
    assert stored_version(path) == "4" and keys(path, 2) == list(range(300))   # nothing half-done
    with Workspace.open(path) as ws:   # and the next open migrates it whole
        assert_rows_and_history_kept(ws, original, changes)
    assert stored_version(path) == str(schema.SCHEMA_VERSION)
