"""Suggestions shown from an MT file are kept in the workspace: reopening it without --mt shows them again."""

from __future__ import annotations

import asyncio

import pytest
from tui_support import SAMPLE, SIZE, aligned_one_to_one, copy_sample_pair

from cli import main
from tui.app import EditorApp
from tui.screens.editor import EditorScreen
from tui.suggestions import StoredSuggestions


@pytest.fixture
def shown(monkeypatch, tmp_path):
    """Run the commands' apps headless; record each one's MT label and suggestions once they arrive."""
    seen: list[tuple[str, dict[str, str]]] = []

    async def drive(app: EditorApp) -> None:
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(200):                      # alignment worker, then the MT worker
                await pilot.pause(0.02)
                screen = app.screen
                if isinstance(screen, EditorScreen) and screen.mt.zh_en.engine:
                    break
            await app.workers.wait_for_complete()
            mt = app.screen.mt.zh_en
            seen.append((mt.engine, {s: mt.found.get(s, "") for row in app.screen.grid.rows for s in row.zh}))

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(EditorApp, "run", lambda self: asyncio.run(drive(self)))
    monkeypatch.setattr("cli.editor_cmd.has_terminal", lambda: True)
    monkeypatch.setattr("corpora.pipeline.align_pair", aligned_one_to_one)
    monkeypatch.setattr(EditorApp, "_notify_from_thread", lambda self, message: None)
    return seen


def test_reopening_without_the_mt_file_shows_the_same_suggestions(tmp_path, shown):
    zh, en = copy_sample_pair(tmp_path)
    ws = tmp_path / "story.zhalign"
    assert main(["edit", str(zh), str(en), "--presegmented", "--mt", str(SAMPLE / "sample.mt.txt")]) == 0
    assert main(["open", str(ws)]) == 0
    (label, first), (label_again, again) = shown
    assert label == label_again == "file"
    assert sum(bool(t) for t in first.values()) >= 10     # the sample file translates the article
    assert again == first


def test_stored_suggestions_answer_only_the_sentences_they_were_shown_for(tmp_path):
    from corpora.workspace import Workspace
    from tui.suggestions import record_shown

    path = tmp_path / "w.zhalign"
    with Workspace.create(path) as ws:
        assert StoredSuggestions.last_shown(ws) is None
        record_shown(ws, "file", {"一。": "One.", "二。": ""})
        record_shown(ws, "opus-mt-zh-en", {"三。": "Three."})
    with Workspace.open(path, readonly=True) as ws:
        stored = StoredSuggestions.last_shown(ws)
        assert stored is not None and stored.name == "opus-mt-zh-en" and not stored.is_gloss
        assert stored.translate(["三。", "一。"]) == ["Three.", ""]
        assert StoredSuggestions(ws, "file").translate(["一。", "二。"]) == ["One.", ""]


class _Engine:
    """A stand-in model engine: answers with the text upper-cased, counting its calls."""

    is_gloss = False

    def __init__(self, name: str) -> None:
        self.name = name
        self.calls: list[list[str]] = []

    def translate(self, texts: list[str]) -> list[str]:
        self.calls.append(list(texts))
        return [f"EN {t}" for t in texts]


def test_new_sentences_go_to_the_same_engine_only(tmp_path):
    from corpora.workspace import Workspace
    from tui.suggestions import record_shown

    ws = Workspace.create(tmp_path / "w.zhalign")
    record_shown(ws, "opus-mt-zh-en", {"一。": "One."})
    same = _Engine("opus-mt-zh-en")
    stored = StoredSuggestions(ws, "opus-mt-zh-en", fallback=lambda: same)
    assert stored.translate(["一。", "新。"]) == ["One.", "EN 新。"]
    assert same.calls == [["新。"]]                         # only the sentence without a kept suggestion
    assert StoredSuggestions(ws, "opus-mt-zh-en").translate(["新。"]) == ["EN 新。"]   # and now kept
    other = StoredSuggestions(ws, "opus-mt-zh-en", fallback=lambda: _Engine("ct2:other int8"))
    assert other.translate(["另。"]) == [""]                 # never shown under another engine's name
    ws.close()


def test_reopening_after_the_english_file_changed_says_so(tmp_path, shown, capsys):
    """User test 4: `edit` of a pair whose English file was corrected after the article was added showed the
    old text without a word."""
    import os

    zh, en = copy_sample_pair(tmp_path)
    assert main(["edit", str(zh), str(en), "--presegmented"]) == 0
    assert main(["edit", str(zh), str(en), "--presegmented"]) == 0
    assert "changed after" not in capsys.readouterr().err
    with en.open("a", encoding="utf-8") as fh:
        fh.write("A sentence the copy desk added.\n")
    later = en.stat().st_mtime + 5
    os.utime(en, (later, later))
    assert main(["edit", str(zh), str(en), "--presegmented"]) == 0
    err = capsys.readouterr().err
    assert f"{en}: changed after article 1 was added" in err and f"{zh}: changed" not in err
    assert f"zhen-align add {tmp_path / 'story.zhalign'} {zh} {en}" in err
