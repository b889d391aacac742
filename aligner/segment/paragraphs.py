"""Paragraphs of pasted news text: blank-line blocks, split further when each line is a paragraph.

Text copied from a news page has one paragraph per line, with or without blank lines between them;
hard-wrapped text has paragraphs of several lines separated by blank lines. A block of lines is one
paragraph only when most of its lines look wrapped: they stop mid-sentence and are about as long as
the block's longest line (a short headline or byline without a full stop does not count). A byline or
date line directly below a short line without a sentence end (a headline over its byline, as web copy
has them) is a paragraph of its own, and so is that line, however the block looks.
"""

from __future__ import annotations

import re

_BLANK_LINE = re.compile(r"\n[ \t\f\v\u3000]*\n")
_SENTENCE_END = re.compile(r"[.!?。！？…:：;；\"'”’」』）)》】]\s*$")


_WRAPPED_MIN_LENGTH = 0.6  # of the block's longest line
_HEADLINE_MAX_CHARS = 120   # a longer line without a sentence end is body text cut by a line width
_BYLINE_MAX_CHARS = 80
#: What marks a byline or dateline: it starts with a date (2021年12月3日, 2021-12-03, December 3, 2021),
#: "By ..." or "Source:", or it holds the source, editor or reporter field of Chinese sites.
_BYLINE = re.compile(
    r"^\s*(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)|(?:By|BY)\s+[A-Z]"
    r"|Source\s*:|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s*\d{4})"
    r"|(?:来源|编辑|记者|作者|责编)\s*[:：]")


def _hard_wrapped(lines: list[str]) -> bool:
    """True when most lines before the last look cut by a fixed line width."""
    longest = max(len(line.strip()) for line in lines)
    wrapped = sum(
        _SENTENCE_END.search(line) is None and len(line.strip()) >= _WRAPPED_MIN_LENGTH * longest
        for line in lines[:-1]
    )
    return 2 * wrapped > len(lines) - 1


#: The separators of a breadcrumb (``首页 > 国际 > 正文``, ``Home | World | Africa``).
_CRUMB_SEPARATOR = re.compile(r"\s*[>»|/›＞｜／]\s*")
_CRUMB_MAX_CHARS = 16   # of one item


def is_breadcrumb(line: str) -> bool:
    """Whether ``line`` is a site's breadcrumb: two or more short items separated by ``>``, ``»``, ``|``,
    ``/`` or ``›`` (one kind), without a sentence end."""
    text = line.strip()
    separators = {sep.strip() for sep in _CRUMB_SEPARATOR.findall(text)}
    if len(separators) != 1 or _SENTENCE_END.search(text) is not None:
        return False
    items = _CRUMB_SEPARATOR.split(text)
    return len(items) > 1 and all(0 < len(item) <= _CRUMB_MAX_CHARS for item in items)


def is_byline(line: str) -> bool:
    """Whether ``line`` looks like a byline or dateline: short, no sentence end, starting with a date,
    "By" or "Source:", or holding a source or author field."""
    text = line.strip()
    return (0 < len(text) <= _BYLINE_MAX_CHARS and _SENTENCE_END.search(text) is None
            and _BYLINE.search(text) is not None)


def _headline_over_byline(lines: list[str]) -> bool:
    """Whether a block starts with a short line without a sentence end directly over a byline."""
    return (len(lines) > 1 and len(lines[0].strip()) <= _HEADLINE_MAX_CHARS
            and _SENTENCE_END.search(lines[0]) is None and not is_byline(lines[0]) and is_byline(lines[1]))


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
        if _headline_over_byline(lines):
            paragraphs += [lines[:1], lines[1:2]]
            lines = lines[2:]
            if not lines:
                continue
        if presegmented or _hard_wrapped(lines):
            paragraphs.append(lines)
        else:
            paragraphs.extend([line] for line in lines)
    return paragraphs
