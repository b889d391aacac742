"""The list of articles in a workspace, shown when it holds more than one."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from aligner.display import count, visible
from corpora.workspace import DocumentInfo
from tui.bindings import screen_bindings
from tui.widgets.keybar import KeyBar


def document_line(info: DocumentInfo, current: bool = False, unrelated: float | None = None) -> Text:
    """One article: title and its progress; the article being edited (``current``) is marked ▶, one whose
    texts look unrelated (``unrelated``: its median confidence) ⚠."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("▶" if current else " ", "bold")
    text.append(f"{info.id:>4}  ", "" if current else "dim")
    text.append(f"{visible(info.title) or '(untitled)'}  ", "bold")
    text.append(f"{info.rows} rows · ")
    text.append(f"✓ {info.confirmed}", "green")
    text.append(f" · ✎ {info.edited} · ● {info.auto}")
    if info.low_confidence:
        text.append(f" · ○ {info.low_confidence} low", "red")
    if unrelated is not None:
        text.append(f" · ⚠ texts look unrelated (median confidence {unrelated:.2f})", "bold red")
    return text


class DocumentsScreen(Screen):
    """Pick an article to edit (Enter); the list starts on the article being edited (``current``), if any.
    ``unrelated`` holds :meth:`corpora.workspace.Workspace.unrelated`."""

    BINDINGS: ClassVar[list[BindingType]] = screen_bindings("Article list")

    def __init__(self, infos: list[DocumentInfo], workspace_name: str, current: int | None = None,
                 unrelated: dict[int, float] | None = None) -> None:
        super().__init__()
        self.infos = infos
        #: The median confidence of each article whose texts look unrelated, by id.
        self.unrelated = unrelated or {}
        self.workspace_name = workspace_name
        self.current = current

    def compose(self) -> ComposeResult:
        yield Static(Text.assemble((f" {visible(self.workspace_name)}", "bold"),
                                   f" · {count(len(self.infos), 'article')} · Enter opens one"), id="info")
        lines = (Option(document_line(i, i.id == self.current, self.unrelated.get(i.id)), id=str(i.id))
                 for i in self.infos)
        yield OptionList(*lines, id="documents")
        yield KeyBar()

    def on_mount(self) -> None:
        ids = [i.id for i in self.infos]
        if self.current in ids:
            self.query_one(OptionList).highlighted = ids.index(self.current)

    def action_move(self, step: int) -> None:
        """The selection one article down (``step`` 1) or up (-1), as the arrow keys move it."""
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_close(self) -> None:
        """Back to the article that was open (when there is one: the list may be the first screen)."""
        if self.app.doc_id is not None:
            self.app.open_document(self.app.doc_id)
        else:
            self.notify("pick an article with Enter, or quit with q", timeout=3)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.app.open_document(int(event.option.id or 0))
