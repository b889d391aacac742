"""The fix an error message advises fits the problem and the command: a local path is not a hub id, an
option error names no file, ``--read-only`` is offered only by commands that have it."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.mt.base import EngineUnavailable
from aligner.mt.hub import check_obtainable, load_offline_first
from cli import main

ZH = "新华社北京11月24日电 中国今天发布了一份新的报告。\n报告说，经济增长了百分之五。\n"
EN = "BEIJING, Nov. 24 (Xinhua) -- China released a new report today.\nThe report said the economy grew.\n"


def _one_line(capsys) -> str:
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def _refused(load_dir: Path) -> str:
    def load(name: str, local_files_only: bool) -> None:
        raise OSError("Couldn't instantiate the backend tokenizer from one of:\n(1) a `tokenizers` file")

    with pytest.raises(EngineUnavailable) as info:
        load_offline_first(str(load_dir), load)
    return str(info.value)


def test_a_local_directory_that_is_no_model_is_described_not_downloaded(tmp_path):
    message = _refused(tmp_path)
    assert "no config.json and no tokenizer files" in message and "download" not in message
    assert "\n" not in message and ":;" not in message
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")   # a model without its tokenizer
    message = _refused(tmp_path)
    assert "could not be loaded (no tokenizer files" in message and "download" not in message
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(EngineUnavailable, match="is not a model directory"):
        check_obtainable(str(empty))


def test_models_download_of_a_folder_that_is_no_model(tmp_path, capsys):
    assert main(["models", "download", str(tmp_path)]) == 2
    line = _one_line(capsys)
    assert "no config.json and no tokenizer files" in line and "models download" not in line


def test_an_embedder_path_that_does_not_exist(tmp_path):
    from aligner.embedders import resolve_embedder

    notes: list[str] = []
    resolve_embedder(str(tmp_path / "nonexistent" / "dir"), notes.append)
    assert len(notes) == 1
    assert "no such directory" in notes[0] and "models download" not in notes[0]


def test_mt_download_of_a_file(tmp_path, capsys):
    text = tmp_path / "a003.zh.txt"
    text.write_text(ZH, encoding="utf-8")
    assert main(["mt", "download", str(text)]) == 2
    line = _one_line(capsys)
    assert "is a file, not a model directory" in line and "--model" not in line


def _unlockable_workspace(folder: Path) -> Path:
    """A workspace whose lock file cannot be written (its name is taken by a folder), as on read-only media
    (where root could still write)."""
    ws = folder / "news.zhalign"
    assert main(["new", str(ws)]) == 0
    (folder / "news.zhalign.lock").unlink()
    (folder / "news.zhalign.lock").mkdir()
    return ws


def test_read_only_is_suggested_only_by_commands_that_have_it(tmp_path, capsys, monkeypatch):
    ws = _unlockable_workspace(tmp_path)
    (tmp_path / "a.zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "a.en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "gl.tsv").write_text("报告\treport\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["add", str(ws), str(tmp_path / "a.zh.txt"), str(tmp_path / "a.en.txt"), "--no-mt"]) == 2
    line = _one_line(capsys)
    assert "cannot write its lock file" in line and "--read-only" not in line
    assert main(["glossary", str(ws), str(tmp_path / "gl.tsv")]) == 2
    assert "--read-only" not in _one_line(capsys)
    (tmp_path / "other.zhalign.lock").mkdir()
    assert main(["new", str(tmp_path / "other.zhalign")]) == 2
    assert "--read-only" not in _one_line(capsys)
    monkeypatch.setattr("cli.editor_cmd.has_terminal", lambda: True)
    assert main(["open", str(ws)]) == 2
    line = _one_line(capsys)
    assert "cannot write its lock file" in line and line.endswith("or look at it with --read-only")


def test_edit_names_a_directory(tmp_path, capsys):
    (tmp_path / "adir.zh.txt").mkdir()
    (tmp_path / "a.en.txt").write_text(EN, encoding="utf-8")
    assert main(["edit", str(tmp_path / "adir.zh.txt"), str(tmp_path / "a.en.txt")]) == 2
    assert "adir.zh.txt: is a directory" in _one_line(capsys)


def test_an_option_error_names_the_option_not_the_file(tmp_path, capsys):
    text = tmp_path / "s.zh.txt"
    text.write_text(ZH, encoding="utf-8")
    assert main(["translate", str(text), "--beam", "0", "--engine", "gloss"]) == 2
    line = _one_line(capsys)
    assert "--beam must be at least 1" in line and "s.zh.txt" not in line


@pytest.mark.parametrize(("text", "direction", "expected"), [
    (EN, "zh-en", "looks English"),
    (ZH, "en-zh", "looks Chinese"),
    (ZH, "zh-en", None),
    (EN, "en-zh", None),
])
def test_translate_warns_when_the_file_is_in_the_other_language(tmp_path, capsys, text, direction, expected):
    source = tmp_path / "s.txt"
    source.write_text(text, encoding="utf-8")
    assert main(["translate", str(source), "--engine", "gloss", "--direction", direction, "--no-cache"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "--direction" in line]
    if expected is None:
        assert warnings == []
    else:
        other = "en-zh" if direction == "zh-en" else "zh-en"
        assert len(warnings) == 1 and expected in warnings[0] and f"--direction {other}" in warnings[0]


@pytest.mark.parametrize("argv", [["align", "-", "b.en.txt"], ["align", "a.zh.txt", "-"],
                                  ["check", "-", "b.en.txt"], ["align", "-"]])
def test_standard_input_as_an_article_is_refused_in_one_line(tmp_path, capsys, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.zh.txt").write_text("中文。\n", encoding="utf-8")
    (tmp_path / "b.en.txt").write_text("English.\n", encoding="utf-8")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "standard input is not supported" in err and "no such file" not in err and err.count("\n") == 1
