"""Nothing typed or confirmed goes without a word (user test 4, items 3, 4, 5 and 8): the sentence editor
stays open on lines it cannot save and asks before it throws changed text away, a column push says how
many confirmations it took, and an edit or undo that meets rows another process wrote is refused."""

from __future__ import annotations

from tui_support import SIZE, sample_lines, settle, stored_rows

from corpora.edits import confirm
from corpora.workspace import Workspace
from tui.app import EditorApp
from tui.screens.dialogs import ConfirmDialog, SentenceDialog
from tui.screens.editor import EditorScreen

EN = sample_lines("article.en.txt")


def recorded(app: EditorApp) -> list[str]:
    """The toasts ``app`` shows from now on."""
    said: list[str] = []
    shown = app.notify

    def notify(message: str, **kwargs) -> None:
        said.append(message)
        shown(message, **kwargs)

    app.notify = notify
    return said


async def test_lines_that_do_not_fit_keep_the_dialog_open_with_the_text(open_app, workspace_path):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        said = recorded(app)
        await pilot.press("j", "e")                       # row 2: one English sentence
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SentenceDialog)
        area = dialog.query_one("TextArea")
        area.move_cursor(area.document.end)
        await pilot.press(*" Edited ending.")
        area.move_cursor((0, 4))
        await pilot.press("enter", "ctrl+s")              # two lines for one sentence
        await settle(pilot)
        assert app.screen is dialog                       # still open, the typed text still there
        assert area.text == EN[1][:4] + "\n" + EN[1][4:] + " Edited ending."
        assert any("1 sentence here and 2 lines in the text" in s and "split a sentence with s" in s
                   for s in said)
        await pilot.press("backspace", "ctrl+s")          # joined back: one line, saved
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
    assert stored_rows(workspace_path)[1].en == [EN[1] + " Edited ending."]


async def test_escape_asks_before_throwing_changed_text_away(open_app, workspace_path):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "e")
        await settle(pilot)
        await pilot.press("escape")                       # unchanged: closes at once
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("e", "X", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")                            # keep editing
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SentenceDialog) and dialog.query_one("TextArea").text == "X" + EN[1]
        dialog.query_one("#cancel").press()               # the Cancel button asks too
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
    assert stored_rows(workspace_path)[1].en == [EN[1]]


async def test_ctrl_q_asks_before_quitting_with_changed_text(open_app):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "e", "X", "ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog) and app.return_code is None
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, SentenceDialog) and app.return_code is None
        await pilot.press("ctrl+q", "y")
        await settle(pilot)
        assert app.return_code == 0                       # quit after the yes


async def test_a_column_push_says_how_many_confirmations_it_took(open_app, workspace_path):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("G", "C", "g", "j", "j", "enter")   # all 16 confirmed, then push row 3 down
        await settle(pilot)
        screen = app.screen
        assert screen.status.saved == "saved · insert cell (en) · 14 confirmed rows unconfirmed; z undoes"
        assert screen.session.counts().confirmed == 2
        await pilot.press("z")
        await settle(pilot)
        assert screen.status.saved == "saved · undo insert cell (en)"
    assert all(r.status == "confirmed" for r in stored_rows(workspace_path))


async def test_undo_after_another_process_wrote_is_refused_without_a_crash(open_app, workspace_path):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        said = recorded(app)
        await pilot.press("c")                            # confirms row 1 here
        await settle(pilot)
        # a second editor after the lock file was deleted: it confirms row 3
        workspace_path.with_name(workspace_path.name + ".lock").unlink()
        with Workspace.open(workspace_path) as other:
            other.apply(1, confirm(other.load(1).rows, 2))
        await pilot.press("z")                            # would undo the other editor's confirm
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen) and app.return_code is None
        assert "changed by another process" in app.screen.status.saved
        assert any("the workspace was changed by another process" in s and "reopen it" in s for s in said)
        await pilot.press("j", "j", "c")                  # an edit meets the other's row: refused alike
        await settle(pilot)
        assert sum("changed by another process" in s for s in said) == 2
    rows = stored_rows(workspace_path)
    assert [r.status for r in rows[:3]] == ["confirmed", "auto", "confirmed"]   # nobody's work undone


async def test_confirming_says_only_that_it_confirmed(open_app):
    """Confirming gains confirmations: the note about lost ones ("-1 confirmed rows unconfirmed") is not
    for it (it cut the status line's message at 80 columns)."""
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert app.screen.status.saved == "saved · confirm"
        await pilot.press("G", "C")
        await settle(pilot)
        assert app.screen.status.saved == "saved · confirm above"
