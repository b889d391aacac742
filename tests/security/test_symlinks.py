"""Item 2: no file is ever written through a symbolic link planted where an output goes (batch and
export outputs, every format, and the workspace's lock file); the link is replaced, its target kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.errors import UserError
from cli import main
from corpora.batch import run_batch
from corpora.document import Document, Row
from corpora.readers.pairs import PairPaths
from corpora.workspace import Workspace

SECRET = "precious: must survive\n"


def _plant(link: Path, outside: Path) -> None:
    outside.write_text(SECRET, encoding="utf-8")
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside)


class _LineAligner:
    def __call__(self, pair: PairPaths) -> Document:
        return Document([Row(["一。"], ["One."], "auto", 0.9)], title=pair.name)


def test_batch_output_does_not_follow_a_planted_symlink(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "d001.zh.txt").write_text("一。", encoding="utf-8")
    (folder / "d001.en.txt").write_text("One.", encoding="utf-8")
    out = tmp_path / "out"
    _plant(out / "d001.tmx", tmp_path / "victim.txt")
    summary = run_batch(folder, out, fmt="tmx", jobs=1, align=_LineAligner(), progress=False)
    assert summary.documents == 1
    assert (tmp_path / "victim.txt").read_text(encoding="utf-8") == SECRET
    assert not (out / "d001.tmx").is_symlink() and "<tmx" in (out / "d001.tmx").read_text(encoding="utf-8")


@pytest.mark.parametrize(("fmt", "out_name", "planted"), [
    ("tmx", "c.tmx", "c.tmx"), ("tsv", "c.tsv", "c.tsv"), ("jsonl", "c.jsonl", "c.jsonl"),
    ("moses", "c", "c.en"), ("intertext", "dir", "dir/doc1.zh.en.xml"), ("beads", "dir", "dir/doc1.align"),
])
def test_export_replaces_a_planted_symlink(tmp_path: Path, fmt: str, out_name: str, planted: str) -> None:
    ws = tmp_path / "ws.zhalign"
    with Workspace.create(ws) as store:
        store.add_document(Document([Row(["一。"], ["One."], "confirmed", None)], title="t"))
    _plant(tmp_path / planted, tmp_path / "victim.txt")
    assert main(["export", str(ws), "-f", fmt, "-o", str(tmp_path / out_name)]) == 0
    assert (tmp_path / "victim.txt").read_text(encoding="utf-8") == SECRET
    assert not (tmp_path / planted).is_symlink()


def test_workspace_lock_is_not_opened_through_a_symlink(tmp_path: Path) -> None:
    ws = tmp_path / "ws.zhalign"
    Workspace.create(ws).close()
    (tmp_path / "ws.zhalign.lock").unlink()
    _plant(tmp_path / "ws.zhalign.lock", tmp_path / "victim.txt")
    with pytest.raises(UserError, match="symbolic link"):
        Workspace.open(ws)
    assert (tmp_path / "victim.txt").read_text(encoding="utf-8") == SECRET
