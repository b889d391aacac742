"""Readers of aligned input: TMX (ours and foreign), InterText, bead files, JSONL/TSV/Moses, bad input."""

from __future__ import annotations

import zipfile

import pytest

from aligner.errors import UserError
from corpora.document import Document, Row
from corpora.readers.beads import read_beads
from corpora.readers.intertext import read_intertext
from corpora.readers.lines import read_jsonl, read_moses, read_tsv
from corpora.readers.tmx import read_tmx
from corpora.writers import write_documents
from tests.conftest import shared_path

FOREIGN_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="X" creationtoolversion="1" segtype="sentence" o-tmf="x"
 adminlang="en" srclang="zh-TW" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="ZH-tw"><seg>第一<bpt i="1">&lt;b&gt;</bpt>句<ept i="1">&lt;/b&gt;</ept>。</seg></tuv>
    <tuv lang="en_GB"><seg>The <hi>first</hi> one.</seg></tuv><tuv xml:lang="fr"><seg>Un.</seg></tuv></tu>
<tu><tuv xml:lang="en-US"><seg>Only English.</seg></tuv></tu>
<tu><tuv xml:lang="zh"><seg>   </seg></tuv><tuv xml:lang="en"><seg> </seg></tuv></tu>
</body></tmx>"""


def test_foreign_tmx_gives_one_unconfirmed_document(tmp_path):
    path = tmp_path / "memory.tmx"
    path.write_text(FOREIGN_TMX, encoding="utf-8")
    (doc,) = read_tmx(path)
    assert doc.title == "memory" and doc.id is None
    assert [(r.zh, r.en) for r in doc.rows] == [(["第一句。"], ["The first one."]), ([], ["Only English."])]
    assert {r.status for r in doc.rows} == {"auto"}   # confirmed only when the file says so


def test_our_tmx_with_several_documents(tmp_path):
    docs = [Document([Row(["一。"], ["One."], "auto", 0.5)], title="a", id=4),
            Document([Row(["二。", "三。"], ["Two three."], "edited")], title="b", id=9)]
    write_documents(docs, "tmx", tmp_path / "m.tmx")
    back = read_tmx(tmp_path / "m.tmx")
    assert [(d.id, d.title) for d in back] == [(4, "a"), (9, "b")]
    assert back[1].rows[0].zh == ["二。", "三。"] and back[1].rows[0].status == "edited"
    assert back[0].rows[0].confidence == 0.5


@pytest.mark.parametrize(("text", "expected"), [
    (FOREIGN_TMX[: len(FOREIGN_TMX) // 2], "not well-formed XML"),
    ("<tmx version='1.4'><body><tu></body></tmx>", "not well-formed XML"),
    ("<html><body/></html>", "is not a TMX file"),
    (FOREIGN_TMX.replace('"ZH-tw"', '"de"').replace('"zh"', '"de"'), "has no zh* variant"),
    ("<tmx version='1.4'><header/><body/></tmx>", "holds no translation unit"),
    ("", "is empty"),
])
def test_bad_tmx_is_a_one_line_user_error(tmp_path, text, expected):
    path = tmp_path / "bad.tmx"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as info:
        read_tmx(path)
    message = str(info.value)
    assert expected in message and str(path) in message and "\n" not in message


def test_tmx_edited_by_a_cat_tool_keeps_the_segment_whole(tmp_path):
    doc = Document([Row(["甲。", "乙。"], ["A.", "B."], "auto", 0.9)])
    write_documents([doc], "tmx", tmp_path / "m.tmx")
    text = (tmp_path / "m.tmx").read_text(encoding="utf-8").replace("A. B.", "A, then B.")
    (tmp_path / "m.tmx").write_text(text, encoding="utf-8")
    row = read_tmx(tmp_path / "m.tmx")[0].rows[0]
    assert row.zh == ["甲。", "乙。"] and row.en == ["A, then B."]


PRETTY_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="X" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en"
          srclang="zh-CN" datatype="plaintext"/>
  <body>
    <tu>
      <note>Checked by the client.</note>
      <tuv xml:lang="zh-CN">
        <seg>
          今天天气
          很好，他说：
          “走吧。”
        </seg>
      </tuv>
      <tuv xml:lang="en-US">
        <seg>
          The weather is\tfine  today,
          he said. Let's <bpt i="1">&lt;b&gt;</bpt>go<ept i="1">&lt;/b&gt;</ept>
          \t now.
        </seg>
      </tuv>
    </tu>
    <tu>
      <tuv xml:lang="zh-CN"><seg>　　第二段。 </seg></tuv>
      <tuv xml:lang="en-US"><seg> Two  spaces.</seg></tuv>
    </tu>
    <tu xml:space="preserve">
      <tuv xml:lang="zh-CN"><seg>第三
行。</seg></tuv>
      <tuv xml:lang="en-US"><seg xml:space="default">Third
   line.</seg></tuv>
    </tu>
  </body>
</tmx>"""


