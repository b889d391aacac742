"""MT signal: monolingual word overlap between the machine translation of the Chinese sentences
and the English candidates (after the BLEU-style matching of Sennrich & Volk's Bleualign).

Both sides are English, so they are compared as English: each sentence becomes a hashed bag of its
stemmed content words (stop words dropped) and of its stemmed word bigrams (stop words kept, so
that phrases such as "rate of growth" still match); a bead's value is the cosine of the summed bags.
Word features match less by chance than character n-grams, so unrelated sentences score near zero.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from aligner.scoring.base import VectorSignal, hash_features
from aligner.scoring.sparse import use_sparse

DIM = 4096
_WORD = re.compile(r"\w+")


def word_features(sentence: str) -> list[tuple[str, float]]:
    """Stemmed content words and stemmed word bigrams of an English sentence."""
    from aligner.lexicon import english_stems, stem

    stems = [stem(t) for t in _WORD.findall(sentence)]
    feats = [("u:" + s, 1.0) for s in english_stems(sentence)]
    feats += [(f"b:{a} {b}", 1.0) for a, b in itertools.pairwise(stems)]
    return feats


def mt_signal(mt: Sequence[str], en: Sequence[str]) -> VectorSignal:
    """The MT signal of a document pair: ``mt`` are the translations of the Chinese sentences."""
    sparse = use_sparse(len(mt), len(en))
    return VectorSignal(
        "mt",
        hash_features((word_features(s) for s in mt), DIM, sparse=sparse),
        hash_features((word_features(s) for s in en), DIM, sparse=sparse),
    )
