"""Paragraphs of pasted news text: blank-line blocks, split further when each line is a paragraph.

Text copied from a news page has one paragraph per line, with or without blank lines between them;
hard-wrapped text has paragraphs of several lines separated by blank lines. A block of lines is one
paragraph only when most of its lines look wrapped: they stop mid-sentence and are about as long as
the block's longest line (a short headline or byline without a full stop does not count).
"""

from __future__ import annotations

import re

_BLANK_LINE = re.compile(r"\n[ \t\f\v\u3000]*\n")
_SENTENCE_END = re.compile(r"[.!?。！？…:：;；\"'”’」』）)》】]\s*$")


_WRAPPED_MIN_LENGTH = 0.6  # of the block's longest line


def _hard_wrapped(lines: list[str]) -> bool:
    """True when most lines before the last look cut by a fixed line width."""
    longest = max(len(line.strip()) for line in lines)
    wrapped = sum(
        _SENTENCE_END.search(line) is None and len(line.strip()) >= _WRAPPED_MIN_LENGTH * longest
        for line in lines[:-1]
    )
    return 2 * wrapped > len(lines) - 1


def paragraph_lines(text: str, *, presegmented: bool = False) -> list[list[str]]:
    """The lines of ``text`` grouped into paragraphs (blank and empty paragraphs dropped).

    ``text`` must use ``\\n`` newlines. With ``presegmented`` (one sentence per line) only blank
    lines separate paragraphs.
    """
    paragraphs: list[list[str]] = []
    for block in _BLANK_LINE.split(text):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if presegmented or _hard_wrapped(lines):
            paragraphs.append(lines)
        else:
            paragraphs.extend([line] for line in lines)
    return paragraphs