def test_a_pretty_printed_foreign_tmx_loses_its_layout_not_its_text(tmp_path):
    """A line break with the spaces and tabs around it is layout: gone at either end of a segment, one
    space inside it (none beside Chinese). Spaces and tabs that touch no line break are text, and so is
    every character under xml:space="preserve"."""
    path = tmp_path / "pretty.tmx"
    path.write_text(PRETTY_TMX, encoding="utf-8")
    (doc,) = read_tmx(path)
    assert [(r.zh, r.en) for r in doc.rows] == [
        (["今天天气很好，他说：“走吧。”"], ["The weather is\tfine  today, he said. Let's go now."]),
        (["\u3000\u3000第二段。 "], [" Two  spaces."]),
        (["第三\n行。"], ["Third line."]),
    ]


def test_our_own_tmx_keeps_a_line_break_inside_a_sentence(tmp_path):
    """Our export writes a segment exactly as the sentences are, so a line break typed into one is text."""
    doc = Document([Row(["甲\n乙。", "丙。"], ["A\n  B.", "C."], "edited")])
    write_documents([doc], "tmx", tmp_path / "m.tmx")
    (back,) = read_tmx(tmp_path / "m.tmx")
    assert (back.rows[0].zh, back.rows[0].en) == (["甲\n乙。", "丙。"], ["A\n  B.", "C."])


def test_gold_intertext_mac_dev_matches_its_bead_file():
    link = shared_path("eval", "bertalign-mapc", "dev", "intertext", "dev-anno.001_zh.001_en.xml")
    (doc,) = read_intertext(link)
    assert doc.rows[0].kind == "2-1"  # xtargets '1:1;1:1 1:2': en first, zh second
    assert doc.rows[0].en[0].startswith("I did not leave that night")
    assert {r.status for r in doc.rows} == {"confirmed"}
    assert all(r.zh or r.en for r in doc.rows)


def test_gold_intertext_with_english_as_from_doc():
    link = shared_path("eval", "bertalign-aligner-eval", "data", "mag", "intertext",
                       "non-literary.003_src.003_tgt.xml")
    (doc,) = read_intertext(link)
    assert "杰夫" in doc.rows[0].zh[0] and doc.rows[0].en[0].startswith("Jeff Bezos")
    assert doc.rows[2].kind == "3-1"


def test_intertext_missing_text_file_and_bad_ids(tmp_path):
    link = tmp_path / "x.zh.en.xml"
    link.write_text("<linkGrp fromDoc='x.zh.xml' toDoc='x.en.xml'><link xtargets='1:1;1:1'/></linkGrp>")
    with pytest.raises(UserError, match=r"x\.zh\.xml: missing"):
        read_intertext(link)
    (tmp_path / "x.zh.xml").write_text("<text><p id='1'><s id='1:1'>中文。</s></p></text>")
    (tmp_path / "x.en.xml").write_text("<text><p id='1'><s id='1:1'>English.</s></p></text>")
    assert read_intertext(link)[0].rows[0].en == ["English."]
    link.write_text("<linkGrp fromDoc='x.zh.xml' toDoc='x.en.xml'><link xtargets='1:2;1:1'/></linkGrp>")
    with pytest.raises(UserError, match="id 1:2 is not in the en text"):
        read_intertext(link)
    with pytest.raises(UserError, match="has no <linkGrp>"):
        read_intertext(tmp_path / "x.zh.xml")


def test_intertext_unlinked_sentences_become_one_sided_rows(tmp_path):
    (tmp_path / "x.zh.xml").write_text("<text><p id='1'><s id='a'>甲。</s><s id='b'>乙。</s>"
                                       "<s id='c'>丙。</s></p></text>", encoding="utf-8")
    (tmp_path / "x.en.xml").write_text("<text><p id='1'><s id='a'>A.</s><s id='c'>C.</s></p></text>")
    link = tmp_path / "x.zh.en.xml"
    link.write_text("<linkGrp fromDoc='x.zh.xml' toDoc='x.en.xml'><link xtargets='a;a' status='man'/>"
                    "<link xtargets='c;c' status='auto' mark='1'/></linkGrp>")
    (doc,) = read_intertext(link)
    assert [(r.zh, r.en) for r in doc.rows] == [(["甲。"], ["A."]), (["乙。"], []), (["丙。"], ["C."])]
    assert doc.rows[2].bookmark and doc.rows[2].status == "auto"


