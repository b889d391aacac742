"""The command palette (Ctrl+P): every editor action, found by name, with its key as help."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.bindings import EDITOR_KEYS, Key

#: Cursor steps are not worth a palette entry.
_SKIP = {"down", "up", "page-down", "page-up"}


class EditorCommands(Provider):
    """Offers each editor action on the editor screen."""

    def _keys(self) -> list[Key]:
        from tui.screens.editor import EditorScreen

        if not isinstance(self.screen, EditorScreen):
            return [k for k in EDITOR_KEYS if k.id in {"documents", "help", "quit"}]
        return [k for k in EDITOR_KEYS if k.id not in _SKIP]

    def _run(self, key: Key) -> None:
        action = key.action if key.action.startswith("app.") else f"screen.{key.action}"
        self.app.call_later(self.app.run_action, action)

    def _help(self, key: Key) -> str:
        keys = self.app.keymap.get(key.id, key.keys) if hasattr(self.app, "keymap") else key.keys
        return f"{key.group} · key {keys.replace(',', ' or ')} · id {key.id}"

    async def discover(self) -> Hits:
        for key in self._keys():
            yield DiscoveryHit(key.description, partial(self._run, key), help=self._help(key))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for key in self._keys():
            score = matcher.match(f"{key.description} {key.group}")
            if score > 0:
                yield Hit(score, matcher.highlight(key.description), partial(self._run, key),
                          help=self._help(key))
