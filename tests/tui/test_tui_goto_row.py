"""Go to a row by its number (`:` or Ctrl+G), as `check`, TMX tuids and XLIFF ids name rows (user test 4)."""

from __future__ import annotations

from tui_support import SIZE, settle

from tui.screens.dialogs import RowNumberDialog
from tui.screens.editor import EditorScreen


async def test_colon_then_a_number_moves_the_cursor_there(open_app):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditorScreen) and screen.grid.cursor == 0
        await pilot.press("colon")
        await settle(pilot)
        assert isinstance(app.screen, RowNumberDialog)
        await pilot.press("1", "2", "enter")
        await settle(pilot)
        assert app.screen is screen and screen.grid.cursor == 11
        await pilot.press("ctrl+g", "9", "9", "9", "enter")   # past the end: said, and the dialog stays
        await settle(pilot)
        assert isinstance(app.screen, RowNumberDialog) and screen.grid.cursor == 11
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.grid.cursor == 11
