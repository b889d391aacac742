"""Length signal: do the Chinese and English sides of a bead have the lengths a translation would?

Lengths are counted in characters (whitespace excluded); the expected English/Chinese ratio is
estimated from the document pair itself, so no language-pair constant is tuned. A bead's value is
``exp(-d² / 2σ²)`` with ``d`` the log of its length ratio over the expected one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from aligner.scoring.base import Cells, ShapeBand, pair_sum

SMOOTHING = 4.0  # characters added to both sides, so very short sentences are not over-judged


def char_lengths(sentences: Sequence[str]) -> np.ndarray:
    """Non-whitespace character count of each sentence (``str.split`` cuts at exactly the characters
    ``str.isspace`` names, in C)."""
    return np.array([sum(map(len, s.split())) for s in sentences], dtype=np.float64)


@dataclass(frozen=True)
class LengthSignal:
    """Character lengths of both sides and the spread ``sigma`` of the log length ratio.

    ``ratio`` is English characters per Chinese character over the whole document pair (computed from
    ``zh`` and ``en`` when not given, and kept by :meth:`coarsen` and :meth:`window`). The value is 1
    for the expected lengths, so the scorer weighs only the shortfall (``offset`` 1).
    """

    zh: np.ndarray
    en: np.ndarray
    sigma: float = 0.35
    name: str = "length"
    ratio: float = field(default=0.0)
    offset: float = 1.0
    scale: float = 1.0

    def __post_init__(self) -> None:
        if not self.ratio:
            object.__setattr__(self, "ratio", float((self.en.sum() + 1.0) / (self.zh.sum() + 1.0)))

    def coarsen(self) -> LengthSignal:
        """The signal over pairs of neighbouring sentences."""
        return replace(self, zh=pair_sum(self.zh), en=pair_sum(self.en))

    def window(self, i0: int, i1: int, j0: int, j1: int) -> LengthSignal:
        """The signal over Chinese sentences ``i0:i1`` and English sentences ``j0:j1`` (same ratio)."""
        return replace(self, zh=self.zh[i0:i1], en=self.en[j0:j1])

    def score(self, zh_len: np.ndarray, en_len: np.ndarray) -> np.ndarray:
        """Values in [0, 1] for beads with these side lengths."""
        d = np.log((en_len + SMOOTHING * self.ratio) / (zh_len * self.ratio + SMOOTHING * self.ratio))
        return np.exp(-(d * d) / (2 * self.sigma**2))

    def prepare(self, cells: Cells, max_x: int, max_y: int) -> _LengthBand:
        """Per-node helper for the band search."""
        return _LengthBand(self, cells)

    def bead_values(self, zh_spans: np.ndarray, en_spans: np.ndarray) -> np.ndarray:
        """Values of whole beads; spans are ``(start, stop)`` rows (one per bead)."""
        cz = np.concatenate([[0.0], np.cumsum(self.zh)])
        ce = np.concatenate([[0.0], np.cumsum(self.en)])
        return self.score(cz[zh_spans[:, 1]] - cz[zh_spans[:, 0]], ce[en_spans[:, 1]] - ce[en_spans[:, 0]])


class _LengthBand(ShapeBand):
    def __init__(self, signal: LengthSignal, cells: Cells):
        self.signal = signal
        self.cells = cells
        self.cz = np.concatenate([[0.0], np.cumsum(signal.zh)])
        self.ce = np.concatenate([[0.0], np.cumsum(signal.en)])

    def values(self, x: int | np.ndarray, y: int | np.ndarray, _dots: None) -> np.ndarray:
        """Values of the ``x``-``y`` beads ending at each node (scalars, or one row per shape given as
        columns)."""
        c = self.cells
        zl = self.cz[c.I] - self.cz[np.maximum(c.I - x, 0)]
        el = self.ce[c.J] - self.ce[np.maximum(c.J - y, 0)]
        return self.signal.score(zl, el)
