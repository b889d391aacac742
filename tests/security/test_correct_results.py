"""Items 9 to 14: what an export, an import, a re-alignment or an ``add`` reports is what it did."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli import main
from corpora.document import Document, Row
from corpora.workspace import Workspace


def _mixed_workspace(path: Path) -> Path:
    """One article: a 1-1 row, a 1-0 row, a 0-1 row and a 1-1 row whose English came from MT."""
    rows = [Row(["一。"], ["One."], "auto", 0.9, {}), Row(["二。"], [], "auto", 0.5, {}),
            Row([], ["Three."], "auto", 0.5, {}),
            Row(["四。"], ["Four."], "edited", None, {}, en_from_mt=True)]
    with Workspace.create(path) as ws:
        ws.add_document(Document(rows, title="t"))
    return path


@pytest.mark.parametrize(("fmt", "said"), [
    ("moses", "exported 1 row of 1 article to {out}.zh, {out}.en; left out 3 rows: 2 one-sided (Moses files "
              "cannot hold an empty line), 1 English from MT"),
    ("tsv", "exported 3 rows of 1 article to {out}; left out 1 row: 1 English from MT"),
])
def test_item9_export_says_what_it_wrote_and_left_out(tmp_path: Path, capsys, fmt: str, said: str) -> None:
    ws = _mixed_workspace(tmp_path / "ws.zhalign")
    out = tmp_path / "corpus"
    assert main(["export", str(ws), "-f", fmt, "-o", str(out)]) == 0
    assert capsys.readouterr().out == said.format(out=out) + "\n"
    written = (tmp_path / "corpus.en") if fmt == "moses" else out
    lines = written.read_text(encoding="utf-8").splitlines()
    assert len(lines) == (1 if fmt == "moses" else 4)   # TSV: a header and the three rows


def test_item14_dash_is_standard_output(tmp_path: Path, capsys, monkeypatch) -> None:
    ws = _mixed_workspace(tmp_path / "ws.zhalign")
    monkeypatch.chdir(tmp_path)
    assert main(["export", str(ws), "-f", "tsv", "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[1].startswith("一。\tOne.\tauto")
    assert "exported 3 rows of 1 article to standard output" in captured.err
    assert not (tmp_path / "-").exists()
    assert main(["export", str(ws), "-f", "moses", "-o", "-"]) == 2
    assert "several files" in capsys.readouterr().err


def test_item14_an_export_of_nothing_says_so_and_writes_nothing(tmp_path: Path, capsys) -> None:
    ws = _mixed_workspace(tmp_path / "ws.zhalign")
    out = tmp_path / "corpus.tmx"
    assert main(["export", str(ws), "-f", "tmx", "-o", str(out), "--confirmed-only"]) == 2
    err = capsys.readouterr().err
    assert "nothing to export: no row is left (4 not confirmed)" in err
    assert not out.exists()
