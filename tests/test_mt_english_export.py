"""Rows whose English came from MT: left out of exports by default, marked in TMX and JSONL when kept."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from cli import main
from corpora import edits
from corpora.document import Document, Row
from corpora.filters import RowFilter
from corpora.workspace import Workspace
from corpora.writers import export_workspace, write_documents
from tests.conftest import shared_path

HUMAN, MACHINE = ["A person wrote this."], ["A machine wrote this."]


def _doc() -> Document:
    return Document([
        Row(["人写的。"], HUMAN, "confirmed"),
        Row(["机器写的。"], MACHINE, "edited", en_mt=(0,)),
        Row(["也是人写的。"], ["Also human."], "auto", 0.9),
    ], title="mixed", id=1)


def test_the_default_filter_leaves_mt_english_out_and_the_switch_keeps_it():
    assert [r.en for r in RowFilter().apply(_doc()).rows] == [HUMAN, ["Also human."]]
    kept = RowFilter(drop_mt_english=False).apply(_doc()).rows
    assert [r.en_from_mt for r in kept] == [False, True, False]


def test_export_workspace_leaves_mt_english_out_unless_asked(tmp_path):
    path = tmp_path / "w.zhen"
    with Workspace.create(path) as ws:
        ws.add_document(_doc())
    report = export_workspace(path, "moses", tmp_path / "default")
    assert report.rows == 2
    assert MACHINE[0] not in (tmp_path / "default.en").read_text(encoding="utf-8")
    report = export_workspace(path, "moses", tmp_path / "all", row_filter=RowFilter(drop_mt_english=False))
    assert report.rows == 3
    assert MACHINE[0] in (tmp_path / "all.en").read_text(encoding="utf-8")


@pytest.mark.parametrize("extra, expected", [([], ["human", "human"]),
                                             (["--include-mt-english"], ["human", "mt", "human"])])
def test_cli_include_mt_english(tmp_path, capsys, extra, expected):
    path = tmp_path / "w.zhen"
    with Workspace.create(path) as ws:
        ws.add_document(_doc())
    out = tmp_path / "corpus.jsonl"
    assert main(["export", str(path), "-f", "jsonl", "-o", str(out), *extra]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["en_origin"] for r in records] == expected
    assert f"exported {len(expected)} rows" in capsys.readouterr().out


def test_tmx_marks_mt_english_with_a_prop_and_stays_valid(tmp_path):
    dtd = etree.DTD(str(shared_path("formats", "tmx14.dtd")))
    out = tmp_path / "corpus.tmx"
    write_documents([_doc()], "tmx", out)
    tree = etree.parse(str(out))
    assert dtd.validate(tree), dtd.error_log
    origins = [{p.get("type"): p.text for p in tu.findall("prop")}.get("x-en-origin")
               for tu in tree.findall("body/tu")]
    assert origins == [None, "mt", None]


def test_jsonl_gives_every_record_an_en_origin(tmp_path):
    out = tmp_path / "corpus.jsonl"
    write_documents([_doc()], "jsonl", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["translation"]["en"], r["en_origin"]) for r in records] == [
        (HUMAN[0], "human"), (MACHINE[0], "mt"), ("Also human.", "human")]


def _merged_and_split(path) -> None:
    """The defect's repro: row A's English accepted from MT, row B's human; B merged into A, split again."""
    with Workspace.create(path) as ws:
        doc_id = ws.add_document(Document([Row(["甲。"], ["Alpha."], "auto", 0.9),
                                           Row(["乙。"], ["Human Bravo."], "auto", 0.9)], "repro"))
        ws.apply(doc_id, edits.accept_mt(ws.load(doc_id).rows, 0, "en", ["MT Alpha."]))
        ws.apply(doc_id, edits.merge_up(ws.load(doc_id).rows, 1))
        ws.apply(doc_id, edits.split_row(ws.load(doc_id).rows, 0))


def test_merging_and_splitting_again_keeps_the_human_row_in_a_tmx_export(tmp_path, capsys):
    path, out = tmp_path / "w.zhen", tmp_path / "c.tmx"
    _merged_and_split(path)
    assert main(["export", str(path), "-f", "tmx", "-o", str(out)]) == 0
    assert "left out 1 row: 1 English from MT" in capsys.readouterr().out
    assert [seg.text for seg in etree.parse(str(out)).iter("seg")] == ["乙。", "Human Bravo."]


@pytest.mark.parametrize("fmt", ["tmx", "jsonl"])
def test_export_then_add_marks_every_sentence_of_a_row_with_mt_english(tmp_path, capsys, fmt):
    """A row holding an MT and a human sentence is marked as a row in TMX and JSONL, so it comes back with
    both sentences marked (the conservative reading), and human rows come back unmarked."""
    source, out, back = tmp_path / "w.zhen", tmp_path / f"c.{fmt}", tmp_path / "back.zhen"
    with Workspace.create(source) as ws:
        ws.add_document(Document([Row(["甲。", "乙。"], ["MT Alpha.", "Human Bravo."], "edited", en_mt=(0,)),
                                  Row(["丙。"], ["Human Charlie."], "confirmed"),
                                  Row(["丁。"], ["MT Delta."], "edited", en_mt=(0,))], "mixed"))
    assert main(["export", str(source), "-f", fmt, "-o", str(out), "--include-mt-english"]) == 0
    assert main(["new", str(back)]) == 0
    assert main(["add", str(back), str(out), "--no-mt"]) == 0
    capsys.readouterr()
    with Workspace.open(back, readonly=True) as ws:
        rows = ws.load(ws.documents()[0].id).rows
    assert [(r.en, r.en_mt) for r in rows] == [(["MT Alpha.", "Human Bravo."], (0, 1)),
                                               (["Human Charlie."], ()), (["MT Delta."], (0,))]
