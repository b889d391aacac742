"""The command palette (Ctrl+P): every editor action, found by name, with its key as help.

Each entry runs on an explicit target: the editor's actions on the editor screen; elsewhere (the article
list, a dialog) only the entries of :data:`ELSEWHERE`, which the app itself runs, so no entry is dead.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.bindings import EDITOR_KEYS, Key

#: Cursor steps are not worth a palette entry.
_SKIP = {"down", "up", "page-down", "page-up"}
#: Binding id -> the app action it runs when the editor is not the current screen.
ELSEWHERE = {"help": "app.keys_help", "quit": "app.quit"}


class EditorCommands(Provider):
    """Offers each editor action on the editor screen."""

    def _keys(self) -> list[tuple[Key, str]]:
        """The entries offered here, each with the action it runs (``app.…`` or ``screen.…``)."""
        from tui.screens.editor import EditorScreen

        if not isinstance(self.screen, EditorScreen):
            return [(k, ELSEWHERE[k.id]) for k in EDITOR_KEYS if k.id in ELSEWHERE]
        return [(k, k.action if k.action.startswith("app.") else f"screen.{k.action}")
                for k in EDITOR_KEYS if k.id not in _SKIP]

    def _run(self, action: str) -> None:
        self.app.call_later(self.app.run_action, action)

    def _help(self, key: Key) -> str:
        keys = self.app.keymap.get(key.id, key.keys) if hasattr(self.app, "keymap") else key.keys
        return f"{key.group} · key {keys.replace(',', ' or ')} · id {key.id}"

    async def discover(self) -> Hits:
        for key, action in self._keys():
            yield DiscoveryHit(key.description, partial(self._run, action), help=self._help(key))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for key, action in self._keys():
            score = matcher.match(f"{key.description} {key.group}")
            if score > 0:
                yield Hit(score, matcher.highlight(key.description), partial(self._run, action),
                          help=self._help(key))
