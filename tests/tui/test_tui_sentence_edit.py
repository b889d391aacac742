"""The sentence editor shows a cell through ``visible()``; saving keeps the hidden characters it showed as
stand-ins (ESC as ␛, TAB as ␉, U+202E as �) wherever the user did not change the text around them."""

from __future__ import annotations

from pathlib import Path

from tui_support import SIZE, FixedTranslator, settle, stored_rows

from aligner.display import unshown, visible
from corpora.document import Document, Row
from corpora.workspace import Workspace
from tui.app import EditorApp
from tui.screens.dialogs import SentenceDialog, restored_lines
from tui.screens.editor import EditorScreen

HIDDEN = "Control chars\x1b]0;HACKED\x07 test\u202e reversed\ttab here \udc9b end."


def test_an_appended_word_keeps_every_hidden_character() -> None:
    assert unshown(HIDDEN, visible(HIDDEN) + " X") == HIDDEN + " X"


def test_deleting_a_stretch_removes_only_its_hidden_character() -> None:
    shown = visible(HIDDEN)
    cut = shown.index(" test")                           # " test�" goes, with the U+202E it shows as �
    edited = shown[:cut] + shown[cut + len(" test\u202e"):]
    assert unshown(HIDDEN, edited) == HIDDEN.replace(" test\u202e", "")


def test_a_typed_stand_in_stays_as_typed() -> None:
    assert unshown("a\x1bb", "␛a␛b") == "␛a\x1bb"      # the ␛ typed first is text, the one shown is ESC
    assert unshown("plain", "plain ␉") == "plain ␉"


def test_replaced_characters_come_from_the_edit() -> None:
    assert unshown("x\x07y", "xZy") == "xZy"             # the user typed over the BEL


def test_restored_lines_keep_each_sentence_apart() -> None:
    before = ["One\x1b[2J.", "Two\tthree\x07."]
    lines = [visible(before[0]) + " More.", "", "New ␛ line."]
    assert restored_lines(before, lines) == ["One\x1b[2J. More.", "", "New ␛ line."]
    assert restored_lines(before, [visible(s) for s in before]) == before


def test_long_sentence_edit_in_the_middle() -> None:
    text = ("词\x1b" * 1500) + "end"
    shown = visible(text)
    edited = shown[:1000] + "NEW" + shown[1000:]
    assert unshown(text, edited) == text[:1000] + "NEW" + text[1000:]


async def test_the_dialog_saves_the_stored_characters(tmp_path: Path) -> None:
    path = tmp_path / "hidden.zhalign"
    stored = HIDDEN.replace(" \udc9b", "")                # a workspace holds UTF-8: no lone surrogate
    with Workspace.create(path) as ws:
        ws.add_document(Document([Row(["中文。"], [stored], "auto", 0.9, {})], title="t"))
    with Workspace.open(path) as ws:
        app = EditorApp(ws, 1, translator_factory=lambda notify: FixedTranslator())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, SentenceDialog)
            await pilot.press("ctrl+end", *" X", "ctrl+s")   # user test 2, item 10: `e ctrl+end`
            await settle(pilot)
            assert isinstance(app.screen, EditorScreen)
    assert stored_rows(path)[0].en == [stored + " X"]


async def test_ctrl_end_and_ctrl_home_go_to_the_ends_of_the_text(open_app) -> None:
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "e")             # row 4: two English sentences
        await settle(pilot)
        assert isinstance(app.screen, SentenceDialog)
        hint = str(app.screen.query_one(".hint").render())
        assert "Ctrl+Home / F8 goes to the start" in hint and "Ctrl+End / F9 to its end" in hint
        area = app.screen.query_one("TextArea")
        area.move_cursor((0, 3))
        await pilot.press("ctrl+end")
        assert area.cursor_location == area.document.end != (0, 3)
        assert area.cursor_location[0] == 1               # the end of the last sentence, not of the line
        await pilot.press("ctrl+home")
        assert area.cursor_location == (0, 0)
        await pilot.press("f9")                           # the plain keys, for a terminal without the chords
        assert area.cursor_location == area.document.end
        await pilot.press("f8")
        assert area.cursor_location == (0, 0)
