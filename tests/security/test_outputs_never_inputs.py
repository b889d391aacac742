"""An output never replaces what the command reads: ``export WS -o WS``, ``align A B -o A`` (by name, through
a symlink or a hard link) and ``batch IN -o IN`` are refused with one line and exit code 2, and nothing is
written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aligner.errors import UserError
from cli import main
from corpora.batch import run_batch
from tests.security.hostile import add_memory
from tests.test_batch import LineAligner, make_folder

ZH = "中国今天发布了一份新的报告。\n报告说，经济增长了百分之五。\n"
EN = "China released a new report today.\nThe report said the economy grew by 5 percent.\n"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _pair(folder: Path) -> tuple[Path, Path]:
    zh, en = folder / "a.zh.txt", folder / "a.en.txt"
    zh.write_text(ZH, encoding="utf-8")
    en.write_text(EN, encoding="utf-8")
    return zh, en


@pytest.mark.parametrize("fmt", ["tmx", "tsv", "jsonl", "xliff"])
def test_export_over_its_own_workspace_is_refused(tmp_path: Path, capsys, fmt: str) -> None:
    ws = add_memory(tmp_path, "一。\tOne.\n")
    before = _snapshot(tmp_path)
    capsys.readouterr()
    assert main(["export", str(ws), "-f", fmt, "-o", str(ws)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is the workspace being exported" in err and str(ws) in err
    assert _snapshot(tmp_path) == before
    assert main(["status", str(ws)]) == 0


def test_export_over_the_workspace_through_a_symlink_is_refused(tmp_path: Path, capsys) -> None:
    ws = add_memory(tmp_path, "一。\tOne.\n")
    link = tmp_path / "out.tmx"
    link.symlink_to(ws.name)
    before = _snapshot(tmp_path)
    assert main(["export", str(ws), "-f", "tmx", "-o", str(link)]) == 2
    assert "is the workspace being exported" in capsys.readouterr().err
    assert _snapshot(tmp_path) == before and link.is_symlink()


def test_export_over_the_file_an_article_was_read_from_is_refused(tmp_path: Path, capsys) -> None:
    ws = add_memory(tmp_path, "一。\tOne.\n")
    source = tmp_path / "memory.tsv"
    before = _snapshot(tmp_path)
    capsys.readouterr()
    assert main(["export", str(ws), "-f", "tsv", "-o", str(source)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(source) in err
    assert "is the file an exported article was read from" in err
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("how", ["zh", "en", "symlink", "hardlink"])
def test_align_output_over_an_input_is_refused(tmp_path: Path, capsys, how: str) -> None:
    zh, en = _pair(tmp_path)
    out = {"zh": zh, "en": en}.get(how, tmp_path / "out.txt")
    if how == "symlink":
        out.symlink_to(zh.name)
    elif how == "hardlink":
        os.link(zh, out)
    zh.chmod(0o444)
    before = _snapshot(tmp_path)
    assert main(["align", str(zh), str(en), "--no-mt", "--fast", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is an input of this command" in err and "give -o another" in err
    assert _snapshot(tmp_path) == before
    assert out.is_symlink() == (how == "symlink")


def test_align_to_another_file_still_works(tmp_path: Path) -> None:
    zh, en = _pair(tmp_path)
    out = tmp_path / "out.beads"
    assert main(["align", str(zh), str(en), "--no-mt", "--fast", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count("\n") == 2


@pytest.mark.parametrize("fmt", ["beads", "tmx"])
def test_batch_into_its_input_folder_is_refused(tmp_path: Path, capsys, fmt: str) -> None:
    folder = make_folder(tmp_path, ["p"])
    before = _snapshot(folder)
    assert main(["batch", str(folder), "-o", str(folder), "--format", fmt, "--fast", "--no-mt"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is the input folder" in err
    assert _snapshot(folder) == before


def test_batch_into_a_folder_holding_manifest_inputs_is_refused(tmp_path: Path) -> None:
    make_folder(tmp_path, ["p"])
    out = tmp_path / "out"
    out.mkdir()
    (out / "q.zh.txt").write_text("一\n", encoding="utf-8")
    manifest = tmp_path / "list.tsv"
    manifest.write_text("in/p.zh.txt\tin/p.en.txt\nout/q.zh.txt\tin/p.en.txt\n", encoding="utf-8")
    before = _snapshot(tmp_path)
    with pytest.raises(UserError, match=r"holds the input file .*q\.zh\.txt"):
        run_batch(manifest, out, fmt="beads", align=LineAligner(), jobs=1, progress=False)
    assert _snapshot(tmp_path) == before
