"""Items 15 to 19: the first hour in the editor (what the MT column is, greyed keys that explain, the
article list, the find bar, the split dialog, the demo's folder), plain wording, and privacy."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from lxml import etree

from cli import main
from corpora.document import Document, Row
from corpora.workspace import Workspace
from tests.security.hostile import add_memory
from tui.app import EditorApp
from tui.screens.dialogs import SentenceDialog
from tui.screens.documents import DocumentsScreen
from tui.screens.editor import EditorScreen


class _Gloss:
    name = "gloss"
    is_gloss = True

    def translate(self, texts: list[str]) -> list[str]:
        return ["today weather very good" for _ in texts]


def _workspace(path: Path, documents: int = 1) -> Path:
    with Workspace.create(path) as ws:
        for k in range(documents):
            rows = [Row(["今天天气很好。"], ["The weather is fine."], "auto", 0.9, {}),
                    Row(["我们去公园，然后回家。我们很高兴。"], ["We go to the park."], "auto", 0.5, {})]
            ws.add_document(Document(rows, title=f"第{k + 1}篇", source=f"/home/alice/news/a{k}.zh.txt"))
    return path


def _messages(app: EditorApp) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.mark.slow  # loads the gloss dictionary in the editor
async def test_item15_gloss_column_is_labelled_and_explained_once(tmp_path: Path) -> None:
    with Workspace.open(_workspace(tmp_path / "ws.zhalign")) as ws:
        app = EditorApp(ws, 1, translator_factory=lambda notify: _Gloss())
        async with app.run_test(size=(140, 40)) as pilot:
            # the suggestions' worker may start after the first frame: up to 10 s (not waiting for every
            # worker: the checks or the aligner's warm-up can outlast the toast's 8 s on a busy machine)
            for _ in range(100):
                await pilot.pause(0.1)
                if "gloss (no MT model)" in [label for label, _ in app.screen.grid.header_text()]:
                    break
            await pilot.pause(2 * app.MT_TOAST_DELAY)   # the one MT toast waits for the other direction
            assert "gloss (no MT model)" in [label for label, _ in app.screen.grid.header_text()]
            assert sum("mt download" in m for m in _messages(app)) == 1
            await pilot.press("a")
            await pilot.pause()
            assert any("gloss is not a translation" in m for m in _messages(app))
        assert ws.load(1).rows[0].en == ["The weather is fine."]


def test_item16_no_mt_model_is_one_short_line(tmp_path: Path, monkeypatch, capsys) -> None:
    from huggingface_hub import constants

    from cli.workspace_cmd import _translator

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    args = argparse.Namespace(no_mt=False, mt=None, model=None)
    with Workspace.open(_workspace(tmp_path / "ws.zhalign")) as ws:
        assert _translator(args, ws) is None
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and len(err) < 210 and "aligning without MT" in err
    assert "HF_HUB_OFFLINE=1" not in err      # it is set: no advice to set it


async def test_item17_list_closes_find_gives_focus_back_keys_explain(tmp_path: Path) -> None:
    with Workspace.open(_workspace(tmp_path / "ws.zhalign", documents=2)) as ws:
        app = EditorApp(ws, 1, translator_factory=None, greeting="The demo is in /tmp/demo-x")
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            assert "The demo is in /tmp/demo-x" in _messages(app)       # shown while the editor runs
            await pilot.press("A")
            await pilot.pause()
            assert isinstance(app.screen, DocumentsScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, EditorScreen)
            await pilot.press("slash", *"公园", "enter")
            await pilot.pause()
            assert app.screen.grid.has_focus and app.screen.grid.cursor == 1
            await pilot.press("k", "tab", "J")                               # one Chinese sentence: say so
            await pilot.pause()
            assert any("nothing to join" in m for m in _messages(app))
            await pilot.press("j", "s")
            await pilot.pause()
            assert isinstance(app.screen, SentenceDialog)
            assert app.screen.query_one("TextArea").cursor_location == (0, len("我们去公园，然后回家。"))


def test_item18_counts_and_untitled_articles_read_well(tmp_path: Path, capsys) -> None:
    ws = add_memory(tmp_path, "一。\tOne.\n")
    out = capsys.readouterr().out
    assert "added article 1 (untitled): 1 row," in out and "“”" not in out
    assert main(["export", str(ws), "-f", "tsv", "-o", str(tmp_path / "c.tsv")]) == 0
    assert "exported 1 row of 1 article to" in capsys.readouterr().out


def test_item19_tmx_keeps_file_names_only_unless_asked(tmp_path: Path) -> None:
    ws = _workspace(tmp_path / "ws.zhalign")

    def sources(*extra: str) -> list[str]:
        out = tmp_path / "c.tmx"
        assert main(["export", str(ws), "-f", "tmx", "-o", str(out), *extra]) == 0
        return sorted({p.text for p in etree.parse(str(out)).iter("prop") if p.get("type") == "x-source"})

    assert sources() == ["a0.zh.txt"]
    assert "alice" not in (tmp_path / "c.tmx").read_text(encoding="utf-8")
    assert sources("--full-paths") == ["/home/alice/news/a0.zh.txt"]
