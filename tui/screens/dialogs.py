"""Small modal dialogs: yes/no, and the sentence editor used to split, join and edit sentences."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea

Mode = Literal["split", "join", "edit"]
SIDE_NAMES = {"zh": "中文", "en": "English"}


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; ``y``/Enter answers yes, ``n``/Esc no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="dialog-yes"),
        Binding("n,escape", "answer(False)", "No", id="dialog-no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button("Yes (y)", variant="primary", id="yes")
                yield Button("No (n)", id="no")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class SentenceDialog(ModalScreen[object]):
    """The sentences of one cell, one per line, in a text editor.

    ``split``: put the cursor where the sentence should break, Enter → ``(k, offset)``.
    ``join``: put the cursor on the first of two sentences, Enter → ``(k, 0)``.
    ``edit``: change the text (one sentence per line; an empty line deletes, a new last line adds),
    Ctrl+S or the Save button → the list of lines.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="dialog-cancel"),
        Binding("ctrl+s,f2", "save", "Save", id="dialog-save", priority=True),
    ]
    HINTS: ClassVar[dict[str, str]] = {
        "split": "Move the cursor to where the sentence should break, then press Enter.  Esc cancels.",
        "join": "Move the cursor to the first of the two sentences to join, then press Enter.  Esc cancels.",
        "edit": "One sentence per line. Ctrl+S, F2 or Save stores it; Esc cancels.",
    }

    def __init__(self, mode: Mode, side: str, sentences: list[str]) -> None:
        super().__init__()
        self.mode = mode
        self.side = side
        self.sentences = list(sentences)

    def compose(self) -> ComposeResult:
        title = {"split": "Split a sentence", "join": "Join two sentences",
                 "edit": "Edit sentences"}[self.mode]
        with Vertical(classes="dialog sentence-dialog") as box:
            box.border_title = f"{title} · {SIDE_NAMES[self.side]}"
            yield Label(self.HINTS[self.mode], classes="hint")
            yield TextArea("\n".join(self.sentences), read_only=self.mode != "edit", soft_wrap=True,
                           show_line_numbers=True, id="sentences")
            with Horizontal(classes="buttons"):
                label = {"split": "Split here", "join": "Join with next", "edit": "Save"}[self.mode]
                yield Button(label, variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        if self.mode == "split" and self.sentences:
            first = self.sentences[0]
            area.move_cursor((0, len(first) // 2))

    def on_key(self, event) -> None:
        if event.key == "enter" and self.mode != "edit":
            event.stop()
            event.prevent_default()
            self.action_save()

    def action_save(self) -> None:
        area = self.query_one(TextArea)
        if self.mode == "edit":
            self.dismiss(area.text.split("\n"))
            return
        line, column = area.cursor_location
        self.dismiss((line, column))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_save()
        else:
            self.dismiss(None)
