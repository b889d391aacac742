"""One key deletes a row's sentences on both sides (user test 5, item 5: a web page's breadcrumb, share
buttons and copyright line took two sentence dialogs each to get out of the corpus)."""

from __future__ import annotations

from tui_support import SIZE, settle, stored_rows

from corpora.workspace import Workspace
from tui.screens.dialogs import ConfirmDialog
from tui.screens.editor import EditorScreen


async def test_delete_removes_the_row_as_one_undoable_edit(open_app, workspace_path):
    rows = stored_rows(workspace_path)
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "delete")
        await settle(pilot)
        assert app.screen.status.saved == "saved · delete row"
        assert app.screen.session.rows == [rows[0], *rows[2:]]
        assert stored_rows(workspace_path) == [rows[0], *rows[2:]]
        await pilot.press("z")
        await settle(pilot)
        assert app.screen.session.rows == rows
        await pilot.press("Z")
        await settle(pilot)
    assert stored_rows(workspace_path) == [rows[0], *rows[2:]]
    with Workspace.open(workspace_path, readonly=True) as ws:   # in the edit log: undone after a reopen
        assert ws.history(1).undo == "delete row"


async def test_a_confirmed_row_is_deleted_only_after_a_yes(open_app, workspace_path):
    rows = stored_rows(workspace_path)
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c", "k", "delete")     # confirm row 1, back on it, delete
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog) and "confirmed" in app.screen.question
        await pilot.press("n")
        await settle(pilot)
        assert len(app.screen.session.rows) == len(rows)
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
    assert stored_rows(workspace_path) == rows[1:]


async def test_delete_row_is_in_the_command_palette(open_app, workspace_path):
    rows = stored_rows(workspace_path)
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"delete this row")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    assert stored_rows(workspace_path) == rows[1:]
