"""Every alignment signal, as one table: its name, whether it is translation evidence, whether the fast
scorer uses it, and how it is built for a document.

A signal turns the sentences of a document into per-sentence features whose sums give any bead's value
(``aligner.scoring.base``). Its weight lives in the fitted model (``aligner.scoring.model``) under the
same name. Adding a signal is one module under ``aligner/scoring/`` and one row here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from aligner.embedders import Embedder
    from aligner.scoring.base import Cells


class Band(Protocol):
    """A signal's values for every node of a search band, for several bead shapes at a time
    (``aligner.scoring.base.ShapeBand``)."""

    signal: Signal
    many_shapes: bool  # whether ``values`` takes several shapes in one call

    def payload(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray | None:
        """What ``values`` needs for the shapes ``(xs[k], ys[k])``, given as columns."""
        ...

    def values(self, x: int | np.ndarray, y: int | np.ndarray, payload) -> np.ndarray:
        """Values of the ``x``-``y`` beads ending at each node (one row per shape for columns)."""
        ...

    def dots_by_shape(self, shapes: list[tuple[int, int]]):
        """Yield ``(x, y, payload)`` for each shape, one at a time, in the shared ``(y, x)`` order."""
        ...


class Signal(Protocol):
    """What the scorer needs of a signal (see the implementations in this package)."""

    name: str
    zh: np.ndarray  # per-sentence features, one row per Chinese sentence
    en: np.ndarray
    offset: float   # the value at which the signal says nothing either way
    scale: float    # the spread of its values in this document

    def coarsen(self) -> Signal:
        """The signal over pairs of neighbouring sentences."""
        ...

    def window(self, i0: int, i1: int, j0: int, j1: int) -> Signal:
        """The signal over Chinese sentences ``i0:i1`` and English sentences ``j0:j1``."""
        ...

    def prepare(self, cells: Cells, max_x: int, max_y: int) -> Band:
        """Per-node values for the band search."""
        ...

    def bead_values(self, zh_spans: np.ndarray, en_spans: np.ndarray) -> np.ndarray:
        """Values of whole beads given as ``(start, stop)`` spans."""
        ...


@dataclass(frozen=True)
class Inputs:
    """What a signal may be built from: the sentences, the MT of the Chinese ones, the embedder."""

    zh: list[str]
    en: list[str]
    mt: list[str] | None = None
    embedder: Embedder | None = None


@dataclass(frozen=True)
class SignalSpec:
    """One row of :data:`SIGNALS`."""

    name: str
    evidence: bool  # says whether the two sides are translations (others check consistency only)
    fast: bool      # part of the fast scorer (``--fast``), which encodes nothing
    build: Callable[[Inputs], Signal | None]  # None: the signal has nothing to say about this document
    about: str


def _length(inputs: Inputs) -> Signal:
    from aligner.scoring.length import LengthSignal, char_lengths

    return LengthSignal(char_lengths(inputs.zh), char_lengths(inputs.en))


def _embedding(inputs: Inputs) -> Signal | None:
    from aligner.scoring.embeddings import embedding_signal

    return None if inputs.embedder is None else embedding_signal(inputs.zh, inputs.en, inputs.embedder)


def _dictionary(inputs: Inputs) -> Signal:
    from aligner.scoring.dictionary import dictionary_signal

    return dictionary_signal(inputs.zh, inputs.en)


def _numbers(inputs: Inputs) -> Signal:
    from aligner.scoring.numbers import numbers_signal

    return numbers_signal(inputs.zh, inputs.en)


def _quotes(inputs: Inputs) -> Signal | None:
    from aligner.scoring.quotes import quote_signal

    return quote_signal(inputs.zh, inputs.en)


def _mt(inputs: Inputs) -> Signal | None:
    from aligner.scoring.mtsim import mt_signal

    return None if inputs.mt is None else mt_signal(inputs.mt, inputs.en)


SIGNALS: tuple[SignalSpec, ...] = (
    SignalSpec("length", False, True, _length, "character-length ratio against the document's own"),
    SignalSpec("embedding", True, False, _embedding, "cosine of multilingual sentence embeddings"),
    SignalSpec("dictionary", True, True, _dictionary, "CC-CEDICT word translations on both sides"),
    SignalSpec("numbers", False, True, _numbers, "numbers and Latin-script names found on both sides"),
    SignalSpec("quotes", False, True, _quotes, "a bead ends inside a quotation on both sides or on neither"),
    SignalSpec("mt", True, True, _mt, "word overlap of the Chinese side's MT with the English side"),
)
NAMES: tuple[str, ...] = tuple(spec.name for spec in SIGNALS)
EVIDENCE: tuple[str, ...] = tuple(spec.name for spec in SIGNALS if spec.evidence)
FAST: frozenset[str] = frozenset(spec.name for spec in SIGNALS if spec.fast)


def build_signals(inputs: Inputs, names: Sequence[str], *, own_scale: bool = True) -> list[Signal]:
    """The signals called ``names`` that have something to say about this document, in table order.

    With ``own_scale``, evidence signals are put on the document's own scale
    (``aligner.scoring.base.document_scale``).
    """
    from dataclasses import replace

    from aligner.scoring.base import VectorSignal, document_scale

    unknown = set(names) - set(NAMES)
    if unknown:
        raise ValueError(f"unknown signal(s): {', '.join(sorted(unknown))}; known: {', '.join(NAMES)}")
    out = []
    for spec in SIGNALS:
        if spec.name not in names or (signal := spec.build(inputs)) is None:
            continue
        if own_scale and spec.evidence and isinstance(signal, VectorSignal):
            offset, scale = document_scale(signal.zh, signal.en)
            signal = replace(signal, offset=offset, scale=scale)
        out.append(signal)
    return out
