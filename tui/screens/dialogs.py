"""Small modal dialogs: yes/no, and the sentence editor used to split, join and edit sentences."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import ClassVar, Literal

from textual import on
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, TextArea

from aligner.display import count, unshown, visible
from corpora.edits import SIDE_LABELS
from tui.bindings import current_keys, screen_bindings

Mode = Literal["split", "join", "edit"]


def _keys(app: App, key_id: str) -> str:
    """The keys of ``key_id`` as the user has them (remapped in keys.toml or not)."""
    return current_keys(key_id, getattr(app, "keymap", {}))


#: Where a sentence most likely needs splitting: after a missed sentence end, else after a clause mark.
_MISSED_END = re.compile(r"[。！？!?；;]+[”’」』)）\"']*\s*|(?<=[a-z]{2})[.]+[”’\"']?\s+(?=[A-Z“\"])")
_CLAUSE_END = re.compile(r"[，,：:、]\s*")


def split_point(sentence: str) -> int:
    """Where the split dialog puts its cursor: after the first sentence end inside the sentence (the
    segmenter missed it), else after the first clause mark, else at the word break nearest the middle
    (the middle itself in Chinese, which has none)."""
    for pattern in (_MISSED_END, _CLAUSE_END):
        for match in pattern.finditer(sentence):
            if match.end() < len(sentence.rstrip()):
                return match.end()
    middle = len(sentence) // 2
    breaks = [m.end() for m in re.finditer(r"\s+", sentence) if 0 < m.end() < len(sentence)]
    return min(breaks, key=lambda k: abs(k - middle)) if breaks else middle


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; ``y``/Enter answers yes, ``n``/Esc no (remappable: dialog-yes, dialog-no)."""

    BINDINGS: ClassVar[list[BindingType]] = screen_bindings("Yes/no question")

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(visible(self.question), classes="question", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(f"Yes ({_keys(self.app, 'dialog-yes')})", variant="primary", id="yes")
                yield Button(f"No ({_keys(self.app, 'dialog-no')})", id="no")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


def edit_problem(before: list[str], lines: list[str], split_keys: str, join_keys: str) -> str | None:
    """Why the sentence editor cannot save ``lines`` for the sentences ``before`` (None when it can): a
    line stands for the sentence it replaces, so the count must stay, or grow by a new last line."""
    if len(lines) == len(before) or (len(lines) == len(before) + 1 and lines[:len(before)] == before):
        return None
    return (f"not saved: {count(len(before), 'sentence')} here and {count(len(lines), 'line')} in the text. "
            f"Keep one sentence per line (an empty line deletes one, a new last line adds one); save, then "
            f"split a sentence with {split_keys} or join two with {join_keys}")


def restored_lines(before: list[str], lines: list[str]) -> list[str]:
    """The lines saved from the sentence editor, which showed ``before`` through ``visible()`` one sentence
    a line, with every hidden character back where the user did not change the text around it."""
    text = unshown("\n".join(before), "\n".join(lines))   # as long as the edited text, position for position
    out, start = [], 0
    for line in lines:
        out.append(text[start:start + len(line)])
        start += len(line) + 1
    return out


class SentenceDialog(ModalScreen[object]):
    """The sentences of one cell, one per line, in a text editor.

    ``split``: put the cursor where the sentence should break, Enter → ``(k, offset)``.
    ``join``: put the cursor on the first of two sentences, Enter → ``(k, 0)``.
    ``edit``: change the text (one sentence per line; an empty line deletes, a new last line adds),
    Ctrl+S or the Save button → the list of lines, with the characters shown through ``visible()`` back
    as they are stored wherever the user left them (:func:`restored_lines`); lines that do not fit the
    sentences (:func:`edit_problem`) keep the dialog open with a warning, nothing typed is lost. Esc or
    Cancel on changed text asks before throwing it away. Ctrl+Home / Ctrl+End (F8 /
    F9) go to the start / end of the whole text (Home / End stay on the wrapped screen line). The keys are
    remappable (dialog-choose, dialog-save, dialog-cancel, dialog-text-start, dialog-text-end).
    """

    BINDINGS: ClassVar[list[BindingType]] = screen_bindings("Sentence editor")
    HINTS: ClassVar[dict[str, str]] = {
        "split": "Move the cursor to where the sentence should break, then press {choose}.  "
                 "{cancel} cancels.",
        "join": "Move the cursor to the first of the two sentences to join, then press {choose}.  "
                "{cancel} cancels.",
        "edit": "One sentence per line (an empty line deletes one, a new last line adds one); {start} goes "
                "to the start of the text, {end} to its end. {save} or Save stores it; {cancel} cancels.",
    }

    def __init__(self, mode: Mode, side: str, sentences: list[str]) -> None:
        super().__init__()
        self.mode = mode
        self.side = side
        self.sentences = list(sentences)
        self.shown = "\n".join(map(visible, self.sentences))   # one character for one: offsets still hold

    def compose(self) -> ComposeResult:
        title = {"split": "Split a sentence", "join": "Join two sentences",
                 "edit": "Edit sentences"}[self.mode]
        with Vertical(classes="dialog sentence-dialog") as box:
            box.border_title = f"{title} · {SIDE_LABELS[self.side]}"
            hint = self.HINTS[self.mode].format(choose=_keys(self.app, "dialog-choose"),
                                                save=_keys(self.app, "dialog-save"),
                                                cancel=_keys(self.app, "dialog-cancel"),
                                                start=_keys(self.app, "dialog-text-start"),
                                                end=_keys(self.app, "dialog-text-end"))
            yield Label(hint, classes="hint")
            yield TextArea(self.shown, read_only=self.mode != "edit", soft_wrap=True, show_line_numbers=True,
                           id="sentences")
            with Horizontal(classes="buttons"):
                label = {"split": "Split here", "join": "Join with next", "edit": "Save"}[self.mode]
                yield Button(label, variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        if self.mode == "split" and self.sentences:
            area.move_cursor((0, split_point(self.sentences[0])))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter (dialog-choose) picks the place to split or join; in the text editor it is a newline."""
        return self.mode != "edit" if action == "choose" else True

    def action_text_start(self) -> None:
        """The cursor to the start of the first sentence (Home stays on the wrapped screen line)."""
        self.query_one(TextArea).move_cursor((0, 0))

    def action_text_end(self) -> None:
        """The cursor to the end of the last sentence (End stays on the wrapped screen line)."""
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)

    def action_choose(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        area = self.query_one(TextArea)
        if self.mode == "edit":
            lines = restored_lines(self.sentences, area.text.split("\n"))
            problem = edit_problem(self.sentences, lines, _keys(self.app, "split-sentence"),
                                   _keys(self.app, "join-sentences"))
            if problem is not None:
                self.notify(problem, severity="warning", timeout=10)
            else:
                self.dismiss(lines)
            return
        line, column = area.cursor_location
        self.dismiss((line, column))

    def changed(self) -> bool:
        """Whether the text was edited since the dialog opened."""
        return self.mode == "edit" and self.query_one(TextArea).text != self.shown

    def action_cancel(self) -> None:
        """Close without saving; changed text is thrown away only after a yes."""
        self.discard_then(lambda: self.dismiss(None), "Throw away the changes to these sentences?")

    def discard_then(self, close: Callable[[], object], question: str) -> None:
        """Run ``close`` at once when the text is unchanged, else after a yes to ``question``."""
        if not self.changed():
            close()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                close()

        self.app.push_screen(ConfirmDialog(question), answered)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_save()
        else:
            self.action_cancel()


class RowNumberDialog(ModalScreen[int | None]):
    """Ask for a row number (from 1, as ``check``, TMX tuids and XLIFF ids name rows); Enter goes there,
    Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = screen_bindings("Go to row")

    def __init__(self, rows: int, current: int) -> None:
        super().__init__()
        self.rows, self.current = rows, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Go to row (1-{self.rows}; now {self.current})", markup=False)
            yield Input("", placeholder=str(self.current), restrict=r"[0-9]*", max_length=9, id="row")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            self.dismiss(None)
        elif 1 <= int(event.value) <= self.rows:
            self.dismiss(int(event.value))
        else:
            self.notify(f"the article has rows 1 to {self.rows}", severity="warning", timeout=3)
