"""Cutting an overlong sentence into bounded pieces.

A line with no sentence end (a pasted table, a run-on paragraph, a hostile file) would otherwise be one
sentence of up to 200,000 characters, and every bead holding it would cost the scorers (embeddings
above all) time and memory in proportion to its length, over and over. Pieces of at most
:data:`MAX_SENTENCE_CHARS` keep the cost of each sentence bounded, so alignment stays linear in the
length of the text. The limits are above the longest sentences of every evaluation set (Chinese 880
characters, English 1,648, both in wmt22-news), so real sentences are never cut; Chinese gets the lower
one because each of its characters is about one token for the sentence encoder.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from aligner.display import shows_nothing

#: The longest sentence kept whole, by the script of its line.
MAX_SENTENCE_CHARS = {"zh": 1000, "en": 2000}
#: Where a piece may end, best first: after a clause mark, else after a space.
_CLAUSE_END = re.compile(r"[，、；：,;:—–）)」』”’]")
_SPACE = re.compile(r"\s")


def _cut_at(text: str, start: int, limit: int) -> int:
    """Where the piece that begins at ``start`` ends: the last clause mark (else space) in the second
    half of the allowed span, else exactly ``limit`` characters on."""
    low, high = start + limit // 2, start + limit
    for pattern in (_CLAUSE_END, _SPACE):
        last = None
        for last in pattern.finditer(text, low, high):  # noqa: B007 - the last match is wanted
            pass
        if last is not None:
            return last.end()
    return high


def bounded(sentence: str, limit: int) -> list[str]:
    """``sentence`` as pieces of at most ``limit`` characters, cut after a clause mark or a space where
    possible, each stripped; a sentence within the limit comes back alone and unchanged."""
    if len(sentence) <= limit:
        return [sentence]
    ends: list[int] = []
    start = 0
    while len(sentence) - start > limit:
        start = _cut_at(sentence, start, limit)
        ends.append(start)
    return cut(sentence, ends)


def cut(text: str, ends: Iterable[int]) -> list[str]:
    """``text`` cut after each offset of ``ends`` (ascending) and at its end, each piece stripped, empty
    pieces dropped. A piece that shows nothing (controls, escape sequences, format characters such as a
    ZWSP after ``。``: :func:`aligner.display.shows_nothing`) is not a sentence: it stays with the piece
    before it (the one after it when it comes first), and goes when it is all there is."""
    spans: list[list[int]] = []   # [start, end, whether the span shows nothing]
    start = 0
    for end in (*ends, len(text)):
        if text[start:end].strip():
            unseen = shows_nothing(text[start:end])   # each piece looked at once, a joined span again
            if spans and (unseen or spans[-1][2]):
                spans[-1][1:] = [end, shows_nothing(text[spans[-1][0]:end])]
            else:
                spans.append([start, end, unseen])
        start = end
    return [text[a:b].strip() for a, b, unseen in spans if not unseen]
