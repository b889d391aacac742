"""Chinese sentence splitting: a small rule table scanned in linear time.

A sentence ends after a run of terminators (``。！？!?``, optionally ``；``) together with the
closing quotes and brackets that follow it. A half-width ``.``/``．`` ends a sentence only when it
follows a character that is neither a Latin letter, a digit nor a space, and no Latin letter or digit
follows it, so ``124.3``, ``U.S.`` and ``3.5%`` are never cut; after an English word it ends a
sentence only before a closing quote (``他说：“We agree.”随后……``). An ellipsis (``…``, ``……``, ``...``)
ends a sentence only before a closing quote or at the end of the line. A closing quote followed by a
short attribution (``“……很荣幸。”他说。``) does not end the sentence: the attribution belongs to the quote,
as in the English ``"... an honour," he said.`` Each line is split on its own: a newline is always a
boundary.

A line with no sentence end at all (ASR output, transcripts and social-media text are often punctuated
with commas only) is one run-on "sentence"; when it is long (over :data:`UNENDED_MIN_CHARS`) it is cut
after clause marks instead (:func:`cut_run_ons`), as is any sentence too long to be a real one.
"""

from __future__ import annotations

import re

from aligner.segment.pieces import MAX_SENTENCE_CHARS, cut

# Characters that may end a sentence. A run is consumed whole, so the scan stays linear.
_TERMINATOR_RUN = re.compile(r"[。！？!?.．…⋯；]+")
# Closing quotes and brackets that belong to the sentence they follow. Unambiguous closers are
# taken even after spaces (sloppy or tokenised text: "。 ”"); ASCII quotes only when adjacent.
_CLOSERS = re.compile(r"(?:[ \t\u3000]*[”’」』）)》】〕〗〉］｝}\]〞]|[\"'])*")
_STRONG = frozenset("。！？!?")
_ELLIPSIS = frozenset("…⋯")
_DOTS = frozenset(".．")
_SEMICOLON = "；"
_ENUMERATOR = re.compile(r"\s*[(（]?[一二三四五六七八九十百]{1,3}[)）]?\s*")
_QUOTES = frozenset("”’」』\"'")
_ENGLISH_WORD_END = re.compile(r"[a-z]{2}$")
# A short attribution after a closing quote: "他说。", "蔡崇信在会上表示。", "外交部发言人指出。"
_ATTRIBUTION = re.compile(
    r"[^。！？!?“”「」『』没不未\n]{0,14}?"
    r"(?:说|說|表示|称|稱|指出|认为|強調|强调|透露|介绍|写道|补充道|坦言|直言|问道|答道|告诉记者)"
    r"[。！？!?]"
)
#: A line without a sentence end longer than this is cut at clause marks: twice the longest such line
#: (a headline, a byline) in the evaluation sets (82 characters), so no line of theirs is cut.
UNENDED_MIN_CHARS = 160
#: A piece cut at clause marks ends at the first clause mark after this many characters, so a short
#: clause (据悉，) does not stand alone. Small pieces keep the writer's lost sentence ends among the
#: cuts, and the aligner joins pieces into beads: on wmt22-news with every 。！？ made a comma, 10
#: aligns best of 0-40 (bench/unended.md).
CLAUSE_PIECE_CHARS = 10
_CLAUSE_MARK = re.compile(r"[，,；;：:]")
# A sentence end of a line: a terminator, then closing quotes and brackets, at its end.
_ENDED = re.compile(r"[。！？!?.．…⋯][”’」』）)》】〕〗〉］｝}\]〞\"'\s]*$")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9０-９Ａ-Ｚａ-ｚ]")


def _latin_or_digit(char: str) -> bool:
    return bool(char) and _LATIN_OR_DIGIT.match(char) is not None


def _ends_sentence(line: str, begin: int, start: int, end: int, *, closed: bool, at_line_end: bool,
                   split_on_semicolon: bool) -> bool:
    """Whether the terminator run ``line[start:end]`` ends the sentence that began at ``begin``."""
    run = line[start:end]
    if not _STRONG.isdisjoint(run):
        return True
    if split_on_semicolon and _SEMICOLON in run:
        return True
    dots = sum(char in _DOTS for char in run)
    if not _ELLIPSIS.isdisjoint(run) or dots >= 2:
        return closed or at_line_end
    if dots == 0:  # a lone ； without the option
        return False
    if _ENUMERATOR.fullmatch(line, begin, start):
        return False  # "一.加强监管" numbers a list item
    before = line[start - 1] if start else ""
    after = line[end] if end < len(line) else ""
    if _ENGLISH_WORD_END.search(line, max(0, start - 2), start):
        return after in _QUOTES  # a quoted English sentence, but not Ltd. or U.S.
    if not before or before.isspace() or _latin_or_digit(before):
        return False  # 124.3, U.S., a stray dot
    return not _latin_or_digit(after)


def split_zh_line(line: str, *, split_on_semicolon: bool = False) -> list[str]:
    """Split one line of Chinese text (no newlines) into stripped, non-empty sentences."""
    line = line.strip()
    ends: list[int] = []
    begin = 0
    for match in _TERMINATOR_RUN.finditer(line):
        stop = _CLOSERS.match(line, match.end()).end()
        closed = stop > match.end()
        if closed and not _QUOTES.isdisjoint(line[match.end():stop]) and _ATTRIBUTION.match(line, stop):
            continue  # “……。”他说。 is one sentence
        if _ends_sentence(line, begin, match.start(), match.end(), closed=closed,
                          at_line_end=stop == len(line), split_on_semicolon=split_on_semicolon):
            ends.append(stop)
            begin = stop
    return cut(line, ends)


def cut_run_ons(sentences: list[str]) -> tuple[list[str], bool]:
    """The sentences of one line with each run-on cut at clause marks (:func:`clause_pieces`), and whether
    one was: the line's only sentence when it has no sentence end and is over :data:`UNENDED_MIN_CHARS`,
    and any sentence over ``MAX_SENTENCE_CHARS`` (which would otherwise be cut blindly into pieces of
    that length; no real sentence is so long)."""
    alone = len(sentences) == 1
    out: list[str] = []
    was_cut = False
    for sentence in sentences:
        if len(sentence) > MAX_SENTENCE_CHARS["zh"] or (
                alone and len(sentence) > UNENDED_MIN_CHARS and _ENDED.search(sentence) is None):
            out += clause_pieces(sentence)
            was_cut = True
        else:
            out.append(sentence)
    return out, was_cut


def clause_pieces(text: str) -> list[str]:
    """``text`` (a line with no sentence end) cut after the first clause mark (，；：) that follows at
    least :data:`CLAUSE_PIECE_CHARS` characters of each piece, each stripped."""
    ends: list[int] = []
    start = 0
    for match in _CLAUSE_MARK.finditer(text):
        if match.end() - start >= CLAUSE_PIECE_CHARS:
            ends.append(match.end())
            start = match.end()
    return cut(text, ends)
