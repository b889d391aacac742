"""An article whose text another holds: `batch --workspace` skips it as `add` does, with a warning naming it,
counted in the summary; a re-run into the same workspace says what it did not store again."""

from __future__ import annotations

from pathlib import Path

from cli import main
from corpora.batch import DONE_FILE, run_batch
from corpora.workspace import Workspace
from tests.test_batch import LineAligner, make_folder

ZH = "中国今天发布了一份新的报告。\n报告说，经济增长了百分之五。\n"
EN = "China released a new report today.\nThe report said the economy grew by 5 percent.\n"


def _titles(ws: Path) -> list[str]:
    with Workspace.open(ws, readonly=True) as opened:
        return [info.title for info in opened.documents()]


def test_a_repeated_text_is_skipped_with_a_warning_naming_it(tmp_path):
    folder = make_folder(tmp_path, ["a", "c"])
    for suffix in ("zh", "en"):   # b: a's text, in a file of its own (another encoding, CRLF...)
        (folder / f"b.{suffix}.txt").write_bytes((folder / f"a.{suffix}.txt").read_bytes())
    messages: list[str] = []
    summary = run_batch(folder, tmp_path / "out", fmt="jsonl", workspace=tmp_path / "ws.zhalign", jobs=1,
                        align=LineAligner(), progress=False, warn=messages.append)
    assert messages == summary.same_text == ["b: the same text as a; skipped"]
    assert (summary.documents, summary.beads) == (2, 6)
    assert _titles(tmp_path / "ws.zhalign") == ["a", "c"]
    assert sorted(p.name for p in (tmp_path / "out").glob("*.jsonl")) == ["a.jsonl", "c.jsonl"]
    assert (tmp_path / "out" / DONE_FILE).read_text(encoding="utf-8").split() == ["a", "c"]
    # without a workspace there is nothing to hold the texts apart: each pair has its file
    summary = run_batch(folder, tmp_path / "files", fmt="jsonl", jobs=1, align=LineAligner(), progress=False)
    assert summary.same_text == [] and len(list((tmp_path / "files").glob("*.jsonl"))) == 3


def test_a_rerun_into_the_same_workspace_stores_nothing_again_and_says_so(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, newline in (("crlf", "\r\n"), ("plain", "\n")):   # the same text, written two ways
        (folder / f"{name}.zh.txt").write_text(ZH.replace("\n", newline), encoding="utf-8", newline="")
        (folder / f"{name}.en.txt").write_text(EN.replace("\n", newline), encoding="utf-8", newline="")
    ws = tmp_path / "ws.zhalign"
    batch = ["batch", str(folder), "--workspace", str(ws), "--fast", "--no-mt", "--jobs", "1"]
    assert main([*batch, "-o", str(tmp_path / "out1")]) == 0
    captured = capsys.readouterr()
    assert "plain: the same text as crlf; skipped" in captured.err
    assert captured.out.startswith("1 document aligned; ")
    assert ", 1 repeated article skipped" in captured.out.splitlines()[0]
    assert len(_titles(ws)) == 1
    assert main([*batch, "-o", str(tmp_path / "out2")]) == 0
    captured = capsys.readouterr()
    assert f"plain: already in {ws} as article 1 (same text); skipped" in captured.err
    assert f"1 document already in {ws} (article 1) from an earlier run: not stored again" in captured.out
    assert len(_titles(ws)) == 1
    assert main(["add", str(tmp_path / "ws.zhalign"), str(folder), "--no-mt", "--fast"]) == 0
    assert len(_titles(ws)) == 1   # add agrees: nothing new
