"""One-sided rows (1-0, 0-1): out of TMX and XLIFF unless asked, kept in the other formats unless asked."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from cli import main
from corpora.document import Document, Row
from corpora.filters import RowFilter
from corpora.workspace import Workspace

PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@pytest.fixture
def workspace(tmp_path):
    path = tmp_path / "w.zhalign"
    with Workspace.create(path) as ws:
        ws.add_document(Document([Row(["一。"], ["One."]), Row(["只有中文。"], []),
                                  Row([], ["English only."]), Row(["四。"], ["Four."])], title="t"))
    return path


def _export(workspace, fmt, out, *extra) -> None:
    assert main(["export", str(workspace), "-f", fmt, "-o", str(out), *extra]) == 0


def test_tmx_and_xliff_leave_one_sided_rows_out_and_say_so(workspace, tmp_path, capsys):
    _export(workspace, "tmx", tmp_path / "c.tmx")
    assert "exported 2 rows of 1 article" in (said := capsys.readouterr().out)
    assert "left out 2 rows: 2 one-sided" in said
    tuids = [tu.get("tuid") for tu in etree.parse(str(tmp_path / "c.tmx"), PARSER).iter("tu")]
    assert tuids == ["1-1", "1-4"]
    _export(workspace, "xliff", tmp_path / "c.xlf")
    assert "left out 2 rows: 2 one-sided" in capsys.readouterr().out
    ids = [u.get("id") for u in etree.parse(str(tmp_path / "c.xlf"), PARSER).iter("{*}trans-unit")]
    assert ids == ["1", "4"]


def test_keep_unaligned_keeps_them_in_tmx(workspace, tmp_path, capsys):
    _export(workspace, "tmx", tmp_path / "c.tmx", "--keep-unaligned")
    assert "exported 4 rows" in capsys.readouterr().out
    assert len(list(etree.parse(str(tmp_path / "c.tmx"), PARSER).iter("tu"))) == 4


def test_jsonl_keeps_them_unless_dropped(workspace, tmp_path, capsys):
    out = tmp_path / "c.jsonl"
    _export(workspace, "jsonl", out)
    assert [json.loads(line)["row"] for line in out.read_text(encoding="utf-8").splitlines()] == [1, 2, 3, 4]
    _export(workspace, "jsonl", out, "--drop-unaligned")
    assert [json.loads(line)["row"] for line in out.read_text(encoding="utf-8").splitlines()] == [1, 4]
    assert "2 one-sided" in capsys.readouterr().out


def test_the_two_switches_exclude_each_other(workspace, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["export", str(workspace), "-f", "tmx", "-o", str(tmp_path / "c.tmx"),
              "--keep-unaligned", "--drop-unaligned"])
    capsys.readouterr()


@pytest.mark.parametrize("fmt, drops", [("tmx", True), ("xliff", True), ("jsonl", False), ("tsv", False),
                                        ("intertext", False), ("beads", False), ("moses", False)])
def test_an_open_filter_takes_the_format_default_and_an_explicit_one_stays(fmt, drops):
    assert RowFilter().for_format(fmt).drop_unaligned is drops
    assert RowFilter(drop_unaligned=not drops).for_format(fmt).drop_unaligned is (not drops)


def test_an_article_of_one_sided_rows_only_names_the_option_that_keeps_them(tmp_path):
    """A one-sided article (a headline over the other language's body) has no two-sided row: a TMX of it
    is refused with the option to use, not a generic hint."""
    import pytest

    from aligner.errors import UserError
    from corpora.document import Document, Row
    from corpora.writers import export_documents

    doc = Document([Row(["标题"], [], "auto", 0.9), Row([], ["Body one."], "auto", 0.9)], title="t")
    with pytest.raises(UserError, match="--keep-unaligned keeps one-sided rows"):
        export_documents([doc], "tmx", tmp_path / "out.tmx")
    assert not (tmp_path / "out.tmx").exists()


def test_an_article_left_with_no_row_is_not_exported_or_counted(tmp_path):
    """A one-sided article beside a two-sided one: the XLIFF holds one <file>, and the summary counts
    one article."""
    from lxml import etree

    from corpora.document import Document, Row
    from corpora.writers import export_documents

    pair = Document([Row(["一"], ["One."], "auto", 0.9), Row(["二"], ["Two."], "auto", 0.9)], title="a")
    lone = Document([Row(["标题"], [], "auto", 0.9), Row([], ["Body."], "auto", 0.9)], title="b")
    report = export_documents([pair, lone], "xliff", tmp_path / "out.xlf")
    assert report.documents == 1 and report.rows == 2
    files = etree.parse(str(tmp_path / "out.xlf")).getroot().findall("{*}file")
    assert len(files) == 1
