"""One bead scorer out of several signals and the fitted :class:`~aligner.scoring.model.Model`.

A bead's quality ``q`` is the weighted sum of its signals' values, each measured from the level at
which the signal says nothing (``offset``) in units of its spread in this document (``scale``), with
an extra weight per sentence beyond a 1-1 bead and a bias per bead shape (``aligner.scoring.model``).
The search maximises the sum of ``q`` over the beads of a path, a 1-0 bead costing ``skip_zh`` and a
0-1 bead ``skip_en``.

Confidence is a logistic function of ``q`` and of how much better the bead is than its neighbours
(the same bead with one boundary moved by one sentence), calibrated on the gold sets (beads exactly
right vs not). It is capped by the bead's *relatedness*: how far its translation evidence
(embeddings, dictionary) lies above the level of unrelated sentence pairs, so a pair with weak
evidence is never trusted merely because no neighbouring bead competes (at a document end or an
anchor). A multi-sentence bead is also capped by its least covered edge sentence
(:meth:`BeadScorer.coverage_cap`), so a sentence with no counterpart that the search folded into a
neighbouring bead shows as a low-confidence row instead of hiding in a confident one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import partial

import numpy as np

from aligner.scoring.base import Cells, VectorSignal
from aligner.scoring.model import Model
from aligner.scoring.registry import EVIDENCE, Signal
from aligner.workers import map_in_halves

#: Band nodes times bead shapes that :meth:`BeadScorer.band_scores` scores in one round of NumPy calls
#: (a short document's band takes every shape in one round).
SHAPE_ROUND_NODES = 1 << 16
#: Band nodes times bead shapes from which a band's later shapes are scored in a forked second process
#: (forking a process of a long document and sending the scores back cost tens of milliseconds).
PARALLEL_BAND_NODES = 1_000_000


class BeadScorer:
    """Scores beads of any shape from a fixed set of signals."""

    def __init__(self, signals: Sequence[Signal], model: Model):
        self.signals = list(signals)
        self.model = model
        self.n = int(signals[0].zh.shape[0])
        self.m = int(signals[0].en.shape[0])
        self._bias = model.bias_table

    def coarsen(self) -> BeadScorer:
        """The scorer over pairs of neighbouring sentences (for the coarse search levels)."""
        return BeadScorer([s.coarsen() for s in self.signals], self.model)

    def window(self, i0: int, i1: int, j0: int, j1: int, replace: Mapping[str, Signal] | None = None
               ) -> BeadScorer:
        """The scorer over Chinese sentences ``i0:i1`` and English sentences ``j0:j1``; signals named in
        ``replace`` are taken from there (already restricted to the window)."""
        replace = replace or {}
        return BeadScorer([replace.get(s.name) or s.window(i0, i1, j0, j1) for s in self.signals], self.model)

    def for_windows(self, max_bead: int) -> BeadScorer:
        """This scorer with what all its windows' searches (beads of up to ``max_bead`` sentences a side)
        share computed once for the document: the products of neighbouring sparse feature rows."""
        return BeadScorer([s.with_near(max_bead) if isinstance(s, VectorSignal) else s for s in self.signals],
                          self.model)

    def band_scores(self, cells: Cells, shapes: list[tuple[int, int]]) -> np.ndarray:
        """``(len(shapes), cells.size)`` search scores of the beads ending at each node.

        ``shapes[0]`` must be ``(1, 0)``; the others have both sides non-empty and come sorted by
        ``(y, x)``. Beads that would start before the first sentence score ``-inf``. A long document's
        band has the later half of its shapes scored in a forked second process meanwhile (each shape's
        scores are computed the same way in either process).
        """
        out = np.empty((len(shapes), cells.size), dtype=np.float32)
        out[0] = -self.model.skip_zh
        pairs = shapes[1:]
        max_x = max(x for x, _ in pairs)
        max_y = max(y for _, y in pairs)
        bands = [s.prepare(cells, max_x, max_y) for s in self.signals]
        # several shapes per round of NumPy calls, as many as keep a round's arrays small
        step = max(1, SHAPE_ROUND_NODES // cells.size) if all(b.many_shapes for b in bands) else 1
        rounds = [(1 + k, pairs[k : k + step]) for k in range(0, len(pairs), step)]
        scored = map_in_halves(partial(self._score_round, bands, cells, out), rounds,
                               [len(round_) * cells.size for _, round_ in rounds], PARALLEL_BAND_NODES)
        for (row, round_), values in zip(rounds, scored, strict=True):
            if values.base is not out:   # sent back by the second process (this one's rounds are in place)
                out[row : row + len(round_)] = values
        out[0][cells.I < 1] = -np.inf
        return out

    def _score_round(self, bands: list, cells: Cells, out: np.ndarray,
                     job: tuple[int, list[tuple[int, int]]]) -> np.ndarray:
        """Score one round of shapes into their rows of ``out``, starting at row ``job[0]``; returns
        those rows (a view here, a copy sent back from a second process)."""
        row, round_ = job
        xs = np.array([[x] for x, _ in round_])
        ys = np.array([[y] for _, y in round_])
        parts = {band.signal.name: band.values(xs, ys, band.payload(xs, ys)) for band in bands}
        total = self.quality(parts, xs, ys)
        total[(xs > cells.I) | (ys > cells.J)] = -np.inf
        out[row : row + len(round_)] = total
        return out[row : row + len(round_)]

    def bead_parts(self, zh_spans: np.ndarray, en_spans: np.ndarray) -> dict[str, np.ndarray]:
        """Each signal's value for whole beads given as ``(start, stop)`` spans on each side."""
        chunk = 4096  # bounds memory: a chunk's summed rows are materialised per signal
        return {s.name: np.concatenate([s.bead_values(zh_spans[k : k + chunk], en_spans[k : k + chunk])
                                        for k in range(0, len(zh_spans), chunk)] or [np.zeros(0)])
                for s in self.signals}

    def quality(self, parts: Mapping[str, np.ndarray], x: int | np.ndarray,
                y: int | np.ndarray) -> np.ndarray:
        """Bead quality ``q`` of ``x``-``y`` beads (scalars or one per bead) from their signal values."""
        model = self.model
        extra = np.asarray(x) + np.asarray(y) - 2
        q = self._bias[np.minimum(x, 16), np.minimum(y, 16)] + np.zeros(np.shape(next(iter(parts.values()))))
        for signal in self.signals:
            value = parts[signal.name]
            weight = model.weight(signal.name) + model.size_weight(signal.name) * extra
            q = q + weight * (value - signal.offset) / signal.scale
        return q

    def span_quality(self, zh_spans: np.ndarray, en_spans: np.ndarray,
                     parts: Mapping[str, np.ndarray] | None = None) -> np.ndarray:
        """Quality of whole beads given as spans (their signal values computed unless given)."""
        parts = parts if parts is not None else self.bead_parts(zh_spans, en_spans)
        return self.quality(parts, zh_spans[:, 1] - zh_spans[:, 0], en_spans[:, 1] - en_spans[:, 0])

    def confidence(self, q: np.ndarray, lead: np.ndarray, parts: Mapping[str, np.ndarray]) -> np.ndarray:
        """Probability-like confidence in [0, 1] of beads of quality ``q`` that beat their best
        neighbouring bead by ``lead``, capped by :meth:`relatedness` of their signal ``parts``."""
        a, b, c = self.model.calibration
        return np.minimum(1.0 / (1.0 + np.exp(-(a * q + b * lead + c))), self.relatedness(parts))

    def evidence(self, parts: Mapping[str, np.ndarray]) -> np.ndarray | None:
        """Translation evidence of beads: the weighted mean of their raw embedding and dictionary values
        (None when neither signal is in use)."""
        names = [name for name in EVIDENCE if name in parts and name != "mt"]
        if not names:
            return None
        weights = [self.model.weight(name) for name in names]
        return sum(w * parts[name] for w, name in zip(weights, names, strict=True)) / sum(weights)

    def relatedness(self, parts: Mapping[str, np.ndarray]) -> np.ndarray:
        """Probability-like belief that beads are translations at all: a logistic function of their
        :meth:`evidence`, centred on the evidence unrelated sentences reach (1 without evidence)."""
        model = self.model
        evidence = self.evidence(parts)
        if evidence is None:
            return np.ones_like(next(iter(parts.values()), np.ones(0)))
        names = [name for name in EVIDENCE if name in parts and name != "mt"]
        levels = {"embedding": model.embedding_unrelated, "dictionary": model.dictionary_unrelated}
        centre = sum(model.weight(n) * levels[n] for n in names) / sum(model.weight(n) for n in names)
        return 1.0 / (1.0 + np.exp(-model.relatedness_slope * (evidence - centre)))

    def coverage_cap(self, coverage: np.ndarray) -> np.ndarray:
        """Upper bound on the confidence of multi-sentence beads whose least covered edge sentence relates
        to the other side with ``coverage`` times the evidence of the document's typical 1-1 bead."""
        model = self.model
        return 1.0 / (1.0 + np.exp(-model.coverage_slope * (coverage - model.coverage_floor)))

    def skip_confidence(self, best_q: float) -> float:
        """Confidence that an unmatched sentence has no counterpart, from its best match's quality."""
        a, _, c = self.model.calibration
        return 1.0 - 1.0 / (1.0 + math.exp(-(a * best_q + c)))
