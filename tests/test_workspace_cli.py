"""The ``new``, ``add`` and ``status`` commands, end to end through ``cli.main``."""

from __future__ import annotations

from cli import main

ZH = ("新华社北京11月24日电 中国今天发布了一份新的报告。\n报告说，经济增长了百分之五。\n"
      "专家认为这是一个好消息。\n")
EN = ("BEIJING, Nov. 24 (Xinhua) -- China released a new report today.\n"
      "The report said the economy grew by 5 percent.\nExperts believe this is good news.\n")


def test_new_add_status(tmp_path, capsys):
    ws = tmp_path / "news.zhen"
    (tmp_path / "a.zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "a.en.txt").write_text(EN, encoding="utf-8")
    assert main(["new", str(ws)]) == 0
    assert main(["status", str(ws)]) == 0
    assert "no articles yet" in capsys.readouterr().out
    assert main(["add", str(ws), str(tmp_path / "a.zh.txt"), str(tmp_path / "a.en.txt"), "--no-mt", "--fast",
                 "--title", "Report"]) == 0
    assert "added article 1 “Report”: 3 rows" in capsys.readouterr().out

    from corpora.workspace import Workspace

    with Workspace.open(ws, readonly=True) as opened:
        doc = opened.load(1)
    assert doc.sentences("zh") == ZH.splitlines()
    assert [r.kind for r in doc.rows] == ["1-1", "1-1", "1-1"]
    assert main(["status", str(ws)]) == 0
    out = capsys.readouterr().out
    assert "Report" in out and "0 %" in out


def test_errors_are_one_line_and_exit_2(tmp_path, capsys):
    ws = tmp_path / "news.zhen"
    assert main(["status", str(ws)]) == 2
    assert main(["add", str(ws), "zh.txt", "en.txt", "--no-mt"]) == 2
    assert main(["new", str(ws)]) == 0
    capsys.readouterr()
    assert main(["new", str(ws)]) == 2
    assert main(["add", str(ws), str(tmp_path / "missing.txt"), str(tmp_path / "missing.en"), "--no-mt"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("zhen-align: ") for line in err)
    assert "already exists" in err[0] and "missing.txt" in err[1]


def test_add_takes_a_folder_of_pairs_and_refuses_one_title_for_several(tmp_path, capsys):
    ws = tmp_path / "news.zhen"
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("one", "two"):
        (folder / f"{name}.zh.txt").write_text(ZH, encoding="utf-8")
        (folder / f"{name}.en.txt").write_text(EN, encoding="utf-8")
    assert main(["new", str(ws)]) == 0
    assert main(["add", str(ws), str(folder), "--no-mt", "--fast", "--title", "T"]) == 2
    assert "--title names one article" in capsys.readouterr().err
    # the two files hold the same text: without --keep-both the second would be skipped as a duplicate
    assert main(["add", str(ws), str(folder), "--no-mt", "--fast", "--keep-both"]) == 0
    assert capsys.readouterr().out.count("added article") == 2

    from corpora.workspace import Workspace

    with Workspace.open(ws, readonly=True) as opened:
        assert [d.rows for d in opened.documents()] == [3, 3]


def test_full_paths_are_whole_paths_whatever_the_working_folder(tmp_path, monkeypatch):
    from lxml import etree

    pairs = tmp_path / "pairs"
    pairs.mkdir()
    (pairs / "a.zh.txt").write_text(ZH, encoding="utf-8")
    (pairs / "a.en.txt").write_text(EN, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert main(["new", "ws.zhalign"]) == 0
    assert main(["add", "ws.zhalign", "../pairs/a.zh.txt", "../pairs/a.en.txt", "--no-mt", "--fast"]) == 0
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "c.tmx"
    assert main(["export", "work/ws.zhalign", "-f", "tmx", "-o", str(out), "--full-paths"]) == 0
    sources = {p.text for p in etree.parse(str(out)).iter("prop") if p.get("type") == "x-source"}
    assert sources == {str(pairs.resolve() / "a.zh.txt")}
    assert main(["export", "work/ws.zhalign", "-f", "tmx", "-o", str(out)]) == 0
    assert {p.text for p in etree.parse(str(out)).iter("prop") if p.get("type") == "x-source"} == {"a.zh.txt"}


def test_a_repeated_article_of_a_multi_article_file_is_named_by_number_and_title(tmp_path, capsys):
    import json

    def record(doc: int, title: str, zh: str, en: str) -> str:
        return json.dumps({"doc": doc, "title": title, "translation": {"zh": zh, "en": en}},
                          ensure_ascii=False)

    lines = [record(1, "甲", "第一句。", "One."), record(2, "乙", "第二句。", "Two."),
             record(3, "丙", "第一句。", "One.")]   # article 3 repeats article 1
    jsonl = tmp_path / "many.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ws = tmp_path / "news.zhalign"
    assert main(["new", str(ws)]) == 0
    assert main(["add", str(ws), str(jsonl)]) == 0
    err = capsys.readouterr().err
    assert "article 3 “丙” of" in err and "the same text as article 1 of that file; skipped" in err
    assert "article 2" not in err
    assert main(["add", str(ws), str(jsonl)]) == 0   # all three already held: each named
    err = capsys.readouterr().err
    assert "article 2 “乙” of" in err and "already in" in err


def test_a_repeated_pair_names_the_pair_it_repeats(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.zh.txt").write_text(ZH, encoding="utf-8")
        (folder / f"{name}.en.txt").write_text(EN, encoding="utf-8")
    ws = tmp_path / "news.zhalign"
    assert main(["new", str(ws)]) == 0
    assert main(["add", str(ws), str(folder), "--no-mt", "--fast"]) == 0
    err = capsys.readouterr().err
    assert f"b.zh.txt: the same text as {folder / 'a.zh.txt'}; skipped" in err
