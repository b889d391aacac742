"""Per-sentence features shared by the signals, and their bead values inside a search band.

A signal is a pair of per-sentence arrays (Chinese side, English side). A bead's value is computed
from the sums of its sentences' rows, so coarser search levels simply add neighbouring rows.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from aligner.scoring.sparse import (
    banded_span_norms,
    dense,
    is_sparse,
    near_dots,
    row_dots,
    row_range,
    span_sums,
    stack_rows,
)

if TYPE_CHECKING:
    import scipy.sparse as sp


def hash_features(docs: Iterable[Iterable[tuple[str, float]]], dim: int, *,
                  sparse: bool = False) -> np.ndarray | sp.csr_array:
    """Hashed bag-of-features matrix (one row per document, CRC32 buckets, float32); a SciPy CSR
    matrix when ``sparse`` (a sentence fills a few dozen of the buckets: see :func:`use_sparse`)."""
    bags = [list(feats) for feats in docs]
    flat = [feat for bag in bags for feat in bag]
    return bucket_matrix(np.array([feature_bucket(name, dim) for name, _ in flat], dtype=np.int64),
                         np.array([weight for _, weight in flat], dtype=np.float32),
                         [len(bag) for bag in bags], dim, sparse=sparse)


def bucket_matrix(buckets: np.ndarray, weights: np.ndarray, lengths: Sequence[int], dim: int, *,
                  sparse: bool = False) -> np.ndarray | sp.csr_array:
    """The matrix of :func:`hash_features` from its features already hashed: row ``r`` takes the next
    ``lengths[r]`` of the flat ``buckets`` and ``weights``; a bucket named twice adds up, in order."""
    count = len(lengths)
    rows = np.repeat(np.arange(count, dtype=np.int64), lengths)
    if sparse:
        import scipy.sparse as sp

        out = sp.csr_array((weights, (rows, buckets)), shape=(count, dim), dtype=np.float32)
        out.sum_duplicates()
        return out
    out = np.zeros(count * dim, dtype=np.float32)
    np.add.at(out, rows * dim + buckets, weights)  # in order
    return out.reshape(count, dim)


def feature_bucket(feature: str, dim: int) -> int:
    """The bucket of a feature among ``dim`` (CRC32 of its UTF-8 bytes)."""
    return _crc(feature) % dim


@lru_cache(maxsize=200_000)
def _crc(feature: str) -> int:
    """CRC32 of a feature's UTF-8 bytes (kept: the same stems recur in every sentence)."""
    return zlib.crc32(feature.encode())


def pair_sum(values: np.ndarray) -> np.ndarray:
    """Add neighbouring rows two by two (an odd last row stays alone): the coarser level's features."""
    n = values.shape[0]
    out = values[: n - n % 2 : 2] + values[1 : n - n % 2 : 2]
    if n % 2:
        out = stack_rows([out, values[n - 1 :]])
    return out


