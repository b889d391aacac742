"""The dialogs' keys are remapped by id from keys.toml like the editor's, and the help screen lists them."""

from __future__ import annotations

import re

from tui_support import SIZE, sample_lines, stored_rows

from aligner.beads import Bead
from tui.keymap import load_keymap
from tui.screens.dialogs import ConfirmDialog, SentenceDialog
from tui.screens.editor import EditorScreen
from tui.screens.export import ExportDialog
from tui.screens.help import HelpScreen, keys_table

ZH, EN = sample_lines("article.zh.txt"), sample_lines("article.en.txt")


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _keymap(tmp_path) -> dict[str, str]:
    path = tmp_path / "keys.toml"
    path.write_text('dialog-save = "ctrl+w"\ndialog-yes = "o"\ndialog-no = "escape"\nexport-cancel = "x"\n',
                    encoding="utf-8")
    return load_keymap(path)


async def test_a_remapped_save_key_stores_the_edit_and_the_old_one_does_not(open_app, workspace_path,
                                                                             tmp_path):
    app = open_app(keymap=_keymap(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SentenceDialog)
        assert "Ctrl+W or Save stores it" in str(dialog.query_one(".hint").render())
        area = dialog.query_one("TextArea")
        area.move_cursor(area.document.end)
        await pilot.press(*" Extra.", "ctrl+s")
        await settle(pilot)
        assert app.screen is dialog                       # the default key no longer saves
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
    assert stored_rows(workspace_path)[1].en == [EN[1] + " Extra."]


async def test_remapped_yes_no_and_export_keys(open_app, workspace_path, tmp_path):
    def one_to_one(zh: list[str], en: list[str]) -> list[Bead]:
        return [Bead((k,), (k,), 0.5) for k in range(min(len(zh), len(en)))]

    app = open_app(keymap=_keymap(tmp_path), align_fn=one_to_one)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("G", "k", "k", "R")           # re-align rows 13-15 (three 1-1 rows)
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert str(dialog.query_one("#yes").label) == "Yes (o)"
        await pilot.press("y", "n")                      # both unbound from the question now
        await settle(pilot)
        assert app.screen is dialog
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("X")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("escape")                     # no longer cancels the export dialog
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
    rows = stored_rows(workspace_path)
    assert len(rows) == 16 and rows[12].confidence == 0.9            # rows above the cursor are kept
    assert [r.confidence for r in rows[13:]] == [0.5, 0.5, 0.5]   # re-aligned by one_to_one after "o"


async def test_the_help_screen_lists_the_dialog_keys_as_remapped(open_app, tmp_path):
    keymap = _keymap(tmp_path)
    table = keys_table(keymap)
    ids = list(table.columns[2].cells)
    keys = list(table.columns[1].cells)
    assert keys[ids.index("dialog-save")] == "Ctrl+W"
    assert keys[ids.index("dialog-cancel")] == "Esc"
    assert keys[ids.index("export-run")] == "Ctrl+S / F2"
    app = open_app(keymap=keymap)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")                          # help-close keeps its defaults
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)


async def test_the_export_key_exports_from_any_field(open_app, workspace_path):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("X")
        await settle(pilot)
        app.screen.query_one("#confirmed").focus()       # a checkbox, where Enter would only tick it
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
    tmx = (workspace_path.parent / "demo.tmx").read_text(encoding="utf-8")
    assert len(re.findall(r"<tu[ >]", tmx)) == 15          # every two-sided row of the sample
    assert ZH[11] not in tmx                               # its 1-0 row is left out by default
