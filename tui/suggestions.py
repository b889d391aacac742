"""The MT suggestions the editor has shown, kept in the workspace so a reopened article shows them again.

They are kept through :class:`corpora.workspace.Workspace` (its ``mt_translation`` table) under the
engine name :data:`SHOWN`, with the engine's label (``file``, ``opus-mt-zh-en``...) as the model.
Reopening a workspace without naming an engine shows them through :class:`StoredSuggestions`, labelled
as before, without loading a model or needing the MT file again (a model is loaded only when a sentence
without a stored suggestion appears). A read-only workspace keeps nothing new.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from aligner.mt.base import Translator

if TYPE_CHECKING:
    from corpora.workspace import Workspace

#: The ``engine`` column of the suggestions the editor has shown.
SHOWN = "editor-shown"


def record_shown(workspace: Workspace, label: str, suggestions: Mapping[str, str]) -> None:
    """Keep the non-empty ``suggestions`` (Chinese sentence → English) shown from engine ``label``."""
    workspace.put_translations(SHOWN, label, "", [(zh, en) for zh, en in suggestions.items() if en])


class StoredSuggestions:
    """A translator answering from the suggestions an engine showed earlier.

    A sentence without one (edited, split, new) goes to ``fallback()``, the engine built on first need,
    but only if it is the engine that made the others (same label): a suggestion is never shown under
    another engine's name. Without it the answer is "", as a one-per-line MT file would give.
    """

    is_gloss = False

    def __init__(self, workspace: Workspace, label: str,
                 fallback: Callable[[], Translator | None] | None = None) -> None:
        self.workspace = workspace
        self.name = label
        self.fallback = fallback
        self._engine: Translator | None = None
        self._built = False

    @classmethod
    def last_shown(cls, workspace: Workspace) -> StoredSuggestions | None:
        """The suggestions of the engine the editor showed last in ``workspace``; None if it showed none."""
        label = workspace.latest_translation_model(SHOWN)
        return cls(workspace, label) if label is not None else None

    def translate(self, texts: list[str]) -> list[str]:
        """The stored suggestion of each text; the same engine's (then stored) for the others, or ""."""
        found = self.workspace.get_translations(SHOWN, self.name, "", texts)
        missing = [t for t in dict.fromkeys(texts) if t not in found and t.strip()]
        engine = self._same_engine() if missing else None
        if engine is not None:
            fresh = dict(zip(missing, engine.translate(missing), strict=True))
            record_shown(self.workspace, self.name, fresh)
            found.update(fresh)
        return [found.get(t, "") for t in texts]

    def _same_engine(self) -> Translator | None:
        """The engine that made the stored suggestions, built once; None when it cannot run here."""
        if not self._built and self.fallback is not None:
            self._built = True
            engine = self.fallback()
            if engine is not None and engine.name == self.name and not engine.is_gloss:
                self._engine = engine
        return self._engine
