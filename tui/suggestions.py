"""The MT suggestions the editor has shown, kept in the workspace so a reopened article shows them again.

They live in the workspace's MT cache (:class:`aligner.mt.cache.MTCache`, table ``mt_translation``)
under the engine name :data:`SHOWN`, with the engine's label (``file``, ``opus-mt-zh-en``...) as the
model. Reopening a workspace without naming an engine shows them through :class:`StoredSuggestions`,
labelled as before, without loading a model or needing the MT file again.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from aligner.mt.cache import MTCache

#: The ``engine`` column of the suggestions the editor has shown.
SHOWN = "editor-shown"


def record_shown(workspace: Path, label: str, suggestions: Mapping[str, str]) -> None:
    """Keep the non-empty ``suggestions`` (Chinese sentence → English) shown from engine ``label``."""
    pairs = [(zh, en) for zh, en in suggestions.items() if en]
    if pairs:
        with MTCache(workspace) as cache:
            cache.put_many(SHOWN, label, "", pairs)


class StoredSuggestions:
    """A translator answering from the suggestions an engine showed earlier ("" for any other sentence).

    It behaves as a one-per-line MT file does: an edited or new sentence gets no suggestion.
    """

    is_gloss = False

    def __init__(self, workspace: Path, label: str) -> None:
        self.workspace = workspace
        self.name = label

    @classmethod
    def last_shown(cls, workspace: Path) -> StoredSuggestions | None:
        """The suggestions of the engine the editor showed last in ``workspace``; None if it showed none."""
        with MTCache(workspace) as cache:
            label = cache.latest_model(SHOWN)
        return cls(workspace, label) if label is not None else None

    def translate(self, texts: list[str]) -> list[str]:
        """The stored suggestion of each text, or ""."""
        with MTCache(self.workspace) as cache:
            found = cache.get_many(SHOWN, self.name, "", texts)
        return [found.get(t, "") for t in texts]
