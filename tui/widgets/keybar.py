"""The footer: the keys that apply now, drawn as one line of text.

When the line is wider than the terminal, the keys of the highest ``footer_drop``
(:class:`tui.bindings.Key`) are left out first, so that the help and quit keys always show; the help
screen lists every key.

Textual's ``Footer`` rebuilds a widget per key whenever a screen refreshes its bindings (about 80 ms on
the editor, paid on the keystroke that greys a key out or back in). This bar renders the same
information, the screen's active bindings with unavailable ones dimmed, as one line that is repainted
in place: a binding change costs a repaint, never a relayout.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea

from tui.bindings import ALL_KEYS, typed

#: How soon each binding id leaves a footer too narrow for all (the command palette's goes first).
DROP_ORDER = {k.id: k.footer_drop for k in ALL_KEYS}
PALETTE_DROP = 99


class KeyBar(Widget, can_focus=False):
    """The shown bindings of the screen (``show=True``), one per action, clickable; greyed when disabled."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--description", "keybar--disabled"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        & > .keybar--key { color: $footer-key-foreground; text-style: bold; }
        & > .keybar--description { color: $footer-description-foreground; }
        & > .keybar--disabled { color: $footer-foreground; text-style: dim; }
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        self.refresh()

    def shown(self) -> list[tuple[Binding, bool]]:
        """The bindings on the bar, in screen order, with whether each applies now (first key per action;
        while a text box has the focus, only its own and the help key, by keys that type no character)."""
        active_bindings = self.screen.active_bindings   # computed on each access: once here
        # a focused text box (the find bar) takes the keys that type a character: the bar shows its own
        # keys and those never left out (help), by a key it does not take
        focused = self.screen.focused
        typing = isinstance(focused, Input | TextArea)
        seen: dict[str, tuple[Binding, bool]] = {}
        for key, active in active_bindings.items():
            binding = active.binding
            foreign = active.node is not focused and DROP_ORDER.get(binding.id or "", 1)
            if typing and (typed(key) or foreign):
                continue
            if binding.show and binding.action not in seen:
                seen[binding.action] = (binding, active.enabled)
        palette = active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if self.app.ENABLE_COMMAND_PALETTE and palette is not None and not typing:
            seen.setdefault(palette.binding.action, (palette.binding, palette.enabled))
        return list(seen.values())

    def fitted(self, width: int) -> list[tuple[Binding, bool]]:
        """:meth:`shown`, less the keys that do not fit in ``width`` cells (highest ``footer_drop`` first,
        the later of two equal ones first)."""
        shown = self.shown()
        sizes = [cell_len(self._label(binding)) for binding, _ in shown]
        ranks = [PALETTE_DROP if binding.action in ("command_palette", "app.command_palette")
                 else DROP_ORDER.get(binding.id or "", 0) for binding, _ in shown]
        keep = list(range(len(shown)))
        while sum(sizes[i] for i in keep) > width and (droppable := [i for i in keep if ranks[i]]):
            keep.remove(max(reversed(droppable), key=lambda i: ranks[i]))
        return [shown[i] for i in keep]

    def _label(self, binding: Binding) -> str:
        return f" {self.app.get_key_display(binding)} {binding.description} "

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        text_style = self.get_component_rich_style("keybar--description", partial=True)
        disabled = self.get_component_rich_style("keybar--disabled", partial=True)
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        for binding, enabled in self.fitted(self.size.width or 1000):
            click = Style.from_meta({"@click": f"app.simulate_key({binding.key!r})"})
            line.append(f" {self.app.get_key_display(binding)} ",
                        (key_style if enabled else disabled) + click)
            line.append(f"{binding.description} ", (text_style if enabled else disabled) + click)
        return line
