"""The export writers: TMX validity against the DTD, Moses/TSV/JSONL line rules, filters, file layouts."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from corpora.document import Document, Row
from corpora.filters import RowFilter
from corpora.writers import ExportOptions, write_documents
from corpora.writers.lines import moses_paths
from tests.conftest import shared_path

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def sample_docs() -> list[Document]:
    """Two small documents with every row shape, statuses and awkward characters."""
    first = Document([
        Row(["北京新闻"], ["Beijing News"], "confirmed", None, headline=True),
        Row(["甲方说。", "乙方\x0b同意。"], ["A & B <agree>.\nTruly.", "Both\tsigned."], "auto", 0.81),
        Row(["只有中文。"], [], "auto", 0.3, bookmark=True),
        Row([], ["Only English."], "edited", None),
        Row(["低分。"], ["Low score."], "auto", 0.2),
    ], title="First story", id=3)
    second = Document([Row(["第二篇。"], ["Second."], "auto", 0.95)], title="Second story")
    return [first, second]


def test_tmx_is_valid_against_the_dtd_and_carries_our_props(tmp_path):
    dtd = etree.DTD(str(shared_path("formats", "tmx14.dtd")))
    out = tmp_path / "corpus.tmx"
    write_documents(sample_docs(), "tmx", out, ExportOptions("zh-Hans", "en-GB"))
    tree = etree.parse(str(out))
    assert dtd.validate(tree), dtd.error_log
    header = tree.find("header")
    for attr in ("creationtool", "creationtoolversion", "o-tmf", "adminlang", "datatype"):
        assert header.get(attr)
    assert header.get("segtype") == "sentence" and header.get("srclang") == "zh-Hans"
    tus = tree.findall("body/tu")
    assert len(tus) == 6
    langs = {tuv.get(XML_LANG) for tuv in tree.iter("tuv")}
    assert langs == {"zh-Hans", "en-GB"}
    joined = tus[1].findall("tuv/seg")
    assert joined[0].text == "甲方说。乙方同意。"  # no space in Chinese, the control character gone
    assert joined[1].text == "A & B <agree>.\nTruly. Both\tsigned."
    props = {p.get("type"): p.text for p in tus[1].findall("prop")}
    assert props["x-status"] == "auto" and float(props["x-confidence"]) == 0.81
    assert props["x-document"] == "3" and props["x-title"] == "First story"
    assert [len(tu.findall("tuv")) for tu in tus[2:4]] == [1, 1]  # one-sided rows: one variant only


def test_tmx_without_shared_dtd_still_parses(tmp_path):
    out = tmp_path / "a.tmx"
    write_documents(sample_docs(), "tmx", out)
    assert etree.parse(str(out)).getroot().get("version") == "1.4"


def test_moses_files_have_equal_lines_and_no_empty_line(tmp_path):
    zh_path, en_path = write_documents(sample_docs(), "moses", tmp_path / "train")
    assert (zh_path.name, en_path.name) == ("train.zh", "train.en")
    zh = zh_path.read_text(encoding="utf-8").split("\n")
    en = en_path.read_text(encoding="utf-8").split("\n")
    assert zh[-1] == en[-1] == ""
    zh, en = zh[:-1], en[:-1]
    assert len(zh) == len(en) == 4  # the 1-0 and 0-1 rows are left out
    assert all(line.strip() and "\t" not in line for line in zh + en)
    assert en[1] == "A & B <agree>. Truly. Both signed."
    assert zh[1] == "甲方说。乙方同意。"


def test_moses_into_a_directory(tmp_path):
    assert moses_paths(tmp_path) == (tmp_path / "corpus.zh", tmp_path / "corpus.en")
    files = write_documents(sample_docs(), "moses", tmp_path)
    assert [f.name for f in files] == ["corpus.zh", "corpus.en"]


def test_tsv_has_a_header_and_five_clean_columns(tmp_path):
    (out,) = write_documents(sample_docs(), "tsv", tmp_path / "c.tsv")
    lines = out.read_text(encoding="utf-8").rstrip("\n").split("\n")
    assert lines[0] == "zh\ten\tstatus\tconfidence\tdoc"
    cells = [line.split("\t") for line in lines[1:]]
    assert all(len(c) == 5 for c in cells)
    assert cells[1][1] == "A & B <agree>. Truly. Both signed." and cells[1][3] == "0.81"
    assert cells[0][3] == "" and cells[0][4] == "3" and cells[-1][4] == "Second_story"


def test_jsonl_uses_the_translation_feature(tmp_path):
    (out,) = write_documents(sample_docs(), "jsonl", tmp_path / "c.jsonl")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 6
    assert records[0]["translation"] == {"zh": "北京新闻", "en": "Beijing News"}
    assert records[1]["confidence"] == 0.81 and records[1]["status"] == "auto" and records[1]["doc"] == 3
    assert records[1]["sentences"]["zh"] == ["甲方说。", "乙方同意。"]
    assert "北京" in out.read_text(encoding="utf-8")  # not \u-escaped


def test_jsonl_and_parquet_say_where_an_article_came_from_as_tmx_does(tmp_path):
    """The article's source file, by name unless ``full_paths`` (a shared corpus shows no folders), in
    every record; read back as the article's source, while a file without it (written before JSONL had
    one) still reads, with the JSONL file as the source."""
    from corpora.readers.lines import read_jsonl

    doc = Document([Row(["一。"], ["One."], "auto", 0.9), Row(["二。"], ["Two."], "confirmed")],
                   title="t", source="/home/alice/news/a.zh.txt", id=4)
    untitled = Document([Row(["三。"], ["Three."], "auto", 0.9)])
    for options, source in ((ExportOptions(), "a.zh.txt"),
                            (ExportOptions(full_paths=True), "/home/alice/news/a.zh.txt")):
        (out,) = write_documents([doc, untitled], "jsonl", tmp_path / "c.jsonl", options)
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [r["source"] for r in records] == [source, source, ""]
        assert [d.source for d in read_jsonl(out)] == [source, str(out.resolve())]
        tmx = write_documents([doc], "tmx", tmp_path / "c.tmx", options)[0]
        assert {p.text for p in etree.parse(str(tmx)).iter("prop") if p.get("type") == "x-source"} == {source}
    for record in records:
        del record["source"]
    old = tmp_path / "old.jsonl"
    old.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert [(d.id, d.source, len(d.rows)) for d in read_jsonl(old)] == [(4, str(old.resolve()), 2),
                                                                         (None, str(old.resolve()), 1)]
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    from corpora.writers.parquet import ParquetParts

    for options, source in ((ExportOptions(), "a.zh.txt"),
                            (ExportOptions(full_paths=True), "/home/alice/news/a.zh.txt")):
        folder = tmp_path / f"parquet-{options.full_paths}"
        folder.mkdir()
        parts = ParquetParts(folder, options=options)
        parts.add("a", doc)
        parts.flush()
        assert pq.read_table(folder / "part-00000.parquet").column("source").to_pylist() == [source, source]


def test_intertext_layout_and_xtargets_order(tmp_path):
    links = write_documents(sample_docs(), "intertext", tmp_path)
    assert [p.name for p in links] == ["doc3.zh.en.xml", "Second_story.zh.en.xml"]
    group = etree.parse(str(links[0])).getroot()
    assert group.get("fromDoc") == "doc3.zh.xml" and group.get("toDoc") == "doc3.en.xml"
    first, second = list(group)[:2]
    assert first.get("status") == "man" and second.get("status") == "auto"
    assert second.get("xtargets") == "1:2 1:3;1:2 1:3" and second.get("type") == "2-2"
    assert list(group)[2].get("xtargets") == ";1:4" and list(group)[2].get("mark") == "1"
    assert list(group)[3].get("xtargets") == "1:4;" and list(group)[3].get("status") == "plain"
    zh = etree.parse(str(tmp_path / "doc3.zh.xml")).getroot()
    assert [s.get("id") for s in zh.iter("s")] == ["1:1", "1:2", "1:3", "1:4", "1:5"]


def test_beads_layout(tmp_path):
    aligns = write_documents(sample_docs(), "beads", tmp_path)
    assert aligns[0].read_text().splitlines() == ["[0]:[0]", "[1,2]:[1,2]", "[3]:[]", "[]:[3]", "[4]:[4]"]
    en_lines = (tmp_path / "doc3.en.txt").read_text(encoding="utf-8").splitlines()
    assert en_lines[1] == "A & B <agree>. Truly." and len(en_lines) == 5


@pytest.mark.parametrize(("flt", "kept"), [
    (RowFilter(), 5),
    (RowFilter(confirmed_only=True), 1),
    (RowFilter(drop_unaligned=True), 3),
    (RowFilter(min_confidence=0.5), 3),  # auto rows under 0.5 go; confirmed and edited rows stay
    (RowFilter(min_confidence=0.5, drop_unaligned=True), 2),
])
def test_filters(flt, kept):
    doc = flt.apply(sample_docs()[0])
    assert len(doc.rows) == kept
    assert doc.title == "First story"


def test_filter_does_not_touch_the_original():
    doc = sample_docs()[0]
    RowFilter(confirmed_only=True).apply(doc)
    assert len(doc.rows) == 5


def test_numpy_scores_are_written_as_plain_numbers(tmp_path):
    import numpy as np

    doc = Document([Row(["一。"], ["One."], "auto", np.float32(0.25))])
    (out,) = write_documents([doc], "jsonl", tmp_path / "c.jsonl")
    assert json.loads(out.read_text(encoding="utf-8"))["confidence"] == 0.25
