"""Shown while a new article is being aligned (in a worker), before the editor can open it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Label, LoadingIndicator

from aligner.display import visible
from tui.bindings import screen_bindings
from tui.widgets.keybar import KeyBar


class LoadingScreen(Screen):
    """A message and a busy indicator; q quits."""

    BINDINGS: ClassVar[list[BindingType]] = screen_bindings("While aligning")

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Label(visible(self.message), id="loading-message", markup=False)
        yield LoadingIndicator()
        yield KeyBar()
