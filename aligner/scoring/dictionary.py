"""Dictionary signal: how many words of a bead are translations of each other (CC-CEDICT via
``aligner.lexicon``).

The Chinese side becomes a bag of the English gloss stems of its words (each word spreads one unit
over its glosses), the English side a bag of its content-word stems; both are hashed into a fixed
number of buckets and the bead value is the cosine of the summed bags.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from aligner.scoring.base import VectorSignal, hash_features
from aligner.scoring.sparse import use_sparse

DIM = 1024
# Chinese function words whose glosses would only add noise.
_ZH_SKIP_TEXT = "的 了 在 是 和 也 就 都 而 及 与 着 把 被 这 那 之 其 个 吗 呢 吧 啊 所 以 于 为 对"
_ZH_SKIP = frozenset(_ZH_SKIP_TEXT.split())


def zh_features(sentence: str) -> list[tuple[str, float]]:
    """Weighted English gloss stems of the words of a Chinese sentence."""
    from aligner.lexicon import segment_words

    return [feat for word in segment_words(sentence) for feat in _word_features(word)]


@lru_cache(maxsize=200_000)
def _word_features(word: str) -> tuple[tuple[str, float], ...]:
    """A Chinese word's weighted gloss stems (a word not in the dictionary: its characters' glosses);
    nothing for function words. Kept per word: a book repeats its words thousands of times."""
    from aligner.lexicon import gloss_stems

    if word in _ZH_SKIP:
        return ()
    stems = gloss_stems(word)
    if not stems and len(word) > 1:
        stems = frozenset().union(*(gloss_stems(ch) for ch in word if ch not in _ZH_SKIP))
    weight = 1.0 / math.sqrt(len(stems)) if stems else 0.0
    return tuple((s, weight) for s in stems)


def en_features(sentence: str) -> list[tuple[str, float]]:
    """English content-word stems of a sentence."""
    from aligner.lexicon import english_stems

    return [(s, 1.0) for s in english_stems(sentence)]


def dictionary_signal(zh: Sequence[str], en: Sequence[str]) -> VectorSignal:
    """The dictionary signal of a document pair."""
    sparse = use_sparse(len(zh), len(en))
    return VectorSignal(
        "dictionary",
        hash_features((zh_features(s) for s in zh), DIM, sparse=sparse),
        hash_features((en_features(s) for s in en), DIM, sparse=sparse),
    )
