"""The editor's find bar: a text box whose keys (Enter, Esc) are the app's, named and remappable."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.widgets import Input

from tui.bindings import screen_bindings


class FindBar(Input):
    """A one-line text box for the find string; Enter goes to the next match, Esc closes it (the screen
    does both: ``Input.Submitted`` and ``close_find``)."""

    BINDINGS: ClassVar[list[BindingType]] = screen_bindings("Find bar")
