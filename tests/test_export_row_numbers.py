"""Exports number rows as the editor and ``check`` do: from 1, in the stored article, whatever is left out."""

from __future__ import annotations

import json
from dataclasses import replace

from lxml import etree

from corpora.document import Document, Row
from corpora.filters import RowFilter
from corpora.writers import DEFAULT_OPTIONS, export_documents
from corpora.writers.xliff import NS
from qa.glossary import Glossary
from tests.conftest import shared_path

PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
X = f"{{{NS}}}"
GLOSSARY = Glossary.parse("新冠\tCovid;coronavirus\n")


def _doc() -> Document:
    """Rows 2 (one-sided), 4 (English from MT) and 5 (not confirmed) are left out by the filter below."""
    return Document([
        Row(["新冠来了。"], ["Covid is here."], "confirmed"),
        Row(["只有中文。"], [], "confirmed"),
        Row(["新冠又来了。"], ["Covid is back."], "confirmed"),
        Row(["机器。"], ["Machine."], "confirmed", en_mt=(0,)),
        Row(["新冠还在。"], ["Covid stays."], "auto", 0.9),
        Row(["新冠走了。"], ["The coronavirus left."], "confirmed"),
    ], title="t", id=7)


FILTER = RowFilter(confirmed_only=True, drop_unaligned=True)
OPTIONS = replace(DEFAULT_OPTIONS, glossary=GLOSSARY)
KEPT = [1, 3, 6]


def test_tmx_tuids_keep_the_editor_numbers_and_notes_name_them(tmp_path):
    out = tmp_path / "c.tmx"
    export_documents([_doc()], "tmx", out, row_filter=FILTER, options=OPTIONS)
    tree = etree.parse(str(out), PARSER)
    assert etree.DTD(str(shared_path("formats", "tmx14.dtd"))).validate(tree)
    units = tree.findall("body/tu")
    assert [u.get("tuid") for u in units] == [f"7-{n}" for n in KEPT]
    (note,) = [n.text for n in units[-1].findall("note")]
    # The whole article is checked: rows 1, 3 and 5 say Covid, though row 5 is not exported.
    assert note.endswith("新冠 is “coronavirus” here but “Covid” in rows 1, 3, 5")


def test_xliff_ids_keep_the_editor_numbers(tmp_path):
    out = tmp_path / "c.xlf"
    export_documents([_doc()], "xliff", out, row_filter=FILTER, options=OPTIONS)
    tree = etree.parse(str(out), PARSER)
    schema = etree.XMLSchema(etree.parse(str(shared_path("formats", "xliff-core-1.2-strict.xsd")), PARSER))
    assert schema.validate(tree), schema.error_log
    assert [u.get("id") for u in tree.findall(f".//{X}trans-unit")] == [str(n) for n in KEPT]


def test_jsonl_rows_count_from_one_and_skip_nothing(tmp_path):
    out = tmp_path / "c.jsonl"
    export_documents([_doc()], "jsonl", out, row_filter=FILTER)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["row"] for r in records] == KEPT
    export_documents([_doc()], "jsonl", out, row_filter=RowFilter(drop_mt_english=False))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["row"] for r in records] == [1, 2, 3, 4, 5, 6]


def test_filtering_twice_keeps_the_first_numbers():
    once = RowFilter(drop_unaligned=True).apply(_doc())
    twice = RowFilter(confirmed_only=True).apply(once)
    assert [n for n, _ in twice.numbered()] == KEPT
    assert twice.whole is not None and len(twice.whole) == 6


def test_tmx_notes_are_the_findings_of_check_fast_on_the_same_rows(tmp_path, capsys):
    from cli import main
    from corpora.workspace import Workspace

    path = tmp_path / "w.zhalign"
    with Workspace.create(path) as ws:
        ws.add_document(_doc())
        ws.set_glossary(GLOSSARY)
    assert main(["check", str(path), "--fast", "--format", "json"]) in (0, 1)
    (article,) = json.loads(capsys.readouterr().out)
    expected = sorted((f["row"], f"[{f['severity']}] {f['check']}: {f['message']}")
                      for f in article["findings"])
    out = tmp_path / "c.tmx"
    assert main(["export", str(path), "-f", "tmx", "-o", str(out), "--keep-unaligned",
                 "--include-mt-english"]) == 0
    units = etree.parse(str(out), PARSER).findall("body/tu")
    notes = sorted((int(u.get("tuid").split("-")[1]), n.text) for u in units for n in u.findall("note"))
    assert notes == expected and len(notes) >= 2
