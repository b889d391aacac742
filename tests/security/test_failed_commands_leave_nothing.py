"""A command that fails leaves the folder as it found it: no workspace or lock file made for inputs it then
refuses, no empty output folder from a batch that could not run; what was there before is kept."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

import pytest

import corpora.batch
from aligner.errors import UserError
from cli import main
from tests.test_batch import make_folder

EN = "China released a new report today.\nThe report said the economy grew by 5 percent.\n"


def _names(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("zh_bytes", [b"", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"])
def test_edit_of_a_file_it_cannot_read_makes_no_workspace(tmp_path: Path, capsys, monkeypatch,
                                                          zh_bytes: bytes) -> None:
    monkeypatch.setattr("cli.editor_cmd.has_terminal", lambda: True)   # it fails before the app starts
    zh, en = tmp_path / "x.zh.txt", tmp_path / "x.en.txt"
    zh.write_bytes(zh_bytes)
    en.write_text(EN, encoding="utf-8")
    before = _names(tmp_path)
    assert main(["edit", str(zh), str(en)]) == 2
    assert str(zh) in capsys.readouterr().err
    assert _names(tmp_path) == before


def test_add_to_a_foreign_sqlite_file_leaves_no_lock_file(tmp_path: Path, capsys) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t (x)")
    (tmp_path / "a.zh.txt").write_text("中国今天发布了一份新的报告。\n", encoding="utf-8")
    (tmp_path / "a.en.txt").write_text("China released a new report today.\n", encoding="utf-8")
    before = _names(tmp_path)
    assert main(["add", str(other), str(tmp_path / "a.zh.txt"), str(tmp_path / "a.en.txt")]) == 2
    assert "not a zhen-align workspace" in capsys.readouterr().err
    assert _names(tmp_path) == before


def test_a_lock_file_that_was_there_before_is_kept(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t (x)")
    lock = tmp_path / "other.db.lock"
    lock.write_text("123\n", encoding="utf-8")
    assert main(["status", str(other)]) == 2
    assert main(["glossary", str(other), str(lock)]) == 2
    assert lock.exists()


@pytest.mark.parametrize(("option", "module"), [(["--engine", "dask"], "distributed"),
                                                (["--format", "parquet"], "pyarrow")])
def test_a_batch_missing_its_extra_makes_no_folder(tmp_path: Path, monkeypatch, capsys, option: list[str],
                                                   module: str) -> None:
    folder = make_folder(tmp_path, ["p"])
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == module else
                        real(name, *a))
    out = tmp_path / "new" / "out"
    assert main(["batch", str(folder), "-o", str(out), "--fast", "--no-mt", *option]) == 2
    assert "needs the scale extra" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()


def test_a_batch_that_fails_removes_only_the_folders_it_made(tmp_path: Path, monkeypatch) -> None:
    folder = make_folder(tmp_path, ["p"])

    def engine_fails(*args, **kwargs):
        raise UserError("tcp://nowhere:8786: no scheduler there")

    monkeypatch.setattr(corpora.batch, "_outcomes", engine_fails)
    made = tmp_path / "new" / "deeper"
    with pytest.raises(UserError, match="no scheduler"):
        corpora.batch.run_batch(folder, made / "out", fmt="tmx", jobs=1, progress=False)
    assert not (tmp_path / "new").exists()

    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(UserError, match="no scheduler"):
        corpora.batch.run_batch(folder, kept, fmt="tmx", jobs=1, progress=False)
    assert _names(kept) == ["notes.txt"]
