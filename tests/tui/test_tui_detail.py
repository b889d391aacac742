"""The detail pane (user test 4, item 14): a row taller than the pane can be read to its end with the keys,
and a long sentence starts on its label's line, at 80x24 as on a large terminal."""

from __future__ import annotations

from pathlib import Path

from tui_support import sample_document, settle

from corpora.document import Row
from corpora.workspace import Workspace
from tui.app import EditorApp
from tui.screens.editor import EditorScreen

LONG_ZH = "国内生产总值同比增长百分之五点二" * 18 + "。"
LONG_EN = "The economy grew faster than expected in the second quarter, " * 30 + "the report said."


def pane_lines(screen: EditorScreen) -> list[str]:
    """The lines the detail pane shows now."""
    pane = screen.detail
    return [pane.render_line(y).text.rstrip() for y in range(pane.scrollable_content_region.height)]


def tall_workspace(tmp_path: Path, row: Row) -> Path:
    doc = sample_document()
    doc.rows[1] = row
    path = tmp_path / "tall.zhalign"
    with Workspace.create(path) as ws:
        ws.add_document(doc)
    return path


async def test_a_long_chinese_sentence_starts_beside_its_label_at_80x24(tmp_path):
    with Workspace.open(tall_workspace(tmp_path, Row([LONG_ZH], [LONG_EN], "auto", 0.4))) as ws:
        app = EditorApp(ws, 1)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("j")
            await settle(pilot)
            shown = pane_lines(app.screen)
            assert shown[2].startswith("zh  国内生产总值")      # not "zh" alone, the text on the next line


async def test_the_keys_scroll_a_tall_row_to_its_last_english_sentence(tmp_path):
    row = Row([f"第{k}句。" for k in range(30)] + [LONG_ZH],
              [f"Sentence {k}." for k in range(30)] + [LONG_EN],
              "edited")
    with Workspace.open(tall_workspace(tmp_path, row)) as ws:
        app = EditorApp(ws, 1)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("j")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, EditorScreen)
            assert screen.detail.border_title == "} / { scroll"      # says how to read the rest
            seen: list[str] = []
            for _ in range(80):
                seen += pane_lines(screen)
                if any("the report said." in line for line in seen):
                    break
                await pilot.press("right_curly_bracket")
                await settle(pilot)
            assert any(line.startswith("en31 The economy grew") for line in seen)
            assert any(line.endswith("the report said.") for line in seen)
            await pilot.press("left_curly_bracket")
            await settle(pilot)
            assert screen.detail.scroll_y > 0
            await pilot.press("j", "k")                                # another row starts at its top
            await settle(pilot)
            assert screen.detail.scroll_y == 0 and pane_lines(screen)[0].startswith("Row 2")
