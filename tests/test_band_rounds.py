"""Band scores and search predecessors do not depend on how many bead shapes one round of NumPy calls
takes (a short document takes them all at once, a long one one at a time)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from aligner.scoring import combine, sparse
from aligner.scoring.base import Cells
from aligner.scoring.combine import BeadScorer
from aligner.scoring.model import Model
from aligner.scoring.registry import FAST, Inputs, build_signals
from aligner.search import bead_shapes, best_path
from tests.align_sample import EN, ZH

# A split sentence, a merged pair and a dropped sentence, so that the path holds several bead shapes.
ZH_DOC = [*ZH[:3], ZH[3] + ZH[4], *ZH[5:9], *ZH[10:]]
EN_DOC = [*EN[:2], *EN[2].split(" in ", 1), *EN[3:]]


def _scorer(monkeypatch, hashed_sparse: bool) -> BeadScorer:
    if hashed_sparse:
        monkeypatch.setattr(sparse, "SPARSE_FROM", 0)
    signals = build_signals(Inputs(ZH_DOC, EN_DOC), sorted(FAST), own_scale=True)
    assert sparse.is_sparse(next(s for s in signals if s.name == "dictionary").zh) == hashed_sparse
    return BeadScorer(signals, Model.fast())


def _full_band(scorer: BeadScorer) -> Cells:
    n, m = scorer.n, scorer.m
    return Cells.from_bounds(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))


@pytest.mark.parametrize("hashed_sparse", [False, True], ids=["dense", "sparse"])
@pytest.mark.parametrize("shapes_per_round", [1, 3])
def test_band_scores_do_not_depend_on_shapes_per_round(monkeypatch, hashed_sparse, shapes_per_round):
    scorer = _scorer(monkeypatch, hashed_sparse)
    cells, shapes = _full_band(scorer), bead_shapes(8)
    all_at_once = scorer.band_scores(cells, shapes)
    monkeypatch.setattr(combine, "SHAPE_ROUND_NODES", shapes_per_round * cells.size)
    fewer = scorer.band_scores(cells, shapes)
    assert np.isfinite(all_at_once).sum() > cells.size  # real scores, not only the -inf of impossible beads
    assert np.array_equal(all_at_once, fewer)


def test_band_scores_of_sparse_and_dense_features_agree(monkeypatch):
    dense = _scorer(monkeypatch, hashed_sparse=False)
    hashed = _scorer(monkeypatch, hashed_sparse=True)
    cells, shapes = _full_band(dense), bead_shapes(8)
    np.testing.assert_allclose(hashed.band_scores(cells, shapes), dense.band_scores(cells, shapes),
                               rtol=1e-5, atol=1e-5)


def test_search_predecessors_do_not_depend_on_shapes_per_round(monkeypatch):
    from aligner import search

    scorer = _scorer(monkeypatch, hashed_sparse=False)
    cells, shapes = _full_band(scorer), bead_shapes(8)
    scores = scorer.band_scores(cells, shapes)
    path = best_path(scores, cells, shapes, scorer.model.skip_en)
    monkeypatch.setattr(search, "PRED_ROUND_NODES", 1)
    assert best_path(scores, cells, shapes, scorer.model.skip_en) == path
    steps = {(i1 - i0, j1 - j0) for (i0, j0), (i1, j1) in itertools.pairwise(path)}
    assert steps - {(1, 1)}  # the document's split and merge give other shapes


_HALVES = """
import numpy as np
from aligner.scoring import combine
from tests.test_band_rounds import _full_band, _one_shape_per_round_scorer
from aligner.search import bead_shapes

here = os.getpid()
score_round = combine.BeadScorer._score_round

def noted(self, *args):
    result = score_round(self, *args)
    if os.getpid() != here:   # the child reports itself through the rows it sends back
        result = result.copy()
        result.flat[0] = -os.getpid()
    return result

combine.BeadScorer._score_round = noted
scorer = _one_shape_per_round_scorer()
cells, shapes = _full_band(scorer), bead_shapes(8)
runs = []
for threshold in (10**15, 0):   # one process; then every band counts as long
    combine.PARALLEL_BAND_NODES = threshold
    runs.append(scorer.band_scores(cells, shapes))
alone, shared = runs
child_rows = [k for k in range(1, len(shapes))
              if shared[k].flat[0] < 0 and shared[k].flat[0] != alone[k].flat[0]]
for k in child_rows:
    shared[k].flat[0] = alone[k].flat[0]
print(json.dumps([len(child_rows), len(shapes) - 1, bool(np.array_equal(alone, shared)),
                  int(np.isfinite(alone).sum()), cells.size]))
"""


def _one_shape_per_round_scorer() -> BeadScorer:
    """The scorer of the test document, its band scored one shape per round as a long one's is."""
    combine.SHAPE_ROUND_NODES = 1
    return BeadScorer(build_signals(Inputs(ZH_DOC, EN_DOC), sorted(FAST), own_scale=True), Model.fast())


def test_band_shapes_scored_in_a_forked_process_give_the_scores_of_one_process():
    """A long band's later shapes are scored in a forked child meanwhile (run in a fresh, single-threaded
    interpreter, as forking needs): every score must be the one a single process gives."""
    from tests.test_workers import isolated

    child_rows, pair_shapes, equal, finite, nodes = isolated(_HALVES)
    assert 0 < child_rows < pair_shapes   # the child scored some shapes, this process the others
    assert finite > nodes and equal
