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

import numpy as np

from aligner.scoring.base import VectorSignal, bucket_matrix, feature_bucket, hash_features
from aligner.scoring.sparse import use_sparse
from aligner.workers import forked, meanwhile

DIM = 1024
# Chinese function words whose glosses would only add noise.
_ZH_SKIP_TEXT = "的 了 在 是 和 也 就 都 而 及 与 着 把 被 这 那 之 其 个 吗 呢 吧 啊 所 以 于 为 对"
_ZH_SKIP = frozenset(_ZH_SKIP_TEXT.split())


def zh_word_buckets(sentence: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """The weighted English gloss stems of each word of a Chinese sentence, hashed: the buckets and
    weights of each word (read-only arrays, kept per word)."""
    from aligner.lexicon import segment_words

    return [_word_buckets(word) for word in segment_words(sentence)]


@lru_cache(maxsize=200_000)
def _word_buckets(word: str) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_word_features` of a word hashed into :data:`DIM` buckets (kept per word: hashing the
    stems of each word of a document one by one cost more than segmenting it)."""
    feats = _word_features(word)
    buckets = np.array([feature_bucket(stem, DIM) for stem, _ in feats], dtype=np.int64)
    weights = np.array([weight for _, weight in feats], dtype=np.float32)
    buckets.flags.writeable = weights.flags.writeable = False
    return buckets, weights


def _word_features(word: str) -> tuple[tuple[str, float], ...]:
    """A Chinese word's weighted gloss stems (a word not in the dictionary: its characters' glosses);
    nothing for function words (asked once per word: :func:`_word_buckets` keeps the result)."""
    from aligner.lexicon import gloss_stems

    if word in _ZH_SKIP:
        return ()
    stems = gloss_stems(word)
    if not stems and len(word) > 1:
        stems = frozenset().union(*(gloss_stems(ch) for ch in word if ch not in _ZH_SKIP))
    weight = 1.0 / math.sqrt(len(stems)) if stems else 0.0
    return tuple((s, weight) for s in sorted(stems))  # a set's order changes with each process's hash seed


def en_features(sentence: str) -> list[tuple[str, float]]:
    """English content-word stems of a sentence."""
    from aligner.lexicon import english_stems

    return [(s, 1.0) for s in english_stems(sentence)]


#: From this many sentences in all, the Chinese side (segmenting and glossing, two thirds of the work) is
#: built in a forked second process while this one builds the English side.
PARALLEL_SENTENCES = 2000


def dictionary_signal(zh: Sequence[str], en: Sequence[str]) -> VectorSignal:
    """The dictionary signal of a document pair (the same matrices whichever process builds a side)."""
    sparse = use_sparse(len(zh), len(en))
    chinese = forked(_zh_side, zh, sparse) if len(zh) + len(en) >= PARALLEL_SENTENCES else None
    english, built = meanwhile(chinese, lambda: hash_features(map(en_features, en), DIM, sparse=sparse))
    return VectorSignal("dictionary", built if built is not None else _zh_side(zh, sparse), english)


def _zh_side(zh: Sequence[str], sparse: bool):
    """The Chinese side's feature matrix."""
    return _zh_matrix([zh_word_buckets(s) for s in zh], sparse)


def _zh_matrix(sentences: list[list[tuple[np.ndarray, np.ndarray]]], sparse: bool):
    """The Chinese side's feature matrix from each sentence's hashed words (as :func:`hash_features`
    would make it from their stems, in the same order)."""
    words = [word for sentence in sentences for word in sentence]
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
    buckets, weights = (np.concatenate([empty[k], *(word[k] for word in words)]) for k in (0, 1))
    lengths = [sum(len(b) for b, _ in sentence) for sentence in sentences]
    return bucket_matrix(buckets, weights, lengths, DIM, sparse=sparse)
