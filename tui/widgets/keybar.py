"""The footer: the keys that apply now, drawn as one line of text.

Textual's ``Footer`` rebuilds a widget per key whenever a screen refreshes its bindings (about 80 ms on
the editor, paid on the keystroke that greys a key out or back in). This bar renders the same
information, the screen's active bindings with unavailable ones dimmed, as one line that is repainted
in place: a binding change costs a repaint, never a relayout.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget


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
        """The bindings on the bar, in screen order, with whether each applies now (first key per action)."""
        active_bindings = self.screen.active_bindings   # computed on each access: once here
        seen: dict[str, tuple[Binding, bool]] = {}
        for active in active_bindings.values():
            binding = active.binding
            if binding.show and binding.action not in seen:
                seen[binding.action] = (binding, active.enabled)
        palette = active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if self.app.ENABLE_COMMAND_PALETTE and palette is not None:
            seen.setdefault(palette.binding.action, (palette.binding, palette.enabled))
        return list(seen.values())

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        text_style = self.get_component_rich_style("keybar--description", partial=True)
        disabled = self.get_component_rich_style("keybar--disabled", partial=True)
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        for binding, enabled in self.shown():
            click = Style.from_meta({"@click": f"app.simulate_key({binding.key!r})"})
            line.append(f" {self.app.get_key_display(binding)} ",
                        (key_style if enabled else disabled) + click)
            line.append(f"{binding.description} ", (text_style if enabled else disabled) + click)
        return line
