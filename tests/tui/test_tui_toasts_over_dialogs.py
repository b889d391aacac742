"""No toast covers a dialog's buttons (user test 5, item 11: the "No MT model can run here" toast hid the
export dialog's Export button)."""

from __future__ import annotations

from textual.widgets import Button
from textual.widgets._toast import Toast
from tui_support import settle

from tui.screens.dialogs import ConfirmDialog
from tui.screens.export import ExportDialog

LONG = ("No MT model can run here, so the MT column is a word-by-word gloss: run `zhen-align mt download` on "
        "a networked machine, or pass --model DIR")


def _covered(screen) -> list[str]:
    """The buttons of ``screen`` some toast overlaps."""
    toasts = [toast.region for toast in screen.query(Toast)]
    assert toasts, "a toast is on screen"
    return [str(button.label) for button in screen.query(Button)
            if any(button.region.overlaps(toast) for toast in toasts)]


async def test_toasts_keep_off_the_export_dialogs_buttons(open_app):
    app = open_app()
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await settle(pilot)
        app.notify(LONG, title="MT", timeout=60)           # on screen when the dialog opens: dismissed
        await settle(pilot)
        await pilot.press("X")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert not app._notifications
        for _ in range(3):                                 # said while the dialog is open: kept off it
            app.notify(LONG, title="MT", timeout=60)
        await settle(pilot)
        assert _covered(app.screen) == []


async def test_toasts_keep_off_a_questions_buttons(open_app):
    app = open_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("R")                             # "Re-align rows ...?"
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        for _ in range(2):
            app.notify(LONG, timeout=60)
        await settle(pilot)
        assert _covered(app.screen) == []
