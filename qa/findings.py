"""What a check reports: a :class:`Finding` with its :class:`Span`\\ s, and how a row's text is addressed.

A span points into one sentence of one side of a row (``side``, ``sentence`` index, character offsets),
so the editor can highlight it in the detail pane and an export can quote it. ``key`` (check id and
subject, e.g. ``numbers:2016``) names a finding within its row; an ignored finding is remembered by it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal, Protocol

Severity = Literal["error", "warning", "info"]
Side = Literal["zh", "en"]
#: Most severe first; the order of reports and of the ``--format table`` output.
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

#: Full-width ASCII (U+FF01-U+FF5E) and the ideographic space mapped to ASCII, one character for one, so
#: that offsets found in the folded text are offsets in the original.
_HALF_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def fold_width(text: str) -> str:
    """``text`` with full-width ASCII letters, digits and signs as their half-width forms (same length)."""
    return text.translate(_HALF_WIDTH)


class Unit(Protocol):
    """An aligned row as the checks see it (``corpora.document.Row`` is one)."""

    zh: list[str]
    en: list[str]


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` of sentence ``sentence`` of one side of a row."""

    side: Side
    sentence: int
    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    """One problem found in a row.

    ``check`` is the check id (``numbers``, ``latin``, ``glossary``...), ``subject`` what it is about
    (a number, a name, a term); ``row`` is the 0-based row index in its document.
    """

    check: str
    severity: Severity
    message: str
    subject: str = ""
    spans: tuple[Span, ...] = ()
    row: int = -1

    @property
    def key(self) -> str:
        """``check:subject``: what an "ignore this finding" remembers on its row."""
        return f"{self.check}:{self.subject}"

    def at(self, row: int) -> Finding:
        """The same finding placed on row ``row``."""
        return replace(self, row=row)


@dataclass(frozen=True)
class CheckInfo:
    """A check id and what it looks for (shown by ``zhen-align check --help`` and in the README)."""

    id: str
    description: str


#: Every check id a finding can carry.
CHECKS: tuple[CheckInfo, ...] = (
    CheckInfo("numbers", "a number on one side without its counterpart on the other"),
    CheckInfo("currency", "an amount whose currency differs between the sides"),
    CheckInfo("latin", "a name or acronym in Latin letters in the Chinese missing from the English"),
    CheckInfo("glossary", "a glossary term not rendered as the glossary says, or rendered as it forbids"),
    CheckInfo("consistency", "a glossary term or a repeated name rendered differently across the article"),
    CheckInfo("omission", "a row with text on one side only"),
    CheckInfo("length", "English much shorter than the article's length model predicts (a dropped clause)"),
    CheckInfo("untranslated", "Chinese left in the English, or English identical to the Chinese"),
    CheckInfo("punctuation", "quotation marks or brackets that pair up differently, a question on one side"),
)


def severity_rank(severity: Severity) -> int:
    """0 for errors, 1 for warnings, 2 for notes (for sorting)."""
    return SEVERITIES.index(severity)


class SideText:
    """The sentences of one side of a row as one string (sentences joined by a line break), with the way
    back from an offset in that string to a :class:`Span`.

    ``folded`` is the same text with full-width ASCII made half-width (see :func:`fold_width`): patterns
    run on it, spans are valid in the original sentences.
    """

    def __init__(self, side: Side, sentences: Sequence[str]) -> None:
        self.side = side
        self.sentences = list(sentences)
        self.text = "\n".join(self.sentences)
        self.folded = fold_width(self.text)
        self._starts = [0]
        for sentence in self.sentences[:-1]:
            self._starts.append(self._starts[-1] + len(sentence) + 1)

    def span(self, start: int, end: int) -> Span:
        """The span of ``text[start:end]`` (which lies inside one sentence)."""
        k = max(0, bisect_right(self._starts, start) - 1)
        offset = self._starts[k]
        return Span(self.side, k, start - offset, min(end, offset + len(self.sentences[k])) - offset)

    def bounds(self) -> list[tuple[int, int]]:
        """``(start, end)`` of each sentence in :attr:`text`."""
        return [(start, start + len(s)) for start, s in zip(self._starts, self.sentences, strict=True)]

    def whole(self) -> tuple[Span, ...]:
        """One span per non-empty sentence, covering it."""
        return tuple(Span(self.side, k, 0, len(s)) for k, s in enumerate(self.sentences) if s)

    def __bool__(self) -> bool:
        return any(s.strip() for s in self.sentences)


def quote(text: str, limit: int = 40) -> str:
    """``text`` on one line, shortened for a message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"
