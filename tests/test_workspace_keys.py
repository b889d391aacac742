"""Row keys with room between them: an edit writes only the rows it changes, whatever the keys' room."""

from __future__ import annotations

import random
import sqlite3

import pytest

from corpora import edits, schema, workspace
from corpora.document import Document, Row
from corpora.edits import EditError, apply_change
from corpora.workspace import Workspace


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


def test_a_version_3_file_gets_room_between_its_rows(tmp_path):
    path = tmp_path / "v3.zhalign"
    with Workspace.create(path) as ws:
        ws.add_document(document(4))
    db = sqlite3.connect(path)   # as version 3 stored it: dense row numbers, no embeddings table
    db.execute("UPDATE rows SET pos = pos / ?", (schema.ROW_GAP,))
    db.execute("DROP TABLE embeddings")
    db.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    assert keys(path) == [0, 1, 2, 3]
    with Workspace.open(path) as ws:
        assert keys(path) == [k * schema.ROW_GAP for k in range(4)]
        rows = ws.load(1).rows
        change = edits.pop_down(rows, 1, "zh")
        ws.apply(1, change)
        apply_change(rows, change)
        assert ws.load(1).rows == rows
        assert ws.get_vectors("usem3", ["第0句。"]) == {}   # the new table is there, empty
