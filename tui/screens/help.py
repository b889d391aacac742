"""The help screen: what the grid's marks mean, and every key of the app, grouped, with the ids a keys.toml
can remap."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.bindings import ALL_KEYS, current_keys, key_label, screen_bindings
from tui.keymap import default_keymap_path
from tui.widgets.grid import MARKS, OTHER_MARKS


def keys_table(keymap: dict[str, str]) -> Table:
    """A table of every binding (the editor's, then the dialogs'), with the user's remappings applied."""
    table = Table(box=None, expand=True, pad_edge=False, show_header=True, header_style="bold")
    table.add_column("Action")
    table.add_column("Keys", style="bold cyan", no_wrap=True)
    table.add_column("id (keys.toml)", style="dim", no_wrap=True)
    group = ""
    for key in ALL_KEYS:
        if key.group != group:
            group = key.group
            table.add_row(Text(group, style="bold underline"), "", "")
        table.add_row(key.description, key_label(keymap.get(key.id, key.keys)), key.id)
    return table


def marks_table() -> Table:
    """What each mark of the grid's gutter and kind column means."""
    table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    table.add_column("Mark", style="bold", no_wrap=True)
    table.add_column("In the grid")
    for mark, meaning in [*MARKS.values(), *OTHER_MARKS]:
        table.add_row(mark, meaning)
    return table


class HelpScreen(ModalScreen[None]):
    """Lists every binding; Esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = screen_bindings("Keys (this screen)")

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help") as box:
            box.border_title = "Keys"
            box.border_subtitle = (f"{current_keys('help-close', self.keymap)} closes · "
                                   "Ctrl+P finds any action by name")
            yield Static(Text.from_markup(
                "The [b]side[/b] (中文 or English, Tab to switch) is where row and sentence edits apply. "
                "Every edit is saved at once and can be undone, also after a restart. "
                f"Remap keys in [b]{_home(default_keymap_path())}[/b], e.g. [i]merge-up = \"M\"[/i]."),
                classes="intro")
            yield Static(marks_table(), classes="intro")
            yield Static(keys_table(self.keymap))


def _home(path: Path) -> str:
    """A path with the home folder written as ``~`` (the help text stays the same on every machine)."""
    try:
        return "~/" + str(Path(path).relative_to(Path.home()))
    except ValueError:
        return str(path)
