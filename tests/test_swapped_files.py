"""A pair given English first is swapped by every command, with one line naming both files (user test 5:
``add`` swapped silently while ``align``, ``check``, ``edit`` and ``batch`` refused, always naming
``align``)."""

from __future__ import annotations

import pytest

from cli import main
from corpora.workspace import Workspace

ZH = "南非医生说奥密克戎多为轻症。\n\n她说病人都已康复。\n"
EN = "South African doctors say Omicron cases are mostly mild.\n\nShe said the patients had recovered.\n"


@pytest.fixture
def files(tmp_path):
    zh, en = tmp_path / "南非 医生.txt", tmp_path / "SA doctors (EN).txt"
    zh.write_text(ZH, encoding="utf-8")
    en.write_text(EN, encoding="utf-8")
    return zh, en


def _note(err: str, en, zh) -> None:
    lines = [line for line in err.splitlines() if "looks English" in line]
    assert lines == [f"zhen-align: {en} looks English and {zh} Chinese: taking {zh} as the Chinese"]


@pytest.mark.parametrize("command", [["align", "--fast", "--no-mt", "-f", "tsv"],
                                     ["check", "--fast", "--no-mt"]])
def test_align_and_check_swap(files, capsys, command):
    zh, en = files
    assert main([*command, str(en), str(zh)]) in (0, 1)
    captured = capsys.readouterr()
    _note(captured.err, en, zh)
    if command[0] == "align":
        assert captured.out.splitlines()[0].startswith("南非医生说奥密克戎多为轻症。\t")


def test_add_says_it_swapped(files, tmp_path, capsys):
    zh, en = files
    ws = tmp_path / "sw.zhalign"
    assert main(["new", str(ws)]) == 0
    assert main(["add", str(ws), str(en), str(zh), "--fast", "--no-mt"]) == 0
    _note(capsys.readouterr().err, en, zh)


def test_batch_swaps_a_pair_whose_names_are_the_wrong_way_round(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.zh.txt").write_text(EN, encoding="utf-8")
    (folder / "a.en.txt").write_text(ZH, encoding="utf-8")
    assert main(["batch", str(folder), "-o", str(tmp_path / "out"), "--fast", "--no-mt", "--jobs", "1",
                 "--format", "tsv"]) == 0
    err = capsys.readouterr().err
    assert f"a: {folder / 'a.zh.txt'} looks English and {folder / 'a.en.txt'} Chinese: taking" in err
    assert "failed" not in err


def test_edit_swaps_and_names_the_workspace_after_the_chinese_file(files, tmp_path, capsys, monkeypatch):
    zh, en = files
    opened = []

    def run_app(workspace, doc_id, factory, prepare=None, preparing="", greeting="", read_only_reason=""):
        opened.append(prepare(lambda message: None) if doc_id is None else doc_id)
        return 0

    monkeypatch.setattr("cli.editor_cmd.has_terminal", lambda: True)
    monkeypatch.setattr("cli.editor_cmd._run_app", run_app)
    monkeypatch.setattr("aligner.api.align", lambda zh, en, **_: [])
    assert main(["edit", str(en), str(zh)]) == 0
    assert main(["edit", str(en), str(zh)]) == 0
    assert opened == [1, 1]                         # the second run reopens it
    with Workspace.open(tmp_path / "南非 医生.zhalign", readonly=True) as ws:
        assert ws.documents()[0].source == str(zh.resolve())
    assert "taking" in capsys.readouterr().err
