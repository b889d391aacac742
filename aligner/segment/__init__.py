"""Sentence segmentation of Chinese and English news text, with paragraphs and hard anchors.

A newline is always a sentence boundary (so a headline is its own sentence). A blank line separates
paragraphs, and so does a newline when the lines are whole paragraphs, as text pasted from news
sites is (see ``aligner.segment.paragraphs``).
Each line is split by the rules of its own script, so an English quote on its own line in a
Chinese article, or a Chinese headline above an English translation, is split sensibly.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from aligner.segment.en import load_abbreviations, split_en_line
from aligner.segment.paragraphs import is_breadcrumb, paragraph_lines
from aligner.segment.pieces import MAX_SENTENCE_CHARS, bounded, cut
from aligner.segment.script import script_of
from aligner.segment.zh import cut_run_ons, split_zh_line

__all__ = [
    "MAX_SENTENCE_CHARS",
    "PARAGRAPH_DRIFT",
    "Segmentation",
    "hard_anchors",
    "load_abbreviations",
    "script_of",
    "segment",
    "split_en",
    "split_zh",
]

Lang = Literal["zh", "en"]


@dataclass(frozen=True)
class Segmentation:
    """Sentences of one side and where its paragraphs start.

    ``paragraph_starts`` holds the index of the first sentence of each paragraph (``[0, ...]``;
    empty when there are no sentences). ``cut_lines`` counts the lines that had no sentence end and
    were cut into pieces (Chinese at clause marks, see ``aligner.segment.zh``; any line over
    ``MAX_SENTENCE_CHARS``): their pieces are not the writer's sentences, so their number says nothing
    of how much text the side holds.
    """

    sentences: list[str]
    paragraph_starts: list[int]
    cut_lines: int = 0

    @property
    def paragraphs(self) -> list[list[str]]:
        """The sentences grouped by paragraph."""
        if not self.paragraph_starts:
            return []
        ends = [*self.paragraph_starts[1:], len(self.sentences)]
        return [self.sentences[a:b] for a, b in zip(self.paragraph_starts, ends, strict=True)]

    @property
    def headline_index(self) -> int | None:
        """Which sentence is the headline: the first that forms a paragraph of its own, with more text
        after it, once the breadcrumb lines at the top (``首页 > 国际 > 正文``) are skipped; None when
        that first sentence is not one."""
        paragraphs = self.paragraphs
        skip = 0
        while (skip < len(paragraphs) - 1 and len(paragraphs[skip]) == 1
               and is_breadcrumb(paragraphs[skip][0])):
            skip += 1
        if skip < len(paragraphs) - 1 and len(paragraphs[skip]) == 1:
            return self.paragraph_starts[skip]
        return None

    @property
    def headline(self) -> str | None:
        """The headline sentence (see ``headline_index``), or None."""
        index = self.headline_index
        return None if index is None else self.sentences[index]


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _lines(text: str) -> list[str]:
    return _newlines(text).split("\n")


def split_zh(text: str, *, split_on_semicolon: bool = False) -> list[str]:
    """Chinese sentences of ``text``; a newline is a hard break, ``；`` only with the option."""
    return [s for line in _lines(text) for s in split_zh_line(line, split_on_semicolon=split_on_semicolon)]


def split_en(text: str, *, abbreviations: Iterable[str] | None = None) -> list[str]:
    """English sentences of ``text`` (nupunkt); a newline is a hard break.

    ``abbreviations`` replaces the bundled news list (see ``load_abbreviations``).
    """
    known = None if abbreviations is None else frozenset(abbreviations)
    return [s for line in _lines(text) for s in split_en_line(line, abbreviations=known)]


def _split_line(line: str, lang: Lang, presegmented: bool, split_on_semicolon: bool,
                abbreviations: frozenset[str] | None) -> tuple[list[str], bool]:
    """Sentences of one line by the rules of the script it is written in, none longer than
    ``MAX_SENTENCE_CHARS`` (by script; longer ones are cut into pieces, see ``aligner.segment.pieces``),
    and whether the line was cut into pieces for want of sentence ends (a long Chinese line without
    one is cut at clause marks, see ``aligner.segment.zh``)."""
    script = script_of(line)
    if script == "other":
        script = lang
    if presegmented:
        found, run_on = cut(line, []), False
    elif script == "zh":
        found, run_on = cut_run_ons(split_zh_line(line, split_on_semicolon=split_on_semicolon))
    else:
        found, run_on = split_en_line(line, abbreviations=abbreviations), False
    limit = MAX_SENTENCE_CHARS[script]
    if all(len(sentence) <= limit for sentence in found):
        return found, run_on
    return [piece for sentence in found for piece in bounded(sentence, limit)], True


def segment(text: str, lang: Lang, *, presegmented: bool = False, split_on_semicolon: bool = False,
            abbreviations: Iterable[str] | None = None) -> Segmentation:
    """Split ``text`` into sentences and paragraphs.

    ``presegmented`` keeps every non-empty line as one sentence, as written; then only blank lines
    separate paragraphs. Either way a sentence longer than ``MAX_SENTENCE_CHARS`` is cut into pieces
    (after a clause mark or a space where possible), so that no sentence makes alignment slow.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    known = None if abbreviations is None else frozenset(abbreviations)
    sentences: list[str] = []
    starts: list[int] = []
    cut_lines = 0
    for lines in paragraph_lines(_newlines(text), presegmented=presegmented):
        found: list[str] = []
        for line in lines:
            pieces, was_cut = _split_line(line, lang, presegmented, split_on_semicolon, known)
            found += pieces
            cut_lines += was_cut
        if found:
            starts.append(len(sentences))
            sentences.extend(found)
    return Segmentation(sentences, starts, cut_lines)


