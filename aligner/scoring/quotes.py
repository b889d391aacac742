"""Quotation signal: does a bead end inside a quotation on both sides, or on neither?

In fiction and reported speech a turn of dialogue ends with a closing quote in both languages, so a
bead whose Chinese side ends with ” (or 」『』) while its English side does not (or the other way
round) has probably cut a turn in two. The value of a bead is 1 when both sides' last sentences agree
and 0 when they do not; it depends only on where the bead ends.

The signal is used only when both texts close quotations at sentence ends at comparable rates: some
translations move quotation marks inside the sentence (“……”。) or drop them, and then the cue
says nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from aligner.scoring.base import Cells, ShapeBand

ZH_CLOSING = frozenset("”」』’\"")
EN_CLOSING = frozenset("'\"’”")
MIN_RATE = 0.02  # share of sentences ending a quotation below which a text is not dialogue
MIN_RATE_RATIO = 0.5  # the rarer side must close quotations at least this often relative to the other


def ends_quotation(sentence: str, closing: frozenset[str]) -> bool:
    """Whether ``sentence``'s last visible character is one of the ``closing`` quotation marks."""
    stripped = sentence.rstrip()
    return bool(stripped) and stripped[-1] in closing


def _last_of_pairs(flags: np.ndarray) -> np.ndarray:
    """The flag of the last sentence of each neighbouring pair (an odd last sentence stays alone)."""
    n = len(flags)
    out = flags[1 : n - n % 2 : 2]
    return np.concatenate([out, flags[n - 1 :]]) if n % 2 else out


@dataclass(frozen=True)
class QuoteSignal:
    """Per sentence, 1.0 where it ends a quotation (Chinese side ``zh``, English side ``en``)."""

    zh: np.ndarray
    en: np.ndarray
    name: str = "quotes"
    offset: float = 1.0  # agreeing ends are the norm: only a disagreement counts
    scale: float = 1.0

    def coarsen(self) -> QuoteSignal:
        """The signal over pairs of neighbouring sentences (a pair ends where its second sentence does)."""
        return replace(self, zh=_last_of_pairs(self.zh), en=_last_of_pairs(self.en))

    def window(self, i0: int, i1: int, j0: int, j1: int) -> QuoteSignal:
        """The signal over Chinese sentences ``i0:i1`` and English sentences ``j0:j1``."""
        return replace(self, zh=self.zh[i0:i1], en=self.en[j0:j1])

    def score(self, zh_last: np.ndarray, en_last: np.ndarray) -> np.ndarray:
        """1.0 where the sentences ``zh_last`` and ``en_last`` agree on ending a quotation, else 0.0."""
        return (self.zh[zh_last] == self.en[en_last]).astype(np.float64)

    def prepare(self, cells: Cells, max_x: int, max_y: int) -> _QuoteBand:
        """Per-node helper for the band search."""
        return _QuoteBand(self, cells)

    def bead_values(self, zh_spans: np.ndarray, en_spans: np.ndarray) -> np.ndarray:
        """Values of whole beads; spans are ``(start, stop)`` rows (one per bead)."""
        return self.score(zh_spans[:, 1] - 1, en_spans[:, 1] - 1)


class _QuoteBand(ShapeBand):
    def __init__(self, signal: QuoteSignal, cells: Cells):
        self.signal = signal
        self.value = signal.score(np.maximum(cells.I - 1, 0), np.maximum(cells.J - 1, 0))

    def values(self, x: int | np.ndarray, y: int | np.ndarray, _dots: None) -> np.ndarray:
        """Values of the ``x``-``y`` beads ending at each node (the same for every shape)."""
        return self.value


def quote_signal(zh: Sequence[str], en: Sequence[str]) -> QuoteSignal | None:
    """The quotation signal of a document pair, or None when the texts do not mark dialogue alike."""
    z = np.array([ends_quotation(s, ZH_CLOSING) for s in zh], dtype=bool)
    e = np.array([ends_quotation(s, EN_CLOSING) for s in en], dtype=bool)
    if not len(z) or not len(e):
        return None
    low, high = sorted((float(z.mean()), float(e.mean())))
    if high < MIN_RATE or low < MIN_RATE_RATIO * high:
        return None
    return QuoteSignal(z, e)