def by_shape(shapes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Bead shapes in the order every signal's band yields them: by ``y``, then by ``x``."""
    return sorted(shapes, key=lambda shape: (shape[1], shape[0]))


class ShapeBand:
    """What every signal's band shares: values of many bead shapes at once, or one shape at a time.

    ``shapes`` may be given as column arrays ``xs``, ``ys`` (one row per shape): ``values`` then gives one
    row of node values per shape, which costs a band of a short document a few NumPy calls in all
    instead of a few per shape. A subclass whose values need summed products returns them from
    :meth:`payload`.
    """

    #: Whether :meth:`values` takes several shapes at once (else one shape per call).
    many_shapes = True

    def payload(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray | None:
        """What :meth:`values` needs for the shapes ``(xs[k], ys[k])`` (``None``: nothing)."""
        return None

    def dots_by_shape(self, shapes: list[tuple[int, int]]):
        """Yield ``(x, y, payload)`` for each shape, one at a time, in the shared ``(y, x)`` order."""
        for x, y in by_shape(shapes):
            payload = self.payload(np.array([[x]]), np.array([[y]]))
            yield x, y, None if payload is None else payload[0]


@dataclass(frozen=True)
class Cells:
    """Search nodes (i, j) of a band: ``i`` Chinese and ``j`` English sentences consumed.

    Row ``i`` holds the nodes ``lo[i] .. hi[i]`` (inclusive); ``off[i]`` is the first node of row ``i``
    in the flat arrays ``I``, ``J``.
    """

    lo: np.ndarray
    hi: np.ndarray
    off: np.ndarray
    I: np.ndarray  # noqa: E741 - row index of each node
    J: np.ndarray

    @classmethod
    def from_bounds(cls, lo: np.ndarray, hi: np.ndarray) -> Cells:
        """Nodes of the band given each row's first and last column."""
        widths = hi - lo + 1
        off = np.zeros(len(lo) + 1, dtype=np.int64)
        np.cumsum(widths, out=off[1:])
        rows = np.repeat(np.arange(len(lo), dtype=np.int64), widths)
        cols = np.arange(off[-1], dtype=np.int64) - off[rows] + lo[rows]
        return cls(lo.astype(np.int64), hi.astype(np.int64), off, rows, cols)

    @property
    def size(self) -> int:
        """Number of nodes (the search's memory and time are proportional to it)."""
        return int(self.off[-1])

    def node(self, i: int | np.ndarray, j: int | np.ndarray) -> int | np.ndarray:
        """Flat index of node ``(i, j)`` (scalars or arrays; the node must lie in the band)."""
        return self.off[i] + j - self.lo[i]


class PairBand:
    """Sentence-pair products ``zh[a] · en[b]`` for the pairs some bead of the band can contain.

    Row ``a`` covers English sentences ``start[a] .. start[a] + width - 1``; ``cum`` holds the running
    sums along each row (with a leading zero) so a bead's block of products is a few look-ups.
    """

    def __init__(self, zh: np.ndarray, en: np.ndarray, cells: Cells, max_x: int, max_y: int):
        n, m = zh.shape[0], en.shape[0]
        rows = np.arange(n)
        self.start = np.maximum(0, cells.lo[np.minimum(rows + 1, n)] - max_y)
        stop = np.minimum(m, cells.hi[np.minimum(rows + max_x, n)])
        self.width = int(max(1, (stop - self.start).max(initial=1)))
        self.start = np.minimum(self.start, max(0, m - self.width))
        prod = np.zeros((n, self.width), dtype=np.float32)
        step = 512 if is_sparse(zh) else 32  # sparse products cost per call, dense ones per row
        for a0 in range(0, n, step):
            a1 = min(n, a0 + step)
            b0 = int(self.start[a0])
            b1 = min(m, int(self.start[a1 - 1]) + self.width)
            block = dense(row_range(zh, a0, a1) @ row_range(en, b0, b1).T)
            idx = (self.start[a0:a1, None] - b0) + np.arange(self.width)[None, :]
            ok = idx < block.shape[1]
            prod[a0:a1] = np.where(ok, np.take_along_axis(block, np.minimum(idx, block.shape[1] - 1), 1), 0)
        self.cum = np.zeros((n, self.width + 1), dtype=np.float64)
        np.cumsum(prod, axis=1, out=self.cum[:, 1:])

    def window(self, rows: np.ndarray, cols: np.ndarray, y: int) -> np.ndarray:
        """Sum of ``zh[row] · en[b]`` for ``b`` in ``[col - y, col)``, for each (row, col)."""
        offset = cols - self.start[rows]
        # np.minimum/np.maximum rather than np.clip: clip's checks of integer bounds cost more than the
        # arithmetic on a short document's band (about 40 calls a document)
        k = np.minimum(np.maximum(offset, 0), self.width)
        k0 = np.minimum(np.maximum(offset - y, 0), self.width)
        base = rows * (self.width + 1)   # flat positions: a third faster than indexing rows and columns
        flat = self.cum.ravel()
        return flat[base + k] - flat[base + k0]


def span_norms(values: np.ndarray, max_len: int, near: list[np.ndarray] | None = None) -> np.ndarray:
    """``out[x, i]`` = squared norm of the sum of rows ``i - x .. i - 1`` (0 where ``i < x``); ``near``:
    the products of sparse rows, if already known (:func:`~aligner.scoring.sparse.near_dots`)."""
    if is_sparse(values):
        return banded_span_norms(values, max_len, near)
    n = values.shape[0]
    out = np.zeros((max_len + 1, n + 1), dtype=np.float64)
    span = values.copy()
    for x in range(1, max_len + 1):
        # span[i - 1] holds the sum of rows i - x .. i - 1
        if x > 1:
            span[x - 1 :] += values[: max(0, n - x + 1)]
            span[: x - 1] = 0
        out[x, 1:] = np.einsum("ij,ij->i", span, span)
        out[x, 1:x] = 0
    return out


@dataclass(frozen=True)
class VectorSignal:
    """A signal whose bead value is the cosine of the summed sentence rows of each side.

    ``neutral`` is the value used when both sides of a bead are all-zero (no evidence either way);
    when only one side is zero the value is 0. The scorer weighs ``(value - offset) / scale``: every
    signal carries the level at which it says nothing (``offset``) and, for translation evidence, the
    spread of its values in this document (``scale``; see :func:`document_scale`).
    """

    name: str
    zh: np.ndarray
    en: np.ndarray
    neutral: float = 0.0
    offset: float = 0.0
    scale: float = 1.0
    #: Each side's products of sparse rows up to a few apart (:meth:`with_near`), or None.
    near: tuple[list[np.ndarray], list[np.ndarray]] | None = None

    def coarsen(self) -> VectorSignal:
        """The signal over pairs of neighbouring sentences."""
        return VectorSignal(self.name, pair_sum(self.zh), pair_sum(self.en), self.neutral, self.offset,
                            self.scale)

    def window(self, i0: int, i1: int, j0: int, j1: int) -> VectorSignal:
        """The signal over Chinese sentences ``i0:i1`` and English sentences ``j0:j1``."""
        near = None
        if self.near is not None:
            near = ([dots[i0 : max(i0, i1 - d)] for d, dots in enumerate(self.near[0])],
                    [dots[j0 : max(j0, j1 - d)] for d, dots in enumerate(self.near[1])])
        return replace(self, zh=self.zh[i0:i1], en=self.en[j0:j1], near=near)

    def with_near(self, count: int) -> VectorSignal:
        """The signal with the products of its sparse rows up to ``count - 1`` apart computed once, for
        the many windows of a document that a search of beads up to ``count`` sentences a side takes
        (each window otherwise computes its own, about 1,000 SciPy calls a second for the Bible)."""
        if not is_sparse(self.zh):
            return self
        return replace(self, near=(near_dots(self.zh, count), near_dots(self.en, count)))

    def prepare(self, cells: Cells, max_x: int, max_y: int) -> _BandValues:
        """Pre-computed products and norms for the beads of ``cells``."""
        return _BandValues(self, cells, max_x, max_y)

    def bead_values(self, zh_spans: np.ndarray, en_spans: np.ndarray) -> np.ndarray:
        """Values of whole beads; spans are ``(start, stop)`` rows (one per bead)."""
        if is_sparse(self.zh):
            return _cosine_of_sums(span_sums(self.zh, zh_spans), span_sums(self.en, en_spans), self.neutral)
        return _cosine_of_sums(_span_sums(self.zh, zh_spans), _span_sums(self.en, en_spans), self.neutral)


#: Sentences on each side of the diagonal whose pairs set a document's level of unrelated pairs.
DIAGONAL_WIDTH = 10
#: Chinese sentences whose diagonal pairs :func:`document_scale` computes together (with the English
#: sentences between their first and last pair: about 2 * DIAGONAL_WIDTH + DIAGONAL_ROWS of them).
DIAGONAL_ROWS = 16


def document_scale(zh: np.ndarray, en: np.ndarray) -> tuple[float, float]:
    """``(offset, scale)`` that put a vector signal's 1-1 values on this document's own scale.

    ``offset`` is the median cosine of the sentence pairs near the diagonal (nearly all unrelated), and
    ``offset + scale`` the median over Chinese sentences of their best cosine there (a typical true pair).
    A literary chapter, whose true pairs relate less than a news article's, is thereby judged by its own
    standard: a pair "unrelated" or "as related as usual" means the same in every document.
    """
    n, m = zh.shape[0], en.shape[0]
    if not n or not m:
        return 0.0, 1.0
    zn, en_n = _unit_rows(zh), _unit_rows(en)
    centre = np.rint(np.arange(n) * m / n).astype(np.int64)
    offsets = np.arange(-DIAGONAL_WIDTH, DIAGONAL_WIDTH + 1)
    cols = centre[:, None] + offsets[None, :]
    valid = (cols >= 0) & (cols < m)
    sims = np.zeros(cols.shape, dtype=np.float32)
    if is_sparse(zh):
        for k in range(cols.shape[1]):  # one diagonal at a time: sparse rows are gathered cheaply
            sims[:, k] = row_dots(zn, en_n[np.clip(cols[:, k], 0, m - 1)])
    else:
        # a few rows at a time against the run of English sentences their diagonals touch: every pair's
        # cosine is summed as for the diagonals alone, without copying each row's 21 vectors first
        for a in range(0, n, DIAGONAL_ROWS):
            rows = slice(a, min(n, a + DIAGONAL_ROWS))
            near = np.clip(cols[rows], 0, m - 1)
            first, last = int(near.min()), int(near.max())
            sims[rows] = np.take_along_axis(np.einsum("id,kd->ik", zn[rows], en_n[first : last + 1]),
                                            near - first, axis=1)
    sims = np.clip(sims, 0.0, 1.0)
    base = median(sims[valid])
    best = median(np.where(valid, sims, -1.0).max(axis=1))
    return base, max(best - base, 0.05)


def median(values: np.ndarray) -> float:
    """``float(np.median(values))`` of a non-empty 1-D array, to the bit (the same partition and mean),
    without the NaN check by which ``np.median`` imports ``numpy.ma`` (0.05 s of a cold process)."""
    half = values.size // 2
    middle = [half - 1, half] if values.size % 2 == 0 else [half]
    part = np.partition(values, [*middle, -1])   # -1: a NaN, sorted last, is seen there
    if np.isnan(part[-1]):
        return float("nan")
    return float(np.mean(part[middle[0] : half + 1]))


def _unit_rows(values):
    """Rows scaled to unit length (all-zero rows stay zero)."""
    if is_sparse(values):
        import scipy.sparse as sp

        norms = np.sqrt(row_dots(values, values))
        return sp.csr_array(sp.diags_array(1.0 / np.maximum(norms, 1e-9)) @ values)
    return values / np.maximum(np.linalg.norm(values, axis=1, keepdims=True), 1e-9)


def _span_sums(values: np.ndarray, spans: np.ndarray) -> np.ndarray:
    """Sum of rows ``start .. stop - 1`` for each span, added in order (memory: one row per span).

    A span shorter than ``k + 1`` rows adds zeros as its ``k``-th row: adding zeros to every span costs
    less than picking out the long ones (a short document's few dozen spans paid more for the picking
    than for the sums), and changes no sum (``x + 0.0`` is ``x``; a sum that starts at ``0.0`` is never
    ``-0.0``)."""
    lengths = spans[:, 1] - spans[:, 0]
    out = np.zeros((len(spans), values.shape[1]), dtype=np.float64)
    for k in range(int(lengths.max(initial=0))):
        longer = lengths > k
        out += np.where(longer[:, None], values[np.where(longer, spans[:, 0] + k, 0)], 0.0)
    return out


def _cosine_of_sums(a, b, neutral: float) -> np.ndarray:
    return _cosine(row_dots(a, b), row_dots(a, a), row_dots(b, b), neutral)


def _cosine(dot: np.ndarray, na: np.ndarray, nb: np.ndarray, neutral: float) -> np.ndarray:
    denom = np.sqrt(na * nb)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(denom > 0, dot / np.where(denom > 0, denom, 1.0), 0.0)
    out = np.where((na <= 0) & (nb <= 0), neutral, out)
    return np.clip(out, 0.0, 1.0)


class _BandValues(ShapeBand):
    """A vector signal's bead values for every node of a band."""

    def __init__(self, signal: VectorSignal, cells: Cells, max_x: int, max_y: int):
        self.signal = signal
        self.cells = cells
        self.pairs = PairBand(signal.zh, signal.en, cells, max_x, max_y)
        near = signal.near or (None, None)
        self.zh_norms = span_norms(signal.zh, max_x, near[0])
        self.en_norms = span_norms(signal.en, max_y, near[1])
        self._running: tuple[np.ndarray, int, np.ndarray] = (np.zeros(0, dtype=np.int64), 0, np.zeros(0))

    def values(self, x: int | np.ndarray, y: int | np.ndarray, dots: np.ndarray) -> np.ndarray:
        """Values of the ``x``-``y`` beads ending at each node, given their summed products (``x`` and
        ``y`` scalars, or columns with one row of ``dots`` per shape)."""
        c = self.cells
        return _cosine(dots, self.zh_norms[x, c.I], self.en_norms[y, c.J], self.signal.neutral)

    def payload(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        """Summed products ``zh[a] · en[b]`` over each ``xs[k]``-``ys[k]`` bead ending at each node:
        one row per shape, the rows of a bead added in order from its last.

        The running sums of the last call are kept, so that the next call for the same heights and
        wider beads (a long band's shapes come one per call, in ``(y, x)`` order) goes on from them."""
        c = self.cells
        heights = np.sort(ys[:, 0])   # np.unique's, without its import of numpy.ma
        heights = heights[np.concatenate([[True], heights[1:] != heights[:-1]])]
        at = np.searchsorted(heights, ys[:, 0])
        kept_heights, summed, running = self._running
        if not (np.array_equal(kept_heights, heights) and summed < int(xs.min())):
            summed = 0  # beads of each height, ``summed`` rows so far
            running = np.zeros((len(heights), c.size), dtype=np.float64)
        top = int(xs.max())
        # the products of each further row (summed + 1 .. top rows back), all at once: a short document's
        # band takes a few NumPy calls for every width instead of a few per width
        rows = c.I - np.arange(summed + 1, top + 1)[:, None, None]
        added = np.where(rows >= 0, self.pairs.window(np.maximum(rows, 0), c.J, heights[:, None]), 0.0)
        # running sums over the widths, added in order onto the kept ones: sums[k] holds summed + k rows
        sums = np.cumsum(np.concatenate([running[None], added]), axis=0)
        self._running = (heights, top, sums[-1])
        return sums[xs[:, 0] - summed, at]
