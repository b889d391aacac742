"""The workspace file: storing documents, the undo/redo log, refusing files it cannot handle, migrations."""

from __future__ import annotations

import json
import random
import sqlite3

import pytest

from aligner.errors import UserError
from corpora import edits, schema
from corpora.document import Document, Row
from corpora.edits import EditError, apply_change
from corpora.workspace import Workspace


def sample(n: int = 6) -> Document:
    rows = [Row([f"第{i}句。"], [f"Sentence {i}."], "auto", i / n, {"length": 0.5}) for i in range(n)]
    rows[0].headline = True
    return Document(rows, "测试 title", "Xinhua", "2026-11-24", "https://example.org/a")


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "w.zhen") as workspace:
        yield workspace


def test_documents_round_trip_with_metadata_and_counts(ws):
    doc_id = ws.add_document(sample())
    loaded = ws.load(doc_id)
    assert loaded.rows == sample().rows
    assert (loaded.title, loaded.source, loaded.date, loaded.url, loaded.id) == (
        "测试 title", "Xinhua", "2026-11-24", "https://example.org/a", doc_id)
    ws.apply(doc_id, edits.confirm(loaded.rows, 4))
    [info] = ws.documents()
    assert (info.id, info.rows, info.confirmed, info.edited, info.auto) == (doc_id, 6, 1, 0, 5)
    assert info.source == "Xinhua" and info.created.startswith("20")
    assert info.low_confidence == 3  # auto rows scored 0, 1/6 and 2/6; row 3 is exactly 0.5
    stats = ws.stats()
    assert (stats.documents, stats.rows, stats.confirmed, stats.operations) == (1, 6, 1, 1)
    with pytest.raises(KeyError):
        ws.load(doc_id + 1)


def test_undo_redo_survive_reopening_and_a_new_edit_drops_the_redo_branch(tmp_path):
    path = tmp_path / "w.zhen"
    with Workspace.create(path) as ws:
        doc_id = ws.add_document(sample())
        rows = ws.load(doc_id).rows
        original = [r.copy() for r in rows]
        for make in (lambda: edits.merge_up(rows, 1), lambda: edits.pop_down(rows, 0, "en")):
            change = make()
            ws.apply(doc_id, change)
            apply_change(rows, change)
        after_two = [r.copy() for r in rows]
    with Workspace.open(path) as ws:
        assert ws.history(doc_id).undo == "pop down (en)"
        undone = ws.undo(doc_id)
        assert undone is not None and undone.label == "pop down (en)"
        assert ws.undo(doc_id) is not None
        assert ws.load(doc_id).rows == original
        assert ws.undo(doc_id) is None
    with Workspace.open(path) as ws:
        assert ws.redo(doc_id) is not None and ws.redo(doc_id) is not None
        assert ws.load(doc_id).rows == after_two
        assert ws.redo(doc_id) is None
        ws.undo(doc_id)
        rows = ws.load(doc_id).rows
        ws.apply(doc_id, edits.toggle_bookmark(rows, 2))
        assert ws.history(doc_id).redo is None
        assert ws.redo(doc_id) is None
        assert ws.stats().operations == 2


def test_a_change_for_other_rows_is_refused_and_nothing_is_written(ws):
    doc_id = ws.add_document(sample())
    rows = ws.load(doc_id).rows
    stale = edits.merge_up(rows, 1)
    ws.apply(doc_id, edits.edit_sentence(rows, 1, "en", 0, "Changed."))
    before = ws.load(doc_id).rows
    with pytest.raises(ValueError, match="does not match"):
        ws.apply(doc_id, stale)
    assert ws.load(doc_id).rows == before
    assert ws.history(doc_id).undo == "edit sentence (en)"