def test_intertext_in_tei_with_xml_ids(tmp_path):
    tei = "<TEI xmlns='http://www.tei-c.org/ns/1.0'><text><body><p xml:id='p1'>{}</p></body></text></TEI>"
    (tmp_path / "a.xml").write_text(tei.format("<s xml:id='s1'>甲。</s><s xml:id='s2'>乙。</s>"),
                                    encoding="utf-8")
    (tmp_path / "b.xml").write_text(tei.format("<s xml:id='s1'>A and B.</s>"))
    link = tmp_path / "links.xml"
    link.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><linkGrp fromDoc='b.xml' toDoc='a.xml'>"
                    "<link xtargets='s1 s2;s1' status='man'/></linkGrp></TEI>")
    (doc,) = read_intertext(link)  # the Chinese text is toDoc here: told by its script
    assert [(r.zh, r.en, r.status) for r in doc.rows] == [(["甲。", "乙。"], ["A and B."], "confirmed")]


def test_gold_bead_file_in_the_eval_layout():
    align = shared_path("eval", "zhen", "mac-dev", "gold", "001.align")
    doc = read_beads(align)
    zh_lines = (align.parent.parent / "zh" / "001.txt").read_text(encoding="utf-8").splitlines()
    assert doc.sentences("zh") == zh_lines
    assert len(doc.beads()) == len(align.read_text().split())


def test_bead_file_errors(tmp_path):
    align = tmp_path / "d.align"
    align.write_text("[0]:[0]\n")
    with pytest.raises(UserError, match="zh sentences are missing"):
        read_beads(align)
    (tmp_path / "d.zh.txt").write_text("一。\n", encoding="utf-8")
    (tmp_path / "d.en.txt").write_text("One.\n")
    align.write_text("[0]:[1]\n")
    with pytest.raises(UserError, match="refers to en line 1"):
        read_beads(align)
    align.write_text("zero to one\n")
    with pytest.raises(UserError, match="must look like"):
        read_beads(align)


def test_jsonl_tsv_and_moses_errors(tmp_path):
    bad = tmp_path / "c.jsonl"
    bad.write_text('{"translation": {"zh": "一", "en": "one"}}\n{"translation": 3}\n', encoding="utf-8")
    with pytest.raises(UserError, match="line 2"):
        read_jsonl(bad)
    tsv = tmp_path / "c.tsv"
    tsv.write_text("a\tb\n")
    with pytest.raises(UserError, match="header"):
        read_tsv(tsv)
    (tmp_path / "m.zh").write_text("一\n二\n", encoding="utf-8")
    (tmp_path / "m.en").write_text("one\n")
    with pytest.raises(UserError, match="has 1 lines but"):
        read_moses(tmp_path / "m.zh", tmp_path / "m.en")


def test_jsonl_sentences_must_be_lists_of_strings(tmp_path):
    bad = tmp_path / "s.jsonl"
    bad.write_text('{"sentences": {"zh": ["一"], "en": ["one"]}}\n'
                   '{"sentences": {"zh": "二", "en": ["two"]}}\n', encoding="utf-8")
    with pytest.raises(UserError, match="line 2"):   # a string would otherwise become one row per character
        read_jsonl(bad)
    bad.write_text('{"sentences": {"zh": [2], "en": ["two"]}}\n', encoding="utf-8")
    with pytest.raises(UserError, match="line 1"):
        read_jsonl(bad)


def test_jsonl_lone_surrogate_escapes_become_replacement_characters(tmp_path):
    """``\\ud800`` is valid JSON but no character: no UTF-8 writer, segmenter or encoder could take it."""
    path = tmp_path / "u.jsonl"
    path.write_text('{"doc": "a\\udc80", "sentences": {"zh": ["中\\ud800国"], "en": ["x\\udfffy"]}}\n',
                    encoding="utf-8")
    [doc] = read_jsonl(path)
    assert doc.rows[0].zh == ["中\ufffd国"] and doc.rows[0].en == ["x\ufffdy"] and doc.title == "a\ufffd"


def test_not_a_zip_is_not_mistaken_for_xml(tmp_path):
    path = tmp_path / "x.tmx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a", "b")
    with pytest.raises(UserError, match="not well-formed XML"):
        read_tmx(path)