# Largest gap between the two sides' shares of text before a paragraph start for paragraph anchors to
# be used. On wmt22-news (lines as paragraphs, 1-1 by construction) the largest gap is 0.054; short
# articles vary more, and a regrouped paragraph usually moves the shares by a fifth or more.
PARAGRAPH_DRIFT = 0.15


def _sentence_chars(seg: Segmentation) -> list[int]:
    """Characters (no spaces) of each sentence."""
    return [len("".join(sentence.split())) for sentence in seg.sentences]


def _start_shares(seg: Segmentation, chars: list[int]) -> list[float]:
    """For each paragraph start, the share of the text's characters (``chars`` per sentence) before it."""
    before = [0, *itertools.accumulate(chars)]
    total = before[-1] or 1
    return [before[start] / total for start in seg.paragraph_starts]


# Largest |log| of a paragraph pair's length ratio over the document's for paragraph anchors to be used
# (~1.8x): on wmt22-news the worst paragraph of a document reaches 0.13-0.54; a sentence moved
# across a paragraph break (a 1-2 beside a 2-1, the counts still equal) gives 0.6-1.2.
PARAGRAPH_LENGTH_DEVIATION = 0.6
_LENGTH_SMOOTHING = 10  # characters added to both sides, so short paragraphs are not over-judged


def _paragraph_lengths(seg: Segmentation, chars: list[int]) -> list[int]:
    """Characters of each paragraph, from ``chars`` per sentence."""
    bounds = [*seg.paragraph_starts, len(seg.sentences)]
    return [sum(chars[a:b]) for a, b in itertools.pairwise(bounds)]


def _paragraphs_match(zh: Segmentation, en: Segmentation) -> bool:
    """Whether paragraph ``k`` of one side is plausibly the translation of paragraph ``k`` of the other:
    the text before each start has about the same share, and every pair has about the document's
    length ratio."""
    zc, ec = _sentence_chars(zh), _sentence_chars(en)
    if not all(abs(a - b) <= PARAGRAPH_DRIFT
               for a, b in zip(_start_shares(zh, zc), _start_shares(en, ec), strict=True)):
        return False
    zl, el = _paragraph_lengths(zh, zc), _paragraph_lengths(en, ec)
    ratio = (sum(el) + 1) / (sum(zl) + 1)
    return all(abs(math.log((e + _LENGTH_SMOOTHING) / (z * ratio + _LENGTH_SMOOTHING)))
               <= PARAGRAPH_LENGTH_DEVIATION for z, e in zip(zl, el, strict=True))


def hard_anchors(zh: Segmentation, en: Segmentation, *, headline: bool = True) -> list[tuple[int, int]]:
    """Points ``(i, j)`` every alignment path must pass through.

    ``(1, 1)`` after a one-sentence headline paragraph on both sides (when ``headline``; before and after
    the headlines when breadcrumb lines stand above them, see ``Segmentation.headline_index``), and every
    pair of paragraph starts when both sides have the same number of paragraphs (more than one) and
    the paragraphs match in length: at each start, the share of the text before it differs by at
    most ``PARAGRAPH_DRIFT`` between the sides, and no paragraph pair's length ratio strays from the
    document's by more than ``PARAGRAPH_LENGTH_DEVIATION`` (log) — else the translator regrouped
    sentences across paragraphs and none of them is trusted. Sorted, without ``(0, 0)`` and the end
    point.
    """
    points: set[tuple[int, int]] = set()
    if headline and (hz := zh.headline_index) is not None and (he := en.headline_index) is not None:
        points.update([(hz, he), (hz + 1, he + 1)])   # (0, 0) without breadcrumbs above the headlines
    if len(zh.paragraph_starts) == len(en.paragraph_starts) > 1 and _paragraphs_match(zh, en):
        points.update(zip(zh.paragraph_starts, en.paragraph_starts, strict=True))
    end = (len(zh.sentences), len(en.sentences))
    return sorted(p for p in points if p not in ((0, 0), end))
