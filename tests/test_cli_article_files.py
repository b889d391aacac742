"""``align``, ``check`` and ``edit`` read .docx and .html articles as ``add`` and ``batch`` do: body text
only, the same sentences as the plain-text articles they were made from."""

from __future__ import annotations

import json

import docx
import pytest

from cli import main
from corpora.readers.inputs import load_inputs

ZH_LINES = ["浙大2016年学术年会开幕。", "他说，只有30%是重症。", "奥密克戎变种传播更快。"]
EN_LINES = ["The 2016 academic conference opened.", "He said only 30% were severe cases.",
            "Omicron spreads faster."]
PAGE = ("<html><head><title>News</title><script>var menu = 'Home page';</script></head><body>"
        "<nav><a href='/'>Home page</a> <a href='/world'>World news</a></nav><article>{}</article>"
        "<footer>Copyright the site, all rights reserved.</footer></body></html>")
FAST = ["--no-mt", "--fast"]


@pytest.fixture
def articles(tmp_path):
    """The same article as .txt files and as a Chinese .docx with an English .html page."""
    (tmp_path / "a.zh.txt").write_text("\n".join(ZH_LINES) + "\n", encoding="utf-8")
    (tmp_path / "a.en.txt").write_text("\n".join(EN_LINES) + "\n", encoding="utf-8")
    document = docx.Document()
    for line in ZH_LINES:
        document.add_paragraph(line)
    document.save(str(tmp_path / "n.zh.docx"))
    body = "".join(f"<p>{line}</p>" for line in EN_LINES)
    (tmp_path / "n.en.html").write_text(PAGE.format(body), encoding="utf-8")
    return tmp_path


def test_align_reads_docx_and_html_like_the_text_files(articles, capsys):
    assert main(["align", str(articles / "a.zh.txt"), str(articles / "a.en.txt"), "-f", "tsv", *FAST]) == 0
    from_text = capsys.readouterr().out
    assert main(["align", str(articles / "n.zh.docx"), str(articles / "n.en.html"), "-f", "tsv", *FAST]) == 0
    from_documents = capsys.readouterr().out
    assert from_documents == from_text
    assert "Home page" not in from_documents and "Copyright" not in from_documents


def test_align_reads_an_html_page_beside_a_text_file(articles, capsys):
    assert main(["align", str(articles / "a.zh.txt"), str(articles / "n.en.html"), *FAST]) == 0
    beads = capsys.readouterr().out.split()
    assert beads == ["[0]:[0]", "[1]:[1]", "[2]:[2]"]


def test_check_reads_docx_and_html_like_the_text_files(articles, capsys):
    def rows(zh: str, en: str) -> list:
        assert main(["check", str(articles / zh), str(articles / en), *FAST, "--format", "json"]) == 0
        (article,) = json.loads(capsys.readouterr().out)
        return article["rows"]

    assert rows("n.zh.docx", "n.en.html") == rows("a.zh.txt", "a.en.txt") == 3


def test_edit_loads_docx_and_html_as_add_does(articles):
    from cli.editor_cmd import _pair_loader

    pair = _pair_loader(articles / "n.zh.docx", articles / "n.en.html", presegmented=False)()
    (added,) = load_inputs([articles / "n.zh.docx", articles / "n.en.html"])
    assert pair.zh.sentences == added.zh.sentences == ZH_LINES
    assert pair.en.sentences == added.en.sentences == EN_LINES
