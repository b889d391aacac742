"""XLIFF 1.2 export (validated against the strict schema), findings as TMX and XLIFF notes, rows from MT."""

from __future__ import annotations

import json
from dataclasses import replace

from lxml import etree

from cli import main
from corpora.document import Document, Row
from corpora.filters import RowFilter
from corpora.workspace import Workspace
from corpora.writers import DEFAULT_OPTIONS, ExportOptions, write_documents
from corpora.writers.xliff import NS
from qa.glossary import Glossary
from tests.conftest import shared_path

X = f"{{{NS}}}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def docs() -> list[Document]:
    return [Document([
        Row(["浙大2016年学术年会开幕。"], ["The 2017 conference opened."], "auto", 0.81, headline=True),
        Row(["只有中文。"], [], "auto", 0.3),
        Row([], ["Only English."], "edited"),
        Row(["甲方说。", "乙方\x0b同意。"], ["A & B <agree>."], "confirmed"),
        Row(["丙方。"], ["Machine English."], "edited", en_mt=(0,)),
        Row(["奥密克戎来了。"], ["Delta is here."], "confirmed", ignored=("glossary:奥密克戎",)),
    ], title="First", id=3), Document([Row(["第二篇。"], ["Second."], "auto", 0.95)], title="Second")]


def test_xliff_is_valid_against_the_strict_schema(tmp_path):
    schema = etree.XMLSchema(etree.parse(str(shared_path("formats", "xliff-core-1.2-strict.xsd")), PARSER))
    out = tmp_path / "corpus.xlf"
    write_documents(docs(), "xliff", out, ExportOptions("zh-Hans", "en-GB"))
    tree = etree.parse(str(out), PARSER)
    assert schema.validate(tree), schema.error_log
    files = tree.findall(f"{X}file")
    assert [f.get("original") for f in files] == ["3", "Second"]
    assert files[0].get("source-language") == "zh-Hans" and files[0].get("target-language") == "en-GB"


def units(out) -> list[etree._Element]:
    return etree.parse(str(out), PARSER).findall(f".//{X}trans-unit")


def test_xliff_states_notes_and_text(tmp_path):
    out = tmp_path / "corpus.xlf"
    glossary = Glossary.parse("奥密克戎\tOmicron\n")
    write_documents(docs(), "xliff", out, replace(DEFAULT_OPTIONS, glossary=glossary))
    first, zh_only, en_only, confirmed, machine, ignored, second = units(out)
    states = [u.find(f"{X}target").get("state") for u in (first, zh_only, en_only, confirmed, machine)]
    assert states == ["needs-review-translation", "needs-translation", "translated", "final", "translated"]
    assert confirmed.get("approved") == "yes" and first.get("approved") is None
    assert machine.find(f"{X}target").get("state-qualifier") == "mt-suggestion"
    assert confirmed.find(f"{X}source").text == "甲方说。乙方同意。"          # joined, control character gone
    assert confirmed.find(f"{X}target").text == "A & B <agree>."
    notes = [(n.get("priority"), n.text) for n in first.findall(f"{X}note")]
    assert notes == [(None, "alignment confidence 0.81"),
                     ("1", "[error] numbers: number differs: 2016 in the Chinese, 2017 in the English")]
    assert not ignored.findall(f"{X}note")                                  # the ignored finding is left out
    assert [u.get("id") for u in (first, second)] == ["1", "1"]


def test_tmx_notes_are_valid_and_can_be_left_out(tmp_path):
    dtd = etree.DTD(str(shared_path("formats", "tmx14.dtd")))
    out = tmp_path / "corpus.tmx"
    write_documents(docs(), "tmx", out)
    tree = etree.parse(str(out), PARSER)
    assert dtd.validate(tree), dtd.error_log
    notes = [[n.text for n in tu.findall("note")] for tu in tree.findall("body/tu")]
    assert notes[0] == ["[error] numbers: number differs: 2016 in the Chinese, 2017 in the English"]
    assert notes[1] == ["[error] omission: Chinese without English: 只有中文。"]
    write_documents(docs(), "tmx", out, replace(DEFAULT_OPTIONS, check_notes=False))
    assert not etree.parse(str(out), PARSER).findall("body/tu/note")


def test_chinese_from_mt_is_left_out_unless_asked_and_marked_then(tmp_path):
    doc = Document([Row(["机器中文。"], ["Human English."], "edited", zh_mt=(0,)),
                    Row(["甲。"], ["A."])])
    assert [r.zh for r in RowFilter().apply(doc).rows] == [["甲。"]]
    kept = RowFilter(drop_mt_chinese=False).apply(doc)
    write_documents([kept], "tmx", tmp_path / "c.tmx")
    tree = etree.parse(str(tmp_path / "c.tmx"), PARSER)
    props = [p.text for p in tree.findall("body/tu/prop[@type='x-zh-origin']")]
    assert props == ["mt"]
    write_documents([kept], "jsonl", tmp_path / "c.jsonl")
    records = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["zh_origin"] for r in records] == ["mt", "human"]


def test_export_command_writes_xliff_with_the_workspace_glossary(tmp_path, capsys):
    ws_path = tmp_path / "w.zhalign"
    with Workspace.create(ws_path) as ws:
        ws.add_document(Document([Row(["奥密克戎来了。"], ["Delta is here."], "confirmed")], title="t"))
        ws.set_glossary(Glossary.parse("奥密克戎\tOmicron\n"))
    out = tmp_path / "w.xlf"
    assert main(["export", str(ws_path), "-f", "xliff", "-o", str(out)]) == 0
    (unit,) = units(out)
    notes = [n.text for n in unit.findall(f"{X}note")]
    assert notes == ["[error] glossary: 奥密克戎 should be rendered as “Omicron”"]
    assert main(["export", str(ws_path), "-f", "xliff", "-o", str(out), "--no-check-notes"]) == 0
    assert not units(out)[0].findall(f"{X}note")
