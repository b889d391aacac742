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

from aligner.scoring.base import VectorSignal, bucket_matrix, feature_bucket
from aligner.scoring.sparse import use_sparse
from aligner.workers import forked, meanwhile

DIM = 1024
# Chinese function words whose glosses would only add noise.
_ZH_SKIP_TEXT = "的 了 在 是 和 也 就 都 而 及 与 着 把 被 这 那 之 其 个 吗 呢 吧 啊 所 以 于 为 对"
_ZH_SKIP = frozenset(_ZH_SKIP_TEXT.split())


def zh_word_buckets(sentence: str) -> list[tuple[tuple[int, ...], float]]:
    """The hashed English gloss stems of each word of a Chinese sentence: each word's buckets and the
    weight every one of them carries (kept per word)."""
    from aligner.lexicon import segment_words

    return [_word_buckets(word) for word in segment_words(sentence)]


@lru_cache(maxsize=200_000)
def _word_buckets(word: str) -> tuple[tuple[int, ...], float]:
    """:func:`_word_features` of a word hashed into :data:`DIM` buckets, with their one weight (kept per
    word: hashing the stems of each word of a document one by one cost more than segmenting it)."""
    feats = _word_features(word)
    return tuple(feature_bucket(stem, DIM) for stem, _ in feats), feats[0][1] if feats else 0.0


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


@lru_cache(maxsize=200_000)
def _en_word_bucket(word: str) -> int | None:
    """The bucket of an English word's stem among :data:`DIM`, None for a stop word (kept per word)."""
    from aligner.lexicon import content_stem

    stem = content_stem(word)
    return None if stem is None else feature_bucket(stem, DIM)


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
    (english, tail), built = meanwhile(head, lambda: (bucket_matrix(*_en_flat(en), DIM, sparse=sparse),
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
    buckets = np.array([bucket for word_buckets, _ in words for bucket in word_buckets], dtype=np.int64)
    weights = np.array([weight for word_buckets, weight in words for _ in word_buckets], dtype=np.float32)
    lengths = [sum(len(word_buckets) for word_buckets, _ in sentence) for sentence in sentences]
    return buckets, weights, lengths


def _en_flat(en: Sequence[str]) -> Flat:
    """The English sentences' hashed content-word stems, flat as :func:`_zh_flat` gives the Chinese ones
    (each stem weighs 1)."""
    from aligner.lexicon import english_words

    sentences = [[b for word in english_words(s) if (b := _en_word_bucket(word)) is not None] for s in en]
    buckets = np.array([b for sentence in sentences for b in sentence], dtype=np.int64)
    return buckets, np.ones(len(buckets), dtype=np.float32), [len(sentence) for sentence in sentences]
