"""``zhen-align check`` and ``zhen-align glossary``: exit codes 0 / 1 / 2, table and JSON, workspaces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli import main
from corpora import edits
from corpora.workspace import Workspace

ZH = "浙大2016年学术年会开幕。\n他说，只有30%是重症。\n奥密克戎变种传播更快。\n"
REST = "\nHe said only 30% were severe cases.\nOmicron spreads faster.\n"
EN_GOOD = "The 2016 academic conference opened." + REST
EN_BAD = "The 2017 academic conference opened." + REST
PAIR = ["--presegmented", "--no-mt", "--fast"]


@pytest.fixture
def files(tmp_path):
    (tmp_path / "a.zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "good.en.txt").write_text(EN_GOOD, encoding="utf-8")
    (tmp_path / "bad.en.txt").write_text(EN_BAD, encoding="utf-8")
    (tmp_path / "terms.tsv").write_text("奥密克戎\tOmicron\n变种\tstrain\n", encoding="utf-8")
    return tmp_path


def test_a_clean_translation_exits_0(files, capsys):
    assert main(["check", str(files / "a.zh.txt"), str(files / "good.en.txt"), *PAIR]) == 0
    out = capsys.readouterr().out
    assert out.count("no findings") == 1 and out.rstrip().endswith("3 rows, no findings")


def test_clean_articles_of_a_workspace_get_a_line_each_and_a_total(files, capsys):
    (files / "b.zh.txt").write_text("".join(ZH.splitlines(keepends=True)[:2]), encoding="utf-8")
    (files / "b.en.txt").write_text("".join(EN_GOOD.splitlines(keepends=True)[:2]), encoding="utf-8")
    ws_path = files / "w.zhalign"
    assert main(["new", str(ws_path)]) == 0
    for zh, en in (("a.zh.txt", "good.en.txt"), ("b.zh.txt", "b.en.txt")):
        assert main(["add", str(ws_path), str(files / zh), str(files / en), *PAIR]) == 0
    capsys.readouterr()
    assert main(["check", str(ws_path), "--fast"]) == 0
    out = capsys.readouterr().out
    assert out.count("no findings") == 3 and out.rstrip().endswith("no findings in 5 rows of 2 articles")


def test_an_error_finding_exits_1_and_is_listed_by_row(files, capsys):
    assert main(["check", str(files / "a.zh.txt"), str(files / "bad.en.txt"), *PAIR]) == 1
    out = capsys.readouterr().out
    assert "number differs: 2016 in the Chinese" in out and "1 error in 1 row of 3" in out


def test_a_warning_exits_1_only_with_strict(files, capsys):
    """A pipeline that must stop on anything to look at (a possible omission inside a joined row is a
    warning) asks for --strict."""
    (files / "question.en.txt").write_text("The 2016 academic conference opened.\nHe said only 30% were "
                                           "severe cases.\nDoes Omicron spread faster?\n", encoding="utf-8")
    args = ["check", str(files / "a.zh.txt"), str(files / "question.en.txt"), *PAIR]
    assert main(args) == 0
    assert "1 warning in 1 row of 3" in capsys.readouterr().out
    assert main([*args, "--strict"]) == 1
    assert main(["check", str(files / "a.zh.txt"), str(files / "good.en.txt"), *PAIR, "--strict"]) == 0


def test_json_output_carries_rows_spans_and_texts(files, capsys):
    zh, en = str(files / "a.zh.txt"), str(files / "good.en.txt")
    assert main(["check", zh, en, *PAIR, "--glossary", str(files / "terms.tsv"), "--format", "json"]) == 1
    (article,) = json.loads(capsys.readouterr().out)
    (finding,) = article["findings"]
    assert (finding["row"], finding["check"], finding["key"]) == (3, "glossary", "glossary:变种")
    assert finding["spans"] == [{"side": "zh", "sentence": 0, "start": 4, "end": 6, "text": "变种"}]


@pytest.mark.parametrize(("extra", "message"), [
    (["--glossary", "missing.tsv"], "missing.tsv"),
    (["--doc", "1"], "--doc picks articles of a workspace"),
    (["--article", "1"], "--doc picks articles of a workspace"),   # the old spelling still works
])
def test_bad_input_exits_2_with_one_line(files, capsys, extra, message):
    args = ["check", str(files / "a.zh.txt"), str(files / "bad.en.txt"), *PAIR, *extra]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_a_workspace_uses_its_glossary_and_leaves_ignored_findings_out(files, capsys):
    ws_path = files / "w.zhalign"
    assert main(["new", str(ws_path)]) == 0
    assert main(["add", str(ws_path), str(files / "a.zh.txt"), str(files / "bad.en.txt"), "--no-mt",
                 "--fast", "--presegmented"]) == 0
    assert main(["glossary", str(ws_path), str(files / "terms.tsv")]) == 0
    capsys.readouterr()
    assert main(["glossary", str(ws_path)]) == 0
    assert "变种\tstrain" in capsys.readouterr().out
    assert main(["check", str(ws_path), "--fast", "--format", "json"]) == 1
    keys = {(f["row"], f["key"]) for f in json.loads(capsys.readouterr().out)[0]["findings"]}
    assert keys == {(1, "numbers:2016"), (3, "glossary:变种")}
    with Workspace.open(ws_path) as ws:                       # what "ignore this finding" stores
        for row, key in ((0, "numbers:2016"), (2, "glossary:变种")):
            ws.apply(1, edits.ignore_finding(ws.load(1).rows, row, key))
    assert main(["check", str(ws_path), "--fast"]) == 0
    for pick in ("--doc", "--article"):   # export's spelling, and the one check had first
        assert main(["check", str(ws_path), "--fast", pick, "1"]) == 0
        assert main(["check", str(ws_path), "--fast", pick, "2"]) == 2
    assert main(["check", str(ws_path), "--presegmented"]) == 2
    assert main(["glossary", str(ws_path), "--clear"]) == 0
    assert not Workspace.open(ws_path, readonly=True).glossary()


SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "article-alibaba-ai.txt"


def test_one_file_holding_both_languages_is_checked_as_align_reads_it(files, capsys):
    mixed = files / "mixed.txt"
    english = [line for line in EN_BAD.splitlines() if line]
    mixed.write_text("".join(f"{zh}\n{en}\n" for zh, en in zip(ZH.splitlines(), english, strict=True)),
                     encoding="utf-8")
    assert main(["check", str(mixed), *PAIR, "--format", "json"]) == 1
    (article,) = json.loads(capsys.readouterr().out)
    assert article["article"] == "mixed.txt" and article["rows"] == 3
    assert [f["key"] for f in article["findings"]] == ["numbers:2016"]
    assert main(["align", str(mixed), "--presegmented", "--no-mt", "--fast"]) == 0
    assert capsys.readouterr().out.split() == ["[0]:[0]", "[1]:[1]", "[2]:[2]"]


def test_one_file_messages_say_what_was_given(files, capsys):
    assert main(["check", str(files / "a.zh.txt"), "--no-mt", "--fast"]) == 2
    assert "has no English text" in capsys.readouterr().err
    assert main(["check", str(files / "a.zh.txt"), "--article", "1", *PAIR]) == 2
    assert "a.zh.txt is one article" in capsys.readouterr().err
    ws_path = files / "w.zhalign"
    assert main(["new", str(ws_path)]) == 0
    assert main(["check", str(ws_path), "--no-mt"]) == 2
    assert "--no-mt applies to article files" in capsys.readouterr().err
    assert main(["check", str(files / "gone.zhalign")]) == 2
    assert "no such workspace" in capsys.readouterr().err


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/seed is not there")
def test_the_seed_article_holding_both_languages(capsys):
    assert main(["check", str(SEED), "--no-mt", "--fast", "--format", "json"]) in (0, 1)
    (article,) = json.loads(capsys.readouterr().out)
    assert article["article"] == SEED.name and article["rows"] > 5


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/seed is not there")
def test_the_one_sided_seed_is_one_finding_not_one_per_sentence(tmp_path, capsys):
    """USERTEST3 entry 15: a Chinese headline over an English body, the draft shape the README describes,
    gave 1 error and 40 warnings (exit 1) where align says in one line that the Chinese body is missing."""
    args = ["check", str(SEED), "--no-mt", "--fast"]
    assert main([*args, "--format", "json"]) == 0
    (article,) = json.loads(capsys.readouterr().out)
    (finding,) = article["findings"]
    assert (finding["key"], finding["severity"], finding["row"]) == ("omission:one-sided", "warning", 1)
    assert finding["message"].startswith("the Chinese body is missing (1 Chinese and ")
    assert main([*args, "--strict"]) == 1
    assert "1 warning in 1 row of" in capsys.readouterr().out
    ws_path = tmp_path / "seed.zhalign"
    assert main(["new", str(ws_path)]) == 0
    assert main(["add", str(ws_path), str(SEED), "--no-mt", "--fast"]) == 0
    capsys.readouterr()
    assert main(["check", str(ws_path), "--fast", "--format", "json"]) == 0
    (article,) = json.loads(capsys.readouterr().out)
    assert [f["key"] for f in article["findings"]] == ["omission:one-sided"]