def test_random_edits_undo_and_redo_match_an_in_memory_model(ws):
    rng = random.Random(7)
    doc_id = ws.add_document(sample(12))
    rows = ws.load(doc_id).rows
    done: list[edits.Change] = []
    pos = 0
    ops = ["merge_up", "split_row", "shift_up", "pop_down", "insert_cell", "move_column_up", "confirm"]
    for _ in range(150):
        roll = rng.random()
        if roll < 0.2:
            change = ws.undo(doc_id)
            assert (change is None) == (pos == 0)
            if change:
                apply_change(rows, change)
                pos -= 1
        elif roll < 0.3:
            change = ws.redo(doc_id)
            assert (change is None) == (pos == len(done))
            if change:
                apply_change(rows, change)
                pos += 1
        else:
            name, i = rng.choice(ops), rng.randrange(len(rows))
            side = rng.choice(["zh", "en"])
            args = (rows, i) if name in ("merge_up", "split_row", "confirm") else (rows, i, side)
            try:
                change = getattr(edits, name)(*args)
            except EditError:
                continue
            ws.apply(doc_id, change)
            apply_change(rows, change)
            del done[pos:]
            done.append(change)
            pos += 1
        assert ws.load(doc_id).rows == rows


def test_delete_document_removes_rows_and_history(ws):
    keep, drop = ws.add_document(sample()), ws.add_document(sample())
    ws.apply(drop, edits.confirm(ws.load(drop).rows, 0))
    ws.delete_document(drop)
    assert [d.id for d in ws.documents()] == [keep]
    assert ws.stats().operations == 0
    with pytest.raises(KeyError):
        ws.delete_document(drop)


def test_create_refuses_an_existing_file(tmp_path):
    (tmp_path / "x").write_text("hello")
    with pytest.raises(UserError, match="already exists"):
        Workspace.create(tmp_path / "x")


@pytest.mark.parametrize(("setup", "message"), [
    (lambda p: None, "no such workspace"),
    (lambda p: p.write_text("zh\ten\n"), "not an SQLite file"),
    (lambda p: sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.close(), "not a zhen-align"),
])
def test_open_refuses_files_that_are_not_workspaces(tmp_path, setup, message):
    path = tmp_path / "w.zhen"
    setup(path)
    with pytest.raises(UserError, match=message) as err:
        Workspace.open(path)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_open_refuses_a_newer_schema(tmp_path):
    path = tmp_path / "w.zhen"
    Workspace.create(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(schema.SCHEMA_VERSION + 1),))
    db.commit()
    db.close()
    with pytest.raises(UserError, match="newer zhen-align"):
        Workspace.open(path)


def test_a_second_writer_is_refused_with_the_holders_pid_and_readers_are_not(tmp_path):
    import os

    path = tmp_path / "w.zhen"
    with Workspace.create(path) as ws:
        doc_id = ws.add_document(sample())
        with pytest.raises(UserError, match=f"pid {os.getpid()}"):
            Workspace.open(path)
        with Workspace.open(path, readonly=True) as reader:
            assert reader.load(doc_id).rows == sample().rows
            with pytest.raises(UserError, match="read-only"):
                reader.apply(doc_id, edits.confirm(sample().rows, 0))
    with Workspace.open(path) as again:  # the lock went with the first writer
        assert len(again.documents()) == 1


def _side_files(path):
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


def test_a_reader_leaves_no_sqlite_side_files_and_never_pulls_them_from_under_a_writer(tmp_path):
    path = tmp_path / "w.zhen"
    with Workspace.create(path) as ws:
        doc_id = ws.add_document(sample())
    assert _side_files(path) == []
    with Workspace.open(path, readonly=True) as reader:
        assert reader.load(doc_id).rows == sample().rows
        assert _side_files(path) == ["w.zhen-shm", "w.zhen-wal"]   # made by the read-only connection
    assert _side_files(path) == []
    with Workspace.open(path) as writer:
        with Workspace.open(path, readonly=True) as reader:
            reader.load(doc_id)
        assert _side_files(path) == ["w.zhen-shm", "w.zhen-wal"]  # the writer's, kept
        writer.apply(doc_id, edits.confirm(writer.load(doc_id).rows, 0))
    with Workspace.open(path, readonly=True) as reader:
        assert reader.load(doc_id).rows[0].status == "confirmed"
    assert _side_files(path) == []


