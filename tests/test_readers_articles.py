"""Readers of articles to align: .docx, .html, mixed-language files, folders of pairs, load_inputs."""

from __future__ import annotations

import docx
import pytest

from aligner.beads import Bead
from aligner.errors import UserError
from corpora.document import Document, Row
from corpora.pipeline import Pair
from corpora.readers.articles import read_article, read_mixed, split_mixed
from corpora.readers.inputs import load_inputs, load_mixed
from corpora.readers.pairs import find_pairs
from corpora.writers import write_documents

ZH = "国家统计局今天发布数据。\n\n三季度经济增长百分之五。专家认为前景乐观。\n"
EN = "The statistics bureau released data today.\n\nThe economy grew 5% in the third quarter. " \
     "Experts are optimistic.\n"

PAGE = """<!DOCTYPE html><html><head><title>Growth figures</title><style>p {color: red}</style>
<script>var x = "不要这个";</script></head><body>
<nav><a href="/">首页</a> <a href="/news">新闻</a></nav><header><h1>网站名称</h1></header>
<article><header><h1>经济增长</h1></header><p>国家统计局<b>今天</b>发布数据。</p><div>三季度经济增长百分之五。</div>
<aside>相关阅读：别的新闻</aside><p>专家认为前景乐观。<br>还有一行。</p><footer>标签</footer></article>
<footer>版权所有</footer></body></html>"""


