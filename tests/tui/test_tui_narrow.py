"""The editor at 80x24 (user test 4, item 13): the status line's counts and the footer's help and quit keys
are on screen, whatever the article's title."""

from __future__ import annotations

from tui_support import settle

from corpora.workspace import Workspace
from tui.app import EditorApp

NARROW = (80, 24)
LONG_TITLE = "国务院关于进一步优化营商环境更好服务市场主体的实施意见（全文）及其配套措施的说明"


def screen_lines(app) -> list[str]:
    """The text of every line of the screen as drawn."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def test_the_counts_and_the_help_and_quit_keys_fit_in_80_columns(workspace_path):
    with Workspace.open(workspace_path) as ws:
        doc = ws.load(1)
    doc.title = LONG_TITLE
    with Workspace.create(workspace_path.with_name("long.zhalign")) as ws:
        ws.add_document(doc)
    with Workspace.open(workspace_path.with_name("long.zhalign")) as ws:
        app = EditorApp(ws, 1)
        async with app.run_test(size=NARROW) as pilot:
            await settle(pilot)
            await pilot.press("j", "c")    # a longer message: "saved · confirm"
            await settle(pilot)
            lines = screen_lines(app)
            top, footer = lines[0], lines[-1]
            counts = app.screen.session.counts()
            assert "saved · confirm" in top
            assert f"✓ {counts.confirmed} ✎ {counts.edited} ● {counts.auto} ○ {counts.low} ! " in top
            assert top.startswith(" 国务院") and "…" in top        # the title is cut first
            assert "? keys" in footer and "q quit" in footer
            assert "c confirm" in footer and "z undo" in footer


async def test_the_start_up_toast_is_short_lived(open_app):
    app = open_app(greeting="The demo is in /tmp/demo; it is kept after you quit.")
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        greeting = [n for n in app._notifications if n.message.startswith("The demo is in")]
        assert greeting and greeting[0].timeout <= 8             # over the grid's right half: not for long
        await settle(pilot)