def test_a_version_1_file_is_upgraded_on_open(tmp_path):
    path = tmp_path / "old.zhen"
    db = sqlite3.connect(path)
    for statement in schema.SCHEMA_V1.split(";"):
        db.execute(statement)
    db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    db.execute("INSERT INTO documents (title, created) VALUES ('old', '2025-01-01T00:00:00+00:00')")
    db.executemany("INSERT INTO rows (doc_id, pos, zh, en, status, confidence, parts, bookmark) "
                   "VALUES (1, ?, ?, ?, 'auto', 0.75, ?, 0)",
                   [(k, json.dumps([f"句{k}。"]), json.dumps([f"S {k}."]), '{"length": 0.75}')
                    for k in range(3)])
    db.commit()
    db.close()
    with pytest.raises(UserError, match="out of date"):
        Workspace.open(path, readonly=True)
    with Workspace.open(path) as ws:
        rows = ws.load(1).rows
        assert [r.zh for r in rows] == [["句0。"], ["句1。"], ["句2。"]]
        assert rows[0].parts == {"length": 0.75} and not rows[0].headline
        ws.apply(1, edits.merge_up(rows, 2))
        assert ws.undo(1) is not None
        assert ws.load(1).rows == rows
    check = sqlite3.connect(path)
    assert check.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(
        schema.SCHEMA_VERSION)
    check.close()


def test_numpy_scores_are_stored_as_plain_numbers(ws):
    import numpy as np

    doc = Document([Row(["甲。"], ["A."], "auto", np.float32(0.25), {"length": np.float32(0.5)})])
    loaded = ws.load(ws.add_document(doc)).rows[0]
    assert (loaded.confidence, loaded.parts) == (0.25, {"length": 0.5})
    assert type(loaded.parts["length"]) is float


def test_an_unwritable_lock_file_gives_a_user_error_and_read_only_still_works(tmp_path, monkeypatch):
    import os

    path = tmp_path / "w.zhen"
    Workspace.create(path).close()
    real_open = os.open

    def refuse_lock(name, *args, **kwargs):
        if str(name).endswith(".lock"):
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_lock)
    with pytest.raises(UserError, match=r"cannot write its lock file w\.zhen\.lock"):
        Workspace.open(path)
    with Workspace.open(path, readonly=True) as reader:
        assert reader.documents() == []


def test_the_undo_log_keeps_the_last_max_history_edits(ws, monkeypatch):
    from corpora import workspace

    monkeypatch.setattr(workspace, "MAX_HISTORY", 3)
    doc_id = ws.add_document(sample())
    for _ in range(4):
        ws.apply(doc_id, edits.toggle_bookmark(ws.load(doc_id).rows, 0))
    assert ws.stats().operations == 3
    assert [ws.undo(doc_id) is not None for _ in range(4)] == [True, True, True, False]
    assert ws.load(doc_id).rows[0].bookmark  # the first toggle is beyond reach: undo stops after it


def test_counts_name_the_rows_whose_english_came_from_mt(ws):
    doc = sample()
    doc.rows[2].en_mt = doc.rows[5].en_mt = (0,)
    ws.add_document(doc)
    ws.add_document(sample())
    assert [info.mt_english for info in ws.documents()] == [2, 0]
    assert ws.stats().mt_english == 2


def test_the_log_tells_a_split_inside_a_word_from_one_at_a_space(ws):
    """USERTEST4 entry 17: joining the halves of ``appear`` split mid-word must not put a space back."""
    doc_id = ws.add_document(Document([Row(["甲。"], ["They appear and go."])]))
    rows = ws.load(doc_id).rows
    ws.apply(doc_id, split := edits.split_sentence(rows, 0, "en", 0, 8))   # They app|ear and go.
    apply_change(rows, split)
    assert rows[0].en == ["They app", "ear and go."]
    assert ws.split_without_space(doc_id, "en", *rows[0].en)
    join = edits.join_sentences(rows, 0, "en", 0, glued=True)
    assert join.new[0].en == ["They appear and go."]
    ws.apply(doc_id, join)
    apply_change(rows, join)
    ws.apply(doc_id, split := edits.split_sentence(rows, 0, "en", 0, 11))   # They appear| and go.
    apply_change(rows, split)
    assert not ws.split_without_space(doc_id, "en", *rows[0].en)
    assert not ws.split_without_space(doc_id, "en", "They", "appear")      # never split so
