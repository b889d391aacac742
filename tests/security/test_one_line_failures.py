"""Failures the user can act on are one line and exit code 2, never a traceback: a damaged workspace, an
output folder that cannot be made, Parquet without pyarrow, a full disk under standard output."""

from __future__ import annotations

import errno
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from cli import main
from corpora.document import Document, Row
from corpora.workspace import Workspace
from tests.test_batch import make_folder

ZH = "中国今天发布了一份新的报告。\n报告说，经济增长了百分之五。\n"
EN = "China released a new report today.\nThe report said the economy grew by 5 percent.\n"


def _damaged_workspace(path: Path) -> Path:
    """A workspace whose pages past the first few are overwritten, as a failing disk or a stray write
    leaves it: it opens, and the first query that reads the rows fails."""
    with Workspace.create(path) as ws:
        rows = [Row([f"第{k}句。" * 20], [f"Sentence {k} of the article." * 10], "auto", 0.9)
                for k in range(300)]
        ws.add_document(Document(rows, title="长文"))
    data = bytearray(path.read_bytes())
    data[20000:24000] = b"\xa5" * 4000
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("command", [
    ["status"], ["export", "-f", "tsv", "-o", "OUT"], ["check"], ["add", "PAIR"]])
def test_a_damaged_workspace_is_one_line_naming_it(tmp_path: Path, capsys, command: list[str]) -> None:
    ws = _damaged_workspace(tmp_path / "news.zhalign")
    (tmp_path / "a.zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "a.en.txt").write_text(EN, encoding="utf-8")
    name, *rest = command
    rest = [str(tmp_path / "out.tsv") if a == "OUT" else a for a in rest]
    if rest == ["PAIR"]:
        rest = [str(tmp_path / "a.zh.txt"), str(tmp_path / "a.en.txt"), "--no-mt", "--fast", "--keep-both"]
    assert main([name, str(ws), *rest]) == 2
    last = capsys.readouterr().err.splitlines()[-1]   # add says first what it aligns
    assert last.startswith(f"zhen-align: {ws}: is damaged (database disk image is malformed); restore it "
                           "from a backup")
    assert not (tmp_path / "out.tsv").exists()


@pytest.mark.parametrize("fmt", ["beads", "intertext"])
def test_an_export_folder_that_cannot_be_made_is_one_line(tmp_path: Path, capsys, fmt: str) -> None:
    from tests.security.hostile import add_memory

    ws = add_memory(tmp_path, "一。\tOne.\n")
    blocker = tmp_path / "plain-file"
    blocker.write_text("x", encoding="utf-8")
    capsys.readouterr()
    assert main(["export", str(ws), "-f", fmt, "-o", str(blocker / "sub")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(blocker / "sub") in err


def test_a_read_only_medium_is_named_with_what_to_do(tmp_path: Path, capsys, monkeypatch) -> None:
    from tests.security.hostile import add_memory

    ws = add_memory(tmp_path, "一。\tOne.\n")
    capsys.readouterr()

    def read_only(self, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    assert main(["export", str(ws), "-f", "beads", "-o", str(tmp_path / "ro" / "sub")]) == 2
    err = capsys.readouterr().err
    assert err == f"zhen-align: {tmp_path / 'ro' / 'sub'}: the medium is read-only; choose another place\n"


def test_a_batch_folder_that_cannot_be_made_is_one_line(tmp_path: Path, capsys) -> None:
    folder = make_folder(tmp_path, ["p"])
    blocker = tmp_path / "plain-file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["batch", str(folder), "-o", str(blocker / "out"), "--fast", "--no-mt", "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(blocker / "out") in err


def test_parquet_without_pyarrow_names_the_extra(tmp_path: Path, capsys, monkeypatch) -> None:
    folder = make_folder(tmp_path, ["p"])
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else
                        real(name, *a))
    out = tmp_path / "bp"
    assert main(["batch", str(folder), "-o", str(out), "--format", "parquet", "--fast", "--no-mt"]) == 2
    err = capsys.readouterr().err
    assert err == "zhen-align: --format parquet needs the scale extra; pip install 'zhen-align[scale]'\n"
    assert not out.exists()


def _to_dev_full(*args: str) -> subprocess.CompletedProcess[str]:
    with open("/dev/full", "w") as full:
        return subprocess.run([sys.executable, "-m", "cli", *args], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120, check=False)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_under_standard_output_is_one_line(tmp_path: Path) -> None:
    from tests.security.hostile import add_memory

    zh, en = tmp_path / "a.zh.txt", tmp_path / "a.en.txt"
    zh.write_text(ZH, encoding="utf-8")
    en.write_text(EN, encoding="utf-8")
    ws = add_memory(tmp_path, "一。\tOne.\n")
    expected = "zhen-align: standard output: could not be written: the disk is full; free some space and " \
               "run the command again\n"
    for args in (["align", str(zh), str(en), "--fast", "--no-mt"],
                 ["export", str(ws), "-f", "tsv", "-o", "-"],
                 ["status", str(ws)]):
        done = _to_dev_full(*args)
        assert (done.returncode, done.stderr.splitlines()[-1:]) == (2, [expected.strip()]), done.stderr
        assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def _gold_set(folder: Path) -> Path:
    """A one-document gold set for ``eval``."""
    for sub, text in (("zh", "一。\n二。\n"), ("en", "One.\nTwo.\n"), ("gold", "[0]:[0]\n[1]:[1]\n")):
        (folder / "set" / sub).mkdir(parents=True)
        (folder / "set" / sub / ("a.align" if sub == "gold" else "a.txt")).write_text(text, encoding="utf-8")
    return folder / "set"


def _stdout_commands(tmp_path: Path) -> list[list[str]]:
    """``check``, ``glossary`` and ``eval`` in each of the ways they write to standard output, and
    ``status`` (a rich table too)."""
    from tests.security.hostile import add_memory

    ws = add_memory(tmp_path, "他说有3人。\tHe said four people.\n")
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text("经济\teconomy\n", encoding="utf-8")
    gold = _gold_set(tmp_path)
    return [["check", str(ws), "--fast"], ["check", str(ws), "--fast", "--format", "json"],
            ["glossary", str(ws), str(glossary)], ["glossary", str(ws)],
            ["eval", str(gold), "--fast"], ["eval", str(gold), "--fast", "--json"], ["status", str(ws)]]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_check_glossary_and_eval_on_a_full_disk_say_so_as_the_others_do(tmp_path: Path, capsys,
                                                                        monkeypatch) -> None:
    expected = "zhen-align: standard output: could not be written: the disk is full; free some space and " \
               "run the command again\n"
    for args in _stdout_commands(tmp_path):
        capsys.readouterr()
        with open("/dev/full", "w", encoding="utf-8") as full:
            monkeypatch.setattr(sys, "stdout", full)
            code = main(args)
            monkeypatch.undo()
        assert (code, capsys.readouterr().err) == (2, expected), args


def test_check_glossary_and_eval_into_a_closed_pipe_end_quietly(tmp_path: Path, capsys, monkeypatch) -> None:
    import os

    for args in _stdout_commands(tmp_path):
        capsys.readouterr()
        read, write = os.pipe()
        os.close(read)   # the reader has gone, as after `| head -1`
        with open(write, "w", encoding="utf-8") as pipe:
            monkeypatch.setattr(sys, "stdout", pipe)
            code = main(args)
            monkeypatch.undo()
        assert (code, capsys.readouterr().err) == (0, ""), args


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_check_on_a_full_disk_is_one_line_from_the_shell(tmp_path: Path) -> None:
    from tests.security.hostile import add_memory

    done = _to_dev_full("check", str(add_memory(tmp_path, "一。\tOne.\n")), "--fast")
    assert (done.returncode, done.stderr) == (2, "zhen-align: standard output: could not be written: the "
                                                 "disk is full; free some space and run the command again\n")
