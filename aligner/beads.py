"""Beads: groups of sentence indices on each side that belong together."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

_BEAD_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\](?:\s*:\s*(\S+))?\s*$")


@dataclass(frozen=True)
class Bead:
    """One alignment group: 0-based Chinese and English sentence indices.

    ``confidence`` is in [0, 1]; ``parts`` holds the signals behind it (e.g. ``length``,
    ``dictionary``, ``embedding``, ``mt``, ``numbers``), each in [0, 1], for display.
    """

    zh: tuple[int, ...]
    en: tuple[int, ...]
    confidence: float = 1.0
    parts: Mapping[str, float] = field(default_factory=dict, compare=False)

    @property
    def kind(self) -> str:
        """Shape such as ``"1-1"``, ``"2-1"`` or ``"0-1"``."""
        return f"{len(self.zh)}-{len(self.en)}"


def format_bead(bead: Bead) -> str:
    """Render a bead in the gold-file format ``[0,1]:[2]``."""
    return f"[{','.join(map(str, bead.zh))}]:[{','.join(map(str, bead.en))}]"


def parse_bead(line: str) -> Bead:
    """Parse one ``[ids]:[ids]`` line (an optional ``:cost`` suffix is ignored)."""
    match = _BEAD_LINE.match(line)
    if match is None:
        raise ValueError(f"not a bead line: {line!r}")
    zh, en = (tuple(int(x) for x in group.replace(",", " ").split()) for group in match.group(1, 2))
    return Bead(zh, en)


def parse_beads(lines: Iterable[str]) -> list[Bead]:
    """Parse bead lines, skipping blank ones."""
    return [parse_bead(line) for line in lines if line.strip()]
