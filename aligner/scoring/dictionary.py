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


#: From this many sentences in all, a forked second process segments and glosses the first part of the
#: Chinese side while this one builds the English side and the rest of the Chinese.
PARALLEL_SENTENCES = 2000
#: What building the features of an English character costs against a Chinese one (segmenting and
#: glossing; measured on the Bible: 2.5 CPU-s for 931k Chinese characters, 0.85 for 3.7M English).
EN_CHAR_COST = 0.09

Flat = tuple[np.ndarray, np.ndarray, list[int]]


def dictionary_signal(zh: Sequence[str], en: Sequence[str]) -> VectorSignal:
    """The dictionary signal of a document pair (the same matrices whichever process builds a part)."""
    sparse = use_sparse(len(zh), len(en))
    cut = _balanced_cut(zh, en) if len(zh) + len(en) >= PARALLEL_SENTENCES else 0
    head = forked(_zh_flat, zh[:cut]) if cut else None
    (english, tail), built = meanwhile(head, lambda: (hash_features(map(en_features, en), DIM, sparse=sparse),
                                                      _zh_flat(zh[cut:])))
    first = built if built is not None else _zh_flat(zh[:cut])
    buckets, weights = (np.concatenate([first[k], tail[k]]) for k in (0, 1))
    chinese = bucket_matrix(buckets, weights, first[2] + tail[2], DIM, sparse=sparse)
    return VectorSignal("dictionary", chinese, english)


def _balanced_cut(zh: Sequence[str], en: Sequence[str]) -> int:
    """How many Chinese sentences the second process takes so that both finish together: half the
    estimated work of the whole document, counted in characters."""
    half = (sum(map(len, zh)) + EN_CHAR_COST * sum(map(len, en))) / 2
    done = 0
    for k, sentence in enumerate(zh):
        if done >= half:
            return k
        done += len(sentence)
    return len(zh)


def _zh_flat(zh: Sequence[str]) -> Flat:
    """The Chinese sentences' hashed words, flat: every bucket and weight in order, and how many each
    sentence has (what :func:`bucket_matrix` takes, as :func:`hash_features` would have made it from
    their stems)."""
    sentences = [zh_word_buckets(s) for s in zh]
    words = [word for sentence in sentences for word in sentence]
    lengths = [sum(len(b) for b, _ in sentence) for sentence in sentences]
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
    buckets, weights = (np.concatenate([empty[k], *(word[k] for word in words)]) for k in (0, 1))
    return buckets, weights, lengths
