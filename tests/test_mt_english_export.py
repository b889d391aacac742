"""Rows whose English came from MT: left out of exports by default, marked in TMX and JSONL when kept."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from cli import main
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
