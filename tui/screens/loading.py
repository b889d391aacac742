"""Shown while a new article is being aligned (in a worker), before the editor can open it."""

from __future__ import annotations

import time
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Label

from aligner.display import visible
from tui.bindings import screen_bindings
from tui.widgets.keybar import KeyBar


class LoadingScreen(Screen):
    """A message and the seconds spent so far, repainted once a second; q quits.

    (Not an animated indicator: repainting ~15 times a second took a tenth of the CPU, and the
    interpreter, from the worker that is aligning the article.)
    """

    BINDINGS: ClassVar[list[BindingType]] = screen_bindings("While aligning")

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message
        self._started = time.monotonic()

    def compose(self) -> ComposeResult:
        with Middle():
            with Center():
                yield Label(visible(self.message), id="loading-message", markup=False)
            with Center():
                yield Label("", id="loading-elapsed")
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_interval(1.0, self._show_elapsed)

    def finishing(self) -> None:
        """Say that quitting waits for the alignment to finish and be saved."""
        self.message = "Finishing the alignment, then saving… (then the editor quits)"
        self.query_one("#loading-message", Label).update(self.message)

    def _show_elapsed(self) -> None:
        self.query_one("#loading-elapsed", Label).update(f"{time.monotonic() - self._started:.0f} s")
