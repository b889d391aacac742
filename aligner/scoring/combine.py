"""One bead scorer out of several signals: a weighted sum of their values, minus a bias.

A bead's *quality* ``q = Σ weight·value − bias·Σ weight`` is positive when the signals say
"translation" (the bias is a share of the weights of the signals in use, so turning one off keeps
the balance; the MT signal instead subtracts its own baseline). The
search maximises the sum over beads of ``q − merge·(x + y − 2)`` (``x``-``y`` beads),
with ``−skip`` for each 1-0 or 0-1 bead. Confidence is a logistic function of ``q`` and of how much
better the bead is than its neighbours (the same bead with one boundary moved by one sentence),
calibrated on the gold sets (beads exactly right vs not). It is capped by the bead's *relatedness*:
how far its translation evidence (embeddings, dictionary) lies above the level of unrelated sentence
pairs, so a pair with weak evidence is never trusted merely because no neighbouring bead competes
(at a document end or an anchor). A multi-sentence bead is also capped by its least covered edge
sentence (:meth:`BeadScorer.coverage_cap`), so a sentence with no counterpart that the search folded
into a neighbouring bead shows as a low-confidence row instead of hiding in a confident one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from aligner.scoring.base import Cells, VectorSignal
from aligner.scoring.length import LengthSignal
from aligner.scoring.quotes import QuoteSignal

Signal = VectorSignal | LengthSignal | QuoteSignal


@dataclass(frozen=True)
class Weights:
    """Weights of the signals and the search constants (tuned on mac-dev, shared by every set)."""

    embedding: float = 1.2
    dictionary: float = 1.05
    mt: float = 0.5
    mt_baseline: float = 0.2  # MT similarity below which a bead counts as unrelated
    numbers: float = 0.3
    length: float = 0.25
    quotes: float = 0.1
    bias: float = 0.125  # share of the total weight of the signals in use (MT aside)
    skip: float = 0.3
    merge: float = 0.0
    calibration: tuple[float, float, float] = (2.18, 7.53, 0.57)  # weights of q, of q − best neighbour, 1
    # Evidence levels of unrelated pairs: a little under the values that best separate gold beads from
    # shifted ones on the gold sets, since unrelated pairs are rare among aligned beads.
    embedding_unrelated: float = 0.26
    dictionary_unrelated: float = 0.10
    relatedness_slope: float = 20.0
    # A multi-sentence bead whose edge sentence relates to the other side less than this share of the
    # document's typical 1-1 evidence has probably swallowed an unmatched sentence (confidence capped).
    coverage_floor: float = 0.25
    coverage_slope: float = 15.0

    def of(self, name: str) -> float:
        """Weight of the signal called ``name``."""
        return float(getattr(self, name))


class BeadScorer:
    """Scores beads of any shape from a fixed set of signals."""

    def __init__(self, signals: Sequence[Signal], weights: Weights):
        self.signals = list(signals)
        self.weights = weights
        self.n = int(signals[0].zh.shape[0])
        self.m = int(signals[0].en.shape[0])

    def coarsen(self) -> BeadScorer:
        """The scorer over pairs of neighbouring sentences (for the coarse search levels)."""
        return BeadScorer([s.coarsen() for s in self.signals], self.weights)

    def band_scores(self, cells: Cells, shapes: list[tuple[int, int]]) -> np.ndarray:
        """``(len(shapes), cells.size)`` search scores of the beads ending at each node.

        ``shapes[0]`` must be ``(1, 0)``; the others have both sides non-empty and come sorted by
        ``(y, x)``. Beads that would start before the first sentence score ``-inf``.
        """
        w = self.weights
        out = np.empty((len(shapes), cells.size), dtype=np.float32)
        out[0] = -w.skip
        pairs = shapes[1:]
        max_x = max(x for x, _ in pairs)
        max_y = max(y for _, y in pairs)
        bands = [s.prepare(cells, max_x, max_y) for s in self.signals]
        streams = [b.dots_by_shape(pairs) for b in bands]
        for k, items in enumerate(zip(*streams, strict=True), start=1):
            x, y = items[0][0], items[0][1]
            q = self.quality({band.signal.name: band.values(x, y, dots)
                              for band, (_, _, dots) in zip(bands, items, strict=True)})
            total = q - w.merge * (x + y - 2)
            total[(x > cells.I) | (y > cells.J)] = -np.inf
            out[k] = total
        out[0][cells.I < 1] = -np.inf
        return out

    def bead_parts(self, zh_spans: np.ndarray, en_spans: np.ndarray) -> dict[str, np.ndarray]:
        """Each signal's value for whole beads given as ``(start, stop)`` spans on each side."""
        chunk = 4096  # bounds memory: a chunk's summed rows are materialised per signal
        return {s.name: np.concatenate([s.bead_values(zh_spans[k : k + chunk], en_spans[k : k + chunk])
                                        for k in range(0, len(zh_spans), chunk)] or [np.zeros(0)])
                for s in self.signals}

    def quality(self, parts: Mapping[str, np.ndarray]) -> np.ndarray:
        """Bead quality ``q`` from the signal values of :meth:`bead_parts`."""
        w = self.weights
        q = sum((w.of(name) * v for name, v in parts.items()), start=np.array(0.0))
        q = q - w.bias * sum(w.of(name) for name in parts if name != "mt")
        return q - w.mt * w.mt_baseline if "mt" in parts else q

    def confidence(self, q: np.ndarray, lead: np.ndarray, parts: Mapping[str, np.ndarray]) -> np.ndarray:
        """Probability-like confidence in [0, 1] of beads of quality ``q`` that beat their best
        neighbouring bead by ``lead``, capped by :meth:`relatedness` of their signal ``parts``."""
        a, b, c = self.weights.calibration
        return np.minimum(1.0 / (1.0 + np.exp(-(a * q + b * lead + c))), self.relatedness(parts))

    def evidence(self, parts: Mapping[str, np.ndarray]) -> np.ndarray | None:
        """Translation evidence of beads: the weighted mean of their embedding and dictionary values
        (None when neither signal is in use)."""
        w = self.weights
        names = [name for name in ("embedding", "dictionary") if name in parts]
        if not names:
            return None
        return sum(w.of(name) * parts[name] for name in names) / sum(w.of(name) for name in names)

    def relatedness(self, parts: Mapping[str, np.ndarray]) -> np.ndarray:
        """Probability-like belief that beads are translations at all: a logistic function of their
        :meth:`evidence`, centred on the evidence unrelated sentences reach (1 without evidence)."""
        w = self.weights
        evidence = self.evidence(parts)
        if evidence is None:
            return np.ones_like(next(iter(parts.values()), np.ones(0)))
        names = [name for name in ("embedding", "dictionary") if name in parts]
        centre = sum(w.of(name) * w.of(f"{name}_unrelated") for name in names) / sum(w.of(n) for n in names)
        return 1.0 / (1.0 + np.exp(-w.relatedness_slope * (evidence - centre)))

    def coverage_cap(self, coverage: np.ndarray) -> np.ndarray:
        """Upper bound on the confidence of multi-sentence beads whose least covered edge sentence relates
        to the other side with ``coverage`` times the evidence of the document's typical 1-1 bead."""
        w = self.weights
        return 1.0 / (1.0 + np.exp(-w.coverage_slope * (coverage - w.coverage_floor)))

    def skip_confidence(self, best_q: float) -> float:
        """Confidence that an unmatched sentence has no counterpart, from its best match's quality."""
        a, _, c = self.weights.calibration
        return 1.0 - 1.0 / (1.0 + math.exp(-(a * best_q + c)))
