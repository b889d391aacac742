"""Linear-time monotone search for the best beads (coarse to fine, after Thompson & Koehn 2019).

Small problems get a full dynamic programme. Larger ones are first solved on a coarser copy (every
two neighbouring sentences merged, recursively); the coarse path, projected back and widened by a
few sentences, bounds the band in which the finer level searches. Time and memory are therefore
proportional to the document length times the band width.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from aligner.scoring.base import Cells
from aligner.scoring.combine import BeadScorer

FULL_SEARCH_NODES = 160_000  # a full DP up to this many nodes (about 400 × 400 sentences)
BAND_MARGIN = 8  # sentences added on each side of the projected coarse path
ZERO_ONE = -1  # back-pointer of a 0-1 bead (an unmatched English sentence)
PRED_ROUND_NODES = 1 << 16  # band nodes times bead shapes whose predecessors one round of NumPy calls finds


@dataclass
class SearchStats:
    """What a search did: the number of band nodes it scored at each level (finest first)."""

    nodes: list[int]

    @property
    def total(self) -> int:
        """Nodes scored over all levels."""
        return sum(self.nodes)


def bead_shapes(max_bead: int) -> list[tuple[int, int]]:
    """``(1, 0)`` then every ``(x, y)`` with ``x, y >= 1`` and ``x + y <= max_bead``, sorted by ``(y, x)``."""
    pairs = [(x, y) for y in range(1, max_bead) for x in range(1, max_bead - y + 1)]
    return [(1, 0), *pairs]


def search(scorer: BeadScorer, max_bead: int, stats: SearchStats | None = None) -> list[tuple[int, int]]:
    """Best path as the list of nodes ``(i, j)`` from ``(0, 0)`` to ``(n, m)``."""
    stats = stats if stats is not None else SearchStats([])
    return _search(scorer, bead_shapes(max(2, max_bead)), stats)


def _search(scorer: BeadScorer, shapes: list[tuple[int, int]], stats: SearchStats) -> list[tuple[int, int]]:
    n, m = scorer.n, scorer.m
    if (n + 1) * (m + 1) <= FULL_SEARCH_NODES or n < 4 or m < 4:
        cells = Cells.from_bounds(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))
    else:
        coarse = _search(scorer.coarsen(), shapes, stats)
        cells = _band_around(coarse, n, m)
    stats.nodes.insert(0, cells.size)
    return best_path(scorer.band_scores(cells, shapes), cells, shapes, scorer.model.skip_en)


def _band_around(coarse: list[tuple[int, int]], n: int, m: int) -> Cells:
    """The fine band: each coarse bead's rectangle, scaled by two and widened by ``BAND_MARGIN``."""
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for (i0, j0), (i1, j1) in itertools.pairwise(coarse):
        r0, r1 = min(2 * i0, n), min(2 * i1, n)
        c0, c1 = min(2 * j0, m), min(2 * j1, m)
        lo[r0 : r1 + 1] = np.minimum(lo[r0 : r1 + 1], c0)
        hi[r0 : r1 + 1] = np.maximum(hi[r0 : r1 + 1], c1)
    lo_w, hi_w = lo.copy(), hi.copy()
    for d in range(1, BAND_MARGIN + 1):
        lo_w[:-d] = np.minimum(lo_w[:-d], lo[d:])
        lo_w[d:] = np.minimum(lo_w[d:], lo[:-d])
        hi_w[:-d] = np.maximum(hi_w[:-d], hi[d:])
        hi_w[d:] = np.maximum(hi_w[d:], hi[:-d])
    lo_w = np.clip(lo_w - BAND_MARGIN, 0, m)
    hi_w = np.clip(hi_w + BAND_MARGIN, 0, m)
    lo_w = np.minimum.accumulate(lo_w[::-1])[::-1]
    hi_w = np.maximum.accumulate(hi_w)
    lo_w[0], hi_w[-1] = 0, m
    return Cells.from_bounds(lo_w, np.maximum(hi_w, lo_w))


def best_path(scores: np.ndarray, cells: Cells, shapes: list[tuple[int, int]],
              skip_en: float) -> list[tuple[int, int]]:
    """Dynamic programme over the band's nodes, row by row (vectorised along each row).

    ``scores[k]`` holds the score of the bead of ``shapes[k]`` ending at each node; a 0-1 bead costs
    ``skip_en``. Returns the best path's nodes from ``(0, 0)`` to the last node.
    """
    size = cells.size
    dx = np.array([x for x, _ in shapes], dtype=np.int64)
    dy = np.array([y for _, y in shapes], dtype=np.int64)
    index_type = np.int32 if size < 2**31 - 1 else np.int64
    pred = np.full((len(shapes), size), size, dtype=index_type)  # ``size`` = the -inf sentinel
    step = max(1, PRED_ROUND_NODES // max(size, 1))  # shapes per round of NumPy calls
    for k in range(0, len(shapes), step):
        rows = cells.I[None, :] - dx[k : k + step, None]
        cols = cells.J[None, :] - dy[k : k + step, None]
        safe = np.maximum(rows, 0)
        ok = (rows >= 0) & (cols >= cells.lo[safe]) & (cols <= cells.hi[safe])
        pred[k : k + step][ok] = cells.node(safe[ok], cols[ok])
    best = np.full(size + 1, -np.inf)
    back = np.zeros(size, dtype=np.int8)
    lift = skip_en * cells.J   # a row's running maximum of best + lift lets 0-1 beads move along it
    off = cells.off.tolist()
    for i in range(len(cells.lo)):
        s, e = off[i], off[i + 1]
        if i == 0:
            cand = np.full(e - s, -np.inf)
            arg = np.zeros(e - s, dtype=np.int8)
            if cells.lo[0] == 0:
                cand[0] = 0.0
        else:
            options = best[pred[:, s:e]] + scores[:, s:e]
            arg = options.argmax(axis=0).astype(np.int8)
            cand = options.max(axis=0)   # the value at ``arg``, without take_along_axis's Python overhead
        lifted = cand + lift[s:e]
        running = np.maximum.accumulate(lifted)
        best[s:e] = running - lift[s:e]
        arg[running > lifted] = ZERO_ONE
        back[s:e] = arg
    path = [(len(cells.lo) - 1, int(cells.hi[-1]))]
    node = size - 1
    while node > 0:
        k = int(back[node])
        i, j = path[-1]
        if k == ZERO_ONE:
            node -= 1
            path.append((i, j - 1))
        else:
            node = int(pred[k, node])
            path.append((i - int(dx[k]), j - int(dy[k])))
        if node >= size:
            raise RuntimeError("search band lost the path")
    return path[::-1]
