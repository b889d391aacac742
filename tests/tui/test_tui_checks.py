"""Translation checks in the editor: marks in the grid, the detail pane's spans, the finding keys, the
filter, ignoring (stored, undoable), re-checking a changed row; Chinese suggested for English-only rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style
from tui_support import SIZE

from corpora import edits
from corpora.document import Document, Row
from corpora.workspace import Workspace
from tui.app import EditorApp

ROWS = [
    Row(["阿里巴巴发布新模型。"], ["Alibaba released a new model."], "auto", 0.9, headline=True),
    Row(["浙大2016年学术年会开幕。"], ["The 2017 academic conference opened."], "auto", 0.9),
    Row(["他说，人工智能很重要。"], ["He said AI matters."], "auto", 0.9),
    Row(["只有中文的一句话。"], [], "auto", 0.2),
    Row(["最后一句。"], ["The last sentence."], "auto", 0.9),
]
ZH_SUGGESTION = "只有英文的一句。"


class FixedReverse:
    """An en→zh engine with one answer (deterministic, instant)."""

    name, is_gloss = "fixed-en-zh", False

    def translate(self, texts: list[str]) -> list[str]:
        return [ZH_SUGGESTION if t else "" for t in texts]


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    path = tmp_path / "checks.zhalign"
    with Workspace.create(path) as ws:
        ws.add_document(Document([r.copy() for r in ROWS], title="checks"))
    return path


@pytest.fixture
def app(workspace_path: Path):
    ws = Workspace.open(workspace_path)
    yield EditorApp(ws, 1)
    ws.close()


def stored(path: Path) -> list[Row]:
    with Workspace.open(path, readonly=True) as ws:
        return ws.load(1).rows


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def gutter(app, index: int) -> str:
    grid = app.screen.grid
    return "".join(segment.text for segment in grid._gutter(index, grid.rows[index], Style()))


async def test_findings_are_marked_and_the_keys_go_from_one_to_the_next(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert [i for i in range(len(ROWS)) if "!" in gutter(app, i)] == [1, 3]
        assert "! 2 findings" in screen.status.text().plain
        await pilot.press("g", "f")
        assert screen.grid.cursor == 1
        detail = screen.detail.text()
        assert "▶ error numbers: number differs: 2016 in the Chinese, 2017 in the English" in detail.plain
        marked = {detail.plain[s.start:s.end] for s in detail.spans if "reverse" in str(s.style)}
        assert marked == {"2016", "2017"}                        # the spans, on both sides
        await pilot.press("f")
        assert screen.grid.cursor == 3 and "omission" in screen.detail.text().plain
        await pilot.press("f")                                   # no finding below: the cursor stays
        assert screen.grid.cursor == 3
        await pilot.press("F")
        assert screen.grid.cursor == 1


async def test_the_filter_shows_only_rows_with_findings(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.grid
        await pilot.press("g", "v")
        assert [h > 0 for h in grid._heights] == [True, True, False, True, False]   # the cursor row shows
        assert "only rows with findings" in app.screen.status.text().plain
        await pilot.press("j")
        assert grid.cursor == 1
        await pilot.press("j")
        assert grid.cursor == 3 and grid._heights[0] == 0
        await pilot.press("v")
        assert all(h > 0 for h in grid._heights)


async def test_ignoring_a_finding_is_stored_and_undone(app, workspace_path):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g", "f", "I")
        await settle(pilot)
        assert stored(workspace_path)[1].ignored == ("numbers:2016",)
        assert "!" not in gutter(app, 1) and "! 1 finding" in app.screen.status.text().plain
        assert "1 finding ignored here" in app.screen.detail.text().plain
        await pilot.press("z")
        await settle(pilot)
        assert stored(workspace_path)[1].ignored == () and "!" in gutter(app, 1)
        await pilot.press("I", "I")                             # ignore, then report it again
        await settle(pilot)
        assert stored(workspace_path)[1].ignored == () and "!" in gutter(app, 1)


async def test_a_changed_row_is_checked_again(app, workspace_path):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g", "j")
        app.screen.edit(edits.edit_sentence, "en", 0, "The 2016 academic conference opened.")
        await settle(pilot)
        assert "!" not in gutter(app, 1) and "! 1 finding" in app.screen.status.text().plain


async def test_an_english_only_row_gets_a_chinese_suggestion_to_accept(workspace_path):
    with Workspace.open(workspace_path) as ws:
        ws.apply(1, edits.insert_cell(ws.load(1).rows, 4, "zh"))    # row 5 becomes 0-1, its Chinese moves on
        ws_app = EditorApp(ws, 1, reverse_translator_factory=lambda notify: FixedReverse())
        async with ws_app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("G", "k")
            screen = ws_app.screen
            assert screen.row.zh == []
            assert f"MT → 中文 (fixed-en-zh): {ZH_SUGGESTION}" in screen.detail.text().plain
            await pilot.press("a")
            await settle(pilot)
            row = ws.load(1).rows[4]
            assert (row.zh, row.zh_from_mt, row.status) == ([ZH_SUGGESTION], True, "edited")
            assert "Chinese from MT" in screen.detail.text().plain
            await pilot.press("z")
            await settle(pilot)
            assert ws.load(1).rows[4].zh == []


async def test_a_reverse_gloss_cannot_become_the_chinese(workspace_path):
    class Gloss(FixedReverse):
        name, is_gloss = "reverse gloss", True

    with Workspace.open(workspace_path) as ws:
        ws.apply(1, edits.insert_cell(ws.load(1).rows, 4, "zh"))
        ws_app = EditorApp(ws, 1, reverse_translator_factory=lambda notify: Gloss())
        async with ws_app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("G", "k")
            assert "reverse gloss (not a translation)" in ws_app.screen.detail.text().plain
            assert ws_app.screen.check_action("accept_mt", ()) is None
            await pilot.press("a")
            await settle(pilot)
            assert ws.load(1).rows[4].zh == []


async def test_a_row_an_edit_leaves_with_english_only_gets_a_chinese_suggestion(workspace_path):
    """USERTEST4 entry 15: a 0-1 row made in the editor (``x``, ``i``...) never asked for its Chinese
    suggestion, so its MT column stayed empty and ``a`` had nothing to accept."""
    with Workspace.open(workspace_path) as ws:
        ws_app = EditorApp(ws, 1, reverse_translator_factory=lambda notify: FixedReverse())
        async with ws_app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("G", "k", "i")      # the Chinese column moves down: the last row is 0-1
            await settle(pilot)
            await pilot.press("G")
            screen = ws_app.screen
            assert screen.row.zh == [] and screen.row.en == ["The last sentence."]
            assert f"MT → 中文 (fixed-en-zh): {ZH_SUGGESTION}" in screen.detail.text().plain
            await pilot.press("a")
            await settle(pilot)
            assert ws.load(1).rows[-1].zh == [ZH_SUGGESTION]
