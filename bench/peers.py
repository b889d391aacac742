"""Peer aligners run live beside ours: Gale-Church (``galechurch``) and the Vecalign DP (``sentalign``).

Neither needs model weights. Gale-Church sees only sentence lengths, fed as UTF-8 byte lengths (the
package counts characters, which makes a Chinese sentence look ~3x shorter than its translation;
``shared/docs/alignment-anchors.md`` §5). The Vecalign DP gets hashed bag-of-words vectors of an
English rendering of the Chinese side — a machine translation when the set has one, otherwise a
CC-CEDICT word-by-word gloss — against the English side.
"""

from __future__ import annotations

import re
import warnings
import zlib
from collections.abc import Sequence

import numpy as np

from aligner.beads import Bead

HASH_DIM = 8192
_NUMBER = re.compile(r"\d+")


def galechurch_align(zh: Sequence[str], en: Sequence[str]) -> list[Bead]:
    """Gale-Church with the package defaults, on UTF-8 byte lengths."""
    import galechurch

    # galechurch measures len(s.replace(" ", "")); stand-in strings carry the byte length instead
    result = galechurch.align(
        ["x" * len(s.encode("utf-8")) for s in zh],
        ["x" * len(s.encode("utf-8")) for s in en],
        max_block_size=max(50_000_000, (len(zh) + 1) * (len(en) + 1)),
    )
    return [
        Bead(tuple(range(b.source_start, b.source_end)), tuple(range(b.target_start, b.target_end)))
        for b in result.beads
    ]


def gloss(zh: str) -> str:
    """A word-by-word English gloss of a Chinese sentence: each word's first CC-CEDICT sense, or the word."""
    from aligner.lexicon import glosses, segment_words

    out = []
    for word in segment_words(zh):
        senses = glosses(word)
        out.append(senses[0] if senses else word)
    return " ".join(out)


def hashed_bow(texts: Sequence[str]) -> np.ndarray:
    """One row per text: counts of its English content-word stems and digit runs, hashed (CRC32)
    into ``HASH_DIM`` buckets; a text without any gets its whole string hashed, never a zero row."""
    from aligner.lexicon import english_stems

    vectors = np.zeros((len(texts), HASH_DIM), dtype=np.float32)
    for row, text in enumerate(texts):
        words = english_stems(text) + _NUMBER.findall(text) or [f"\0{text}"]
        for word in words:
            vectors[row, zlib.crc32(word.encode("utf-8")) % HASH_DIM] += 1.0
    return vectors


def vecalign_bow_align(translation: Sequence[str], en: Sequence[str], *, max_bead: int = 8) -> list[Bead]:
    """The Vecalign DP (``sentalign``) over hashed bag-of-words of ``translation`` (line-aligned with
    the Chinese side) and of ``en``."""
    from sentalign import sentalign

    if not translation or not en:
        return [Bead((i,), ()) for i in range(len(translation))] + [Bead((), (j,)) for j in range(len(en))]
    with warnings.catch_warnings():  # it casts an uninitialised np.empty() to int32 before filling it
        warnings.simplefilter("ignore", RuntimeWarning)
        result = sentalign(list(translation), list(en), hashed_bow, alignment_max_size=max_bead)
    return [Bead(tuple(a.src_indices), tuple(a.tgt_indices)) for a in result.alignments]