def test_html_keeps_the_article_body_only(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = read_article(path)
    assert article.title == "Growth figures"
    assert article.text.split("\n") == ["经济增长", "国家统计局今天发布数据。", "三季度经济增长百分之五。",
                                        "专家认为前景乐观。", "还有一行。"]


def test_html_without_article_uses_main_then_body(tmp_path):
    path = tmp_path / "page.htm"
    path.write_text("<html><body><nav>Menu</nav><main><p>Main text.</p></main><p>Outside.</p></body></html>")
    assert read_article(path).text == "Main text."
    path.write_text("<html><body><nav>Menu</nav><p>Body text.</p><footer>(c)</footer></body></html>")
    assert read_article(path).text == "Body text."


def test_docx_paragraphs_and_tables(tmp_path):
    document = docx.Document()
    document.core_properties.title = "Report"
    document.add_paragraph("第一段。")
    document.add_paragraph("")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "表格甲", "表格乙"
    document.add_paragraph("第二段。")
    path = tmp_path / "a.docx"
    document.save(str(path))
    article = read_article(path)
    assert article.title == "Report"
    assert article.text.split("\n") == ["第一段。", "表格甲", "表格乙", "第二段。"]


def test_docx_that_is_not_a_zip(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    with pytest.raises(UserError, match=r"not a Word \.docx file") as info:
        read_article(path)
    assert str(path) in str(info.value)


def test_split_mixed_headline_and_alternating_paragraphs():
    zh, en = split_mixed("中国经济增长百分之五\nChina's economy grows 5%.\nIt beat forecasts.\n"
                         "专家认为前景乐观。\n2026\nExperts are optimistic.")
    assert zh == "中国经济增长百分之五\n\n专家认为前景乐观。\n2026"
    assert en == "China's economy grows 5%.\nIt beat forecasts.\n\nExperts are optimistic."


def test_read_mixed_needs_both_languages(tmp_path):
    path = tmp_path / "only.txt"
    path.write_text("只有中文。\n第二行。", encoding="utf-8")
    with pytest.raises(UserError, match="has no English text"):
        read_mixed(path)


def test_find_pairs_reports_mismatches_and_keeps_the_rest(tmp_path):
    for name, text in [("a.zh.txt", ZH), ("a.en.txt", EN), ("b.zh.txt", ZH), ("c.en.html", EN),
                       ("notes.txt", "x")]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    warnings: list[str] = []
    pairs = find_pairs(tmp_path, warnings.append)
    assert [(p.name, p.zh.name, p.en.name) for p in pairs] == [("a", "a.zh.txt", "a.en.txt")]
    assert len(warnings) == 3
    assert any("b.zh.txt" in w for w in warnings) and any("c.en.html" in w for w in warnings)
    assert any("notes.txt" in w for w in warnings)


def test_find_pairs_in_the_gold_layout_and_errors(tmp_path):
    (tmp_path / "zh").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "zh" / "001.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "en" / "001.txt").write_text(EN)
    (tmp_path / "en" / "002.txt").write_text(EN)
    warnings: list[str] = []
    assert [p.name for p in find_pairs(tmp_path, warnings.append)] == ["001"]
    assert len(warnings) == 1 and "002.txt" in warnings[0]
    with pytest.raises(UserError, match="no such folder"):
        find_pairs(tmp_path / "missing")
    with pytest.raises(UserError, match="holds no article pairs"):
        find_pairs(tmp_path / "zh", warnings.append)


def test_load_inputs_every_shape(tmp_path):
    (tmp_path / "story.en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "story.zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "english.txt").write_text(EN)
    (tmp_path / "chinese.html").write_text(f"<html><body><p>{ZH}</p></body></html>", encoding="utf-8")
    (tmp_path / "mixed.txt").write_text("经济增长\n" + EN, encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "x.zh.txt").write_text(ZH, encoding="utf-8")
    (folder / "x.en.txt").write_text(EN)
    tmx = tmp_path / "m.tmx"
    write_documents([Document([Row(["一。"], ["One."])], title="t")], "tmx", tmx)

    sources = load_inputs([tmp_path / "story.en.txt", tmp_path / "story.zh.txt", folder, tmx])
    assert [type(s) for s in sources] == [Pair, Document, Pair]
    assert sources[0].zh_path.name == "x.zh.txt" and sources[2].zh.sentences[0] == "国家统计局今天发布数据。"
    assert sources[2].zh_path.name == "story.zh.txt"

    (pair,) = load_inputs([tmp_path / "english.txt", tmp_path / "chinese.html"])
    assert pair.zh_path.name == "chinese.html" and pair.en.sentences[0].startswith("The statistics")

    (mixed,) = load_inputs([tmp_path / "mixed.txt"])
    assert mixed.zh.sentences == ["经济增长"] and len(mixed.en.sentences) == 3


@pytest.mark.parametrize("name", ["art.xlf", "art.xliff", "art.sdlxliff", "ART.MQXLIFF"])
def test_an_xliff_file_is_refused_with_the_way_back_through_tmx(tmp_path, name):
    """USERTEST5 entry 9: `add WS out/art.xlf` said "unknown kind of file (.xlf)"."""
    (tmp_path / name).write_text('<?xml version="1.0"?><xliff version="1.2"/>')
    with pytest.raises(UserError, match=r"XLIFF is written only \(an export for CAT tools\).*a TMX exported "
                                        r"from that tool \(zhen-align add WS reviewed\.tmx\)"):
        load_inputs([tmp_path / name])


def test_load_inputs_errors(tmp_path):
    with pytest.raises(UserError, match="no such file or folder"):
        load_inputs([tmp_path / "nothing.txt"])
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(UserError, match="unknown kind of file"):
        load_inputs([tmp_path / "a.pdf"])
    (tmp_path / "en.txt").write_text(EN)
    (tmp_path / "en2.txt").write_text(EN)
    with pytest.raises(UserError, match=r"en\.txt.*Chinese"):
        load_inputs([tmp_path / "en.txt", tmp_path / "en2.txt"])


def test_mixed_file_is_titled_and_marked_by_its_chinese_headline(tmp_path):
    """USERTEST4 entry 17: a Chinese headline over an English body was titled after the file, unmarked."""
    path = tmp_path / "draft.txt"
    path.write_text("欧盟宣布加征临时关税\n\nBRUSSELS (Reuters) - The EU will impose tariffs.\n"
                    "The duties apply from Friday.\n", encoding="utf-8")
    pair = load_mixed(path)
    assert pair.title == "欧盟宣布加征临时关税" and pair.has_headline
    # the headline's row is marked even when an English sentence comes before it in its own row
    beads = [Bead((), (0,)), Bead((0,), (1,))]
    doc = Document.from_beads(pair.zh.sentences, pair.en.sentences, beads, headline=pair.has_headline)
    assert [row.headline for row in doc.rows] == [False, True]


def test_mixed_file_without_a_headline_line_is_titled_after_the_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("The EU will impose tariffs.\n欧盟宣布加征临时关税。\n", encoding="utf-8")
    pair = load_mixed(path)
    assert pair.title == "notes" and not pair.has_headline
