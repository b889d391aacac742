"""The fitted constants of the bead scorer, kept as data in ``model.json`` beside this module.

``bench/tune.py`` refits them on the gold sets and rewrites the file; nothing here is tuned by hand.
The file holds two models: ``default`` (every signal) and ``fast`` (no embeddings), each fitted with
the signals it uses, since the shape biases and skip costs balance the weights in use.
A bead of ``x`` Chinese and ``y`` English sentences scores

    q = Σ_signal (weight + size_weight · (x + y − 2)) · (value − offset) / scale + shape_bias[x-y]

(``offset`` and ``scale`` belong to each signal and document, see ``aligner.scoring.base``), a 1-0 bead
``−skip_zh`` and a 0-1 bead ``−skip_en``; the search maximises the sum over the beads of a path.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

MODEL_FILE = Path(__file__).with_name("model.json")
#: Bead shapes with a bias of their own; every other shape shares ``other``.
SHAPES = ("1-1", "1-2", "2-1", "1-3", "3-1", "2-2", "2-3", "3-2", "1-4", "4-1", "3-3")
#: The parametric form of the shape biases: 1-1, a bead of three sentences, each further sentence, and
#: a bead with more than one sentence on both sides (a crossing).
PARAMETRIC = ("1-1", "three", "per_sentence", "crossing")


@dataclass(frozen=True)
class Model:
    """Weights, shape biases, skip costs and the confidence calibration of the bead scorer."""

    weights: dict[str, float]
    size_weights: dict[str, float]
    shape_bias: dict[str, float]
    skip_zh: float
    skip_en: float
    calibration: tuple[float, float, float]  # weights of q, of q − best neighbouring bead, constant
    # Evidence levels of unrelated pairs (raw embedding and dictionary values) and the slope of the
    # belief that a bead's sides are translations at all: caps the confidence of weak evidence.
    embedding_unrelated: float = 0.26
    dictionary_unrelated: float = 0.10
    relatedness_slope: float = 20.0
    # A multi-sentence bead whose edge sentence relates to the other side less than this share of the
    # document's typical 1-1 evidence has probably swallowed an unmatched sentence (confidence capped).
    coverage_floor: float = 0.25
    coverage_slope: float = 15.0
    # Second pass: beads of more than one sentence a side, or less confident than this, are re-aligned
    # (with one bead of context on each side) scoring multi-sentence beads by the embeddings of their
    # joined texts, up to ``joined_max`` sentences a side.
    window_confidence: float = 0.9
    joined_max: int = 4
    # Evidence signals measured on each document's own scale (aligner.scoring.base.document_scale).
    own_scale: bool = False
    fitted: str = ""  # what the constants were fitted on (written by bench/tune.py)
    extra: dict[str, Any] = field(default_factory=dict)  # tuning record: objective, leave-one-out table

    def weight(self, name: str) -> float:
        """Weight of the signal ``name`` (0 for a signal the model does not know)."""
        return float(self.weights.get(name, 0.0))

    def size_weight(self, name: str) -> float:
        """Extra weight of the signal ``name`` per sentence beyond a 1-1 bead."""
        return float(self.size_weights.get(name, 0.0))

    def bias(self, x: int, y: int) -> float:
        """Shape bias of an ``x``-``y`` bead (both sides non-empty): from the table of shapes, or from
        the parametric form when the model has one (:data:`PARAMETRIC`)."""
        bias = self.shape_bias
        if "per_sentence" in bias:
            if (x, y) == (1, 1):
                return float(bias["1-1"])
            return float(bias["three"] + bias["per_sentence"] * (x + y - 3)
                         + (bias["crossing"] if x > 1 and y > 1 else 0.0))
        key = f"{x}-{y}"
        return float(bias.get(key if key in SHAPES else "other", bias["other"]))

    @cached_property
    def bias_table(self) -> np.ndarray:
        """:meth:`bias` of every ``x``-``y`` bead up to 16 a side (0 where a side is empty), made once per
        model: every document's scorer reads it."""
        import numpy as np

        return np.array([[self.bias(x, y) if x and y else 0.0 for y in range(17)] for x in range(17)])

    def with_changes(self, **changes: Any) -> Model:
        """A copy with some fields replaced (weights merged by name)."""
        for key in ("weights", "size_weights", "shape_bias"):
            if key in changes:
                changes[key] = {**getattr(self, key), **changes[key]}
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """The model as plain data (one entry of ``model.json``)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Model:
        """A model from the data written by :meth:`as_dict`."""
        return cls(**{**data, "calibration": tuple(data["calibration"])})

    @classmethod
    def default(cls) -> Model:
        """The shipped model for the full scorer."""
        return _shipped()["default"]

    @classmethod
    def fast(cls) -> Model:
        """The shipped model for the fast scorer (no embeddings)."""
        return _shipped()["fast"]


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Model]:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    return {name: Model.from_dict(entry) for name, entry in data.items()}


def models_json(models: dict[str, Model]) -> str:
    """``models`` (``default`` and ``fast``) as the text of ``model.json`` (``python -m bench.tune`` writes
    it through ``corpora.fileio``: this package writes no file)."""
    return json.dumps({name: m.as_dict() for name, m in models.items()}, indent=2, ensure_ascii=False) + "\n"
