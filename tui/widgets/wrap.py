"""Line wrapping by terminal display width, for mixed Chinese and English text.

Latin words break at spaces; Chinese may break between any two characters, except that closing
punctuation never starts a line and opening punctuation never ends one (a simple kinsoku rule).
Widths come from rich's ``cell_len`` so full-width characters count as two cells.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import cell_len, get_character_cell_size

_TOKEN = re.compile(r"[A-Za-z0-9\u00c0-\u024f$%.,:;'’\"“”!?()\[\]/&+\-–—]+\s*|\s+|.", re.S)
_NO_START = set("，。、；：？！）》」』】〕”’%…,.;:?!)]")
_NO_END = set("（《「『【〔“‘([")


def _tokens(text: str) -> list[str]:
    """Unbreakable pieces: a Latin word with its trailing spaces, a run of spaces, or one other character."""
    return _TOKEN.findall(text)


@lru_cache(maxsize=65536)
def wrap(text: str, width: int) -> tuple[str, ...]:
    """``text`` wrapped into lines no wider than ``width`` cells (trailing spaces dropped)."""
    width = max(1, width)
    if cell_len(text) <= width:
        return (text,)
    lines: list[str] = []
    line: list[str] = []
    used = 0
    for token in _tokens(text):
        size = cell_len(token)
        bare = cell_len(token.rstrip())
        if used + bare > width and line:
            carry: list[str] = []
            keep_together = token[0] in _NO_START or (line[-1] and line[-1][-1] in _NO_END)
            if keep_together and len(line) > 1 and cell_len(line[-1]) + bare <= width:
                carry.append(line.pop())          # take the last piece down with the punctuation
            lines.append("".join(line).rstrip())
            line, used = carry, sum(cell_len(t) for t in carry)
            if token.isspace():
                continue
        while bare > width:                       # a word longer than a line: fold it
            head, rest_width = "", 0
            for char in token:
                char_width = get_character_cell_size(char)
                if used + rest_width + char_width > width:
                    break
                head += char
                rest_width += char_width
            if not head and not line:
                head = token[0]
            lines.append(("".join(line) + head).rstrip())
            line, used = [], 0
            token = token[len(head):]
            size, bare = cell_len(token), cell_len(token.rstrip())
        if token:
            line.append(token)
            used += size
    if line:
        lines.append("".join(line).rstrip())
    return tuple(lines) or ("",)
