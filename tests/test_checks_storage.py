"""What the translation checks keep in a workspace (schema 4): ignored findings, Chinese from MT, the
glossary; the 3 -> 4 migration."""

from __future__ import annotations

import json
import sqlite3

import pytest

from corpora import edits, schema
from corpora.document import Document, Row
from corpora.edits import Change, EditError
from corpora.workspace import Workspace
from qa.glossary import Glossary


def _doc() -> Document:
    return Document([Row([f"第{i}句。"], [f"Sentence {i}."], "auto", 0.9) for i in range(3)], "checks")


def test_ignoring_a_finding_is_an_edit_that_undoes_and_survives_reopening(tmp_path):
    path = tmp_path / "w.zhalign"
    with Workspace.create(path) as ws:
        doc_id = ws.add_document(_doc())
        rows = ws.load(doc_id).rows
        change = edits.ignore_finding(rows, 1, "numbers:2016")
        assert change.label == "ignore finding" and change.new[0].status == "auto"  # not a change of text
        ws.apply(doc_id, change)
        with pytest.raises(EditError):
            edits.ignore_finding(ws.load(doc_id).rows, 1, "numbers:2016")
    with Workspace.open(path) as ws:
        assert [r.ignored for r in ws.load(doc_id).rows] == [(), ("numbers:2016",), ()]
        ws.undo(doc_id)
        assert ws.load(doc_id).rows[1].ignored == ()
        ws.redo(doc_id)
        rows = ws.load(doc_id).rows
        ws.apply(doc_id, edits.edit_sentence(rows, 1, "en", 0, "Sentence one."))  # kept when text changes
        ws.apply(doc_id, edits.merge_up(ws.load(doc_id).rows, 1))                 # and pooled on a merge
        assert ws.load(doc_id).rows[0].ignored == ("numbers:2016",)
        ws.apply(doc_id, edits.unignore_finding(ws.load(doc_id).rows, 0, "numbers:2016"))
        assert ws.load(doc_id).rows[0].ignored == ()


def test_chinese_from_mt_follows_its_sentences_like_english(tmp_path):
    rows = [Row([], ["English only."], "edited"), Row(["乙。"], ["B."])]
    filled = [Row(["机器翻译。"], ["English only."], "edited", zh_mt=(0,)), rows[1]]
    merged = edits.merge_up(filled, 1).new[0]
    assert merged.zh_from_mt and not merged.en_from_mt
    path = tmp_path / "w.zhalign"
    with Workspace.create(path) as ws:
        doc_id = ws.add_document(Document(rows))
        ws.apply(doc_id, Change(0, (rows[0],), (filled[0],), 0, "accept MT (zh)"))
        assert ws.load(doc_id).rows[0].from_mt("zh")
        ws.undo(doc_id)
        assert not ws.load(doc_id).rows[0].zh_from_mt


def test_the_glossary_is_stored_in_the_workspace(tmp_path):
    path = tmp_path / "w.zhalign"
    glossary = Glossary.parse("新冠\tCOVID-19 | Covid\tcoronavirus\n奥密克戎\tOmicron\n")
    with Workspace.create(path) as ws:
        assert not ws.glossary()
        ws.set_glossary(glossary)
    with Workspace.open(path, readonly=True) as ws:
        assert ws.glossary() == glossary


def test_a_version_3_file_migrates_and_its_log_still_undoes(tmp_path):
    path = tmp_path / "v3.zhalign"
    with Workspace.create(path) as ws:
        doc_id = ws.add_document(_doc())
        ws.apply(doc_id, edits.merge_up(ws.load(doc_id).rows, 1))
    db = sqlite3.connect(path)   # take the file back to version 3: no columns, no tables, short log rows,
    db.execute("UPDATE rows SET pos = pos / ?", (schema.ROW_GAP,))   # dense row numbers
    db.execute("DROP TABLE embeddings")
    entry = json.loads(db.execute("SELECT change FROM ops").fetchone()[0])
    for side in ("old", "new"):
        entry[side] = [[*record[:7], int(bool(record[7]))] for record in entry[side]]   # en_from_mt
    db.execute("UPDATE ops SET change = ?", (json.dumps(entry),))
    db.execute("ALTER TABLE rows DROP COLUMN en_mt")
    db.execute("ALTER TABLE rows DROP COLUMN zh_mt")
    db.execute("ALTER TABLE rows DROP COLUMN ignored")
    db.execute("ALTER TABLE rows ADD COLUMN en_from_mt INTEGER NOT NULL DEFAULT 0")
    db.execute("DROP TABLE glossary")
    db.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with Workspace.open(path) as ws:
        assert ws.undo(doc_id) is not None
        assert [r.zh for r in ws.load(doc_id).rows] == [["第0句。"], ["第1句。"], ["第2句。"]]
        assert not ws.glossary()
    check = sqlite3.connect(path)
    assert check.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(
        schema.SCHEMA_VERSION)
    check.close()
