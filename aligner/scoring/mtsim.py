"""MT signal: character n-gram similarity (chrF-like) between the machine translation of the
Chinese sentences and the English candidates.

Both sides become hashed bags of lower-cased character 2–4-grams taken inside words plus whole
words; a bead's value is the cosine of the summed bags.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aligner.scoring.base import VectorSignal, hash_features

DIM = 2048
_WORD = re.compile(r"\w+")


def ngram_features(sentence: str) -> list[tuple[str, float]]:
    """Character 2–4-grams of each word (with boundary marks) and the words themselves."""
    feats: list[tuple[str, float]] = []
    for word in _WORD.findall(sentence.lower()):
        feats.append(("w:" + word, 1.0))
        padded = f" {word} "
        for n in (2, 3, 4):
            feats.extend((padded[k : k + n], 0.5) for k in range(len(padded) - n + 1))
    return feats


def mt_signal(mt: Sequence[str], en: Sequence[str]) -> VectorSignal:
    """The MT signal of a document pair: ``mt`` are the translations of the Chinese sentences."""
    return VectorSignal(
        "mt",
        hash_features((ngram_features(s) for s in mt), DIM),
        hash_features((ngram_features(s) for s in en), DIM),
    )
