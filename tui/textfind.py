"""Matching of the editor's find string: case-blind, and full-width and half-width forms taken as the same.

Both the find string and the text are NFKC-folded (``（`` is ``(``, ``Ａ`` is ``A``, ``２`` is ``2``) and
case-folded one character at a time, so that every match maps back to a span of the original text for
highlighting.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator


def fold(text: str) -> str:
    """``text`` as find compares it: each character NFKC-normalised, then case-folded."""
    return "".join(_fold_char(ch) for ch in text)


def _fold_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).casefold()


def contains(text: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``text`` once both are folded."""
    folded = fold(needle)
    return bool(folded) and folded in fold(text)


def spans(text: str, needle: str) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` spans of ``text`` (original positions) matching ``needle``, left to right; a
    match that begins or ends inside one character's folded form takes that whole character, so two
    matches inside one such character (``ß`` folds to ``ss``) give the same span twice. Characters are
    folded one by one, so forms that only compose across characters (half-width ``ｶﾞ``, a combining
    accent) do not match their composed forms."""
    folded_needle = fold(needle)
    if not folded_needle:
        return
    owner: list[int] = []   # owner[k]: the index in ``text`` of the character folded into position k
    parts: list[str] = []
    for i, ch in enumerate(text):
        part = _fold_char(ch)
        parts.append(part)
        owner.extend([i] * len(part))
    folded, pos = "".join(parts), 0
    while (hit := folded.find(folded_needle, pos)) >= 0:
        end = hit + len(folded_needle)
        yield owner[hit], owner[end - 1] + 1
        pos = end
