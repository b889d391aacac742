"""Items 9 to 14: what an export, an import, a re-alignment or an ``add`` reports is what it did."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli import main
from corpora.document import Document, Row
from corpora.workspace import Workspace
from tests.security.hostile import add_memory


def _mixed_workspace(path: Path) -> Path:
    """One article: a 1-1 row, a 1-0 row, a 0-1 row and a 1-1 row whose English came from MT."""
    rows = [Row(["一。"], ["One."], "auto", 0.9, {}), Row(["二。"], [], "auto", 0.5, {}),
            Row([], ["Three."], "auto", 0.5, {}),
            Row(["四。"], ["Four."], "edited", None, {}, en_mt=(0,))]
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


def test_item10_imports_are_confirmed_only_when_the_file_says_so(tmp_path: Path, capsys) -> None:
    (tmp_path / "d.zh.txt").write_text("一。\n二。\n", encoding="utf-8")
    (tmp_path / "d.en.txt").write_text("One.\nTwo.\n", encoding="utf-8")
    (tmp_path / "d.align").write_text("[0]:[0]\n[1]:[1]\n", encoding="utf-8")
    tu = '<tu>{}<tuv xml:lang="zh"><seg>{}</seg></tuv><tuv xml:lang="en"><seg>{}</seg></tuv></tu>'
    (tmp_path / "m.tmx").write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="zh"/><body>'
        + tu.format("", "三。", "Three.")
        + tu.format('<prop type="x-status">confirmed</prop>', "四。", "Four.")
        + "</body></tmx>", encoding="utf-8")
    ws = tmp_path / "ws.zhalign"
    assert main(["new", str(ws)]) == 0
    assert main(["add", str(ws), str(tmp_path / "d.align"), str(tmp_path / "m.tmx")]) == 0
    with Workspace.open(ws, readonly=True) as store:
        assert [[r.status for r in store.load(d.id).rows] for d in store.documents()] == [
            ["auto", "auto"], ["auto", "confirmed"]]


def test_item11_realign_keeps_edited_rows_and_english_from_mt() -> None:
    from aligner.beads import Bead
    from corpora.edits import apply_change
    from corpora.realign import realign_from

    mt_row = Row(["三。"], ["Three (MT)."], "edited", None, {}, en_mt=(0,))
    edited = Row(["四。"], ["Four.", "Two."], "edited", None, {})
    rows = [Row(["一。", "二。"], ["One."], "auto", 0.3, {}), mt_row, edited,
            Row([], ["Five."], "auto", 0.2, {})]
    calls = []

    def pairwise(zh: list[str], en: list[str]) -> list[Bead]:
        calls.append((zh, en))
        return [Bead((k,) if k < len(zh) else (), (k,) if k < len(en) else (), 0.7)
                for k in range(max(len(zh), len(en)))]

    after = [r.copy() for r in rows]
    apply_change(after, realign_from(rows, 0, pairwise))
    assert calls == [(["一。", "二。"], ["One."])]   # the edited rows are anchors, not re-aligned
    assert after[2:4] == [mt_row, edited]
    assert (after[4].en, after[4].confidence) == (["Five."], None)   # one-sided: no "confidence 1.00"


def test_item12_adding_the_same_article_twice_asks_replace_or_keep_both(tmp_path: Path, capsys) -> None:
    ws = add_memory(tmp_path, "一。\tOne.\n二。\tTwo.\n")
    tsv = tmp_path / "memory.tsv"
    capsys.readouterr()
    assert main(["add", str(ws), str(tsv)]) == 0    # skipped with a warning, as the README says
    captured = capsys.readouterr()
    err = captured.err
    assert "already in" in err and "article 1" in err and "--replace" in err and "--keep-both" in err
    assert "added" not in captured.out
    with Workspace.open(ws, readonly=True) as store:
        assert [d.id for d in store.documents()] == [1]
    assert main(["add", str(ws), str(tsv), "--keep-both"]) == 0
    assert main(["add", str(ws), str(tsv), "--replace"]) == 0
    assert "it replaces 1, 2" in capsys.readouterr().out
    with Workspace.open(ws, readonly=True) as store:
        assert [d.id for d in store.documents()] == [3]


@pytest.mark.parametrize(("data", "text"), [
    ("The café was naïve — “so” they said.\n".encode("cp1252"), "The café was naïve — “so” they said.\n"),
    ("新华社电 China said.\n".encode("utf-16-be"), "新华社电 China said.\n"),
])
def test_item13_latin1_and_utf16be_are_decoded(tmp_path: Path, data: bytes, text: str) -> None:
    from corpora.textio import read_text

    path = tmp_path / "article.txt"
    path.write_bytes(data)
    assert read_text(path) == text
