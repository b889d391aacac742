"""Omission checks: rows with text on one side only, and rows whose English misses part of the Chinese
(a dropped clause).

The length model is fitted on the document itself: the median log ratio of English to Chinese word
characters over its two-sided rows, and the spread around it (a robust standard deviation, never under
:data:`MIN_SPREAD`); ``z`` is how many spreads a row lies from the median. A row far under it
(:data:`SHORT_Z`) is reported on length alone. A row that is merely shorter than predicted is reported
when one of its Chinese clauses (cut at ，；：、 and the like) looks untranslated: few of its words have a
CC-CEDICT sense among the English words, and, with a sentence encoder, leaving the clause out makes the
Chinese *more* similar to the English (a translated clause makes it less similar).

Without an encoder, a row of several Chinese sentences whose English is far shorter than predicted is
also reported when one whole sentence has few of its words' senses in the English: a sentence left
untranslated that the aligner (or an editor's merge) folded into its neighbour's row (a sentence holds
more words than a clause, so its coverage is the steadier measure). A row only somewhat short is
reported so when the English fits the length of the row's other sentences: a sentence that shares words
with its neighbour's English is missed by coverage alone, not by the length the English lacks. The
thresholds were set on the injected-error corpus of ``bench/qa_bench.py`` (see ``bench/qa.md``).
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from aligner.display import count, with_article
from qa.findings import Finding, SideText, Span, quote

OMISSION = "omission"
LENGTH = "length"
#: Log-ratio spread never assumed smaller than this (short documents have few rows to measure it on).
MIN_SPREAD = 0.15
#: A row this many spreads under the median log ratio is reported whatever its clauses.
SHORT_Z = -4.0
MIN_ZH_CHARS = 12
SMOOTHING = 8.0
#: A clause is weighed when it holds this share of the row's Chinese and this many dictionary words.
MIN_CLAUSE_SHARE = 0.1
MIN_CLAUSE_WORDS = 3
#: With a sentence encoder: ``10 × similarity gain − 0.5 × coverage − 0.2 × z`` over this reports a row.
CLAUSE_SCORE = 0.14
#: A multi-sentence row whose aligner ``coverage`` score is under this is reported.
MIN_COVERAGE = 0.3
#: Without one: a clause covered at most this much in a row at least this far under the model.
FAST_COVERAGE, FAST_Z = 0.2, -1.5
#: Without one, in a row of several Chinese sentences: a sentence covered at most this much, this far under.
FAST_SENTENCE_COVERAGE, FAST_SENTENCE_Z = 0.5, -2.0
#: ... or only this far under (:data:`FAST_Z`) when the English fits the row's other sentences (their
#: length at least this many spreads from the median).
FAST_REST_Z = -1.0
_WORD_CHAR = re.compile(r"[\w\u3400-\u9fff]")
_HAN = re.compile(r"[\u3400-\u9fff]")
_CLAUSE_END = re.compile(r"[，,；;：:。！？!?、\n]")
#: Chinese function words whose senses would only blur the coverage of an unknown word's characters.
_FUNCTION_WORDS_TEXT = "的 了 在 是 和 也 就 都 而 及 与 着 把 被 这 那 之 其 个 吗 呢 吧 啊 所 以 于 为 对"
_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())

#: Unit-length vectors of texts (one row per text), e.g. an ``aligner.embedders`` embedder's ``encode``.
Encoder = Callable[[Sequence[str]], "object"]


def content_length(text: str) -> int:
    """Letters, digits and Chinese characters in ``text`` (punctuation and spaces left out)."""
    return len(_WORD_CHAR.findall(text))


@dataclass(frozen=True)
class LengthModel:
    """The document's median log(English/Chinese) length ratio and its spread."""

    median: float = math.log(3.0)
    spread: float = 0.3

    @classmethod
    def fit(cls, pairs: Sequence[tuple[str, str]]) -> LengthModel:
        """Fit on ``(zh, en)`` texts of a document's two-sided rows (a default when it has too few)."""
        ratios = [math.log(e / z) for z, e in ((content_length(z), content_length(e)) for z, e in pairs)
                  if z >= 5 and e >= 5]
        if len(ratios) < 4:
            return cls()
        median = statistics.median(ratios)
        mad = statistics.median(abs(r - median) for r in ratios)
        return cls(median, max(1.4826 * mad, MIN_SPREAD))

    def z(self, zh_chars: int, en_chars: int) -> float:
        """How many spreads the row's (smoothed) log ratio lies from the median."""
        expected = zh_chars * math.exp(self.median)
        return (math.log((en_chars + SMOOTHING) / (expected + SMOOTHING))) / self.spread


def check_one_sided(zh: SideText, en: SideText) -> list[Finding]:
    """A row with a Chinese side and no English (an error: text left untranslated) or the reverse (a
    warning: added text, or its Chinese is in another row)."""
    if zh and not en and content_length(zh.text) >= 2:
        return [Finding(OMISSION, "error", f"Chinese without English: {quote(zh.text)}", "zh-only",
                        zh.whole())]
    if en and not zh and content_length(en.text) >= 2:
        return [Finding(OMISSION, "warning", f"English without Chinese: {quote(en.text)}", "en-only",
                        en.whole())]
    return []


@dataclass(frozen=True)
class Clause:
    """A Chinese clause of a row: where it is, its share of the row, its dictionary words and how many of
    them have a sense among the English words."""

    start: int
    end: int
    share: float
    words: int
    coverage: float


def clauses(zh: SideText, en: SideText) -> list[Clause]:
    """The clauses of the Chinese side with their dictionary coverage by the English."""
    text = zh.folded
    cuts = [(m.start(), m.end()) for m in _CLAUSE_END.finditer(text)]
    bounds = zip([0, *(end for _, end in cuts)], [*(start for start, _ in cuts), len(text)], strict=True)
    return _covered(zh, en, [(a, b) for a, b in bounds if content_length(text[a:b]) >= 4])


def sentence_clauses(zh: SideText, en: SideText) -> list[Clause]:
    """Each sentence of the Chinese side as one :class:`Clause`, with its dictionary coverage."""
    return _covered(zh, en, [(a, b) for a, b in zh.bounds() if content_length(zh.folded[a:b]) >= 4])


def _covered(zh: SideText, en: SideText, pieces: list[tuple[int, int]]) -> list[Clause]:
    """The ``(start, end)`` pieces of the Chinese side as clauses: share, words, coverage by the English."""
    from aligner.lexicon import english_stems

    english = set(english_stems(en.folded))
    prefixes = {s[:5] for s in english if len(s) >= 5}   # economy ~ economic
    text, total = zh.folded, max(content_length(zh.folded), 1)
    out = []
    for start, end in pieces:
        senses = _senses(text[start:end])
        covered = sum(bool(stems & english) or any(x[:5] in prefixes for x in stems if len(x) >= 5)
                      for stems in senses)
        out.append(Clause(start, end, content_length(text[start:end]) / total, len(senses),
                          covered / len(senses) if senses else 1.0))
    return out


def _senses(text: str) -> list[frozenset[str]]:
    """English sense stems of each word of two or more characters of a Chinese text (an unknown word: of
    its characters)."""
    from aligner.lexicon import gloss_stems, segment_words

    out = []
    for word in segment_words(text):
        if len(word) < 2 or not _HAN.search(word):   # single characters: mostly function words and 年, 月
            continue
        stems = gloss_stems(word)
        if not stems and len(word) > 1:
            stems = frozenset().union(*(gloss_stems(ch) for ch in word if ch not in _FUNCTION_WORDS))
        if stems:
            out.append(stems)
    return out


def untranslated_clause(model: LengthModel, zh: SideText, en: SideText, z: float,
                        encode: Encoder | None) -> Clause | None:
    """The clause of a row shorter than predicted (``z`` under ``model``) that looks untranslated, or None
    (see the module notes)."""
    every = clauses(zh, en)
    found = [c for c in every if c.share >= MIN_CLAUSE_SHARE and c.words >= MIN_CLAUSE_WORDS]
    if len(every) < 2 or not found:
        return None
    if encode is None:
        worst = min(found, key=lambda c: c.coverage)
        if z < FAST_Z and worst.coverage <= FAST_COVERAGE:
            return worst
        if len(zh.sentences) < 2 or z >= FAST_Z:
            return None
        whole = [c for c in sentence_clauses(zh, en) if c.words >= MIN_CLAUSE_WORDS]
        lowest = min(whole, key=lambda c: c.coverage, default=None)
        if lowest is None or lowest.coverage > FAST_SENTENCE_COVERAGE:
            return None
        if z < FAST_SENTENCE_Z:
            return lowest
        zh_chars, en_chars = content_length(zh.folded), content_length(en.folded)
        rest = model.z(zh_chars - content_length(zh.folded[lowest.start:lowest.end]), en_chars)
        return lowest if rest >= FAST_REST_Z else None
    text = zh.folded
    vectors = encode([text, *(text[:c.start] + text[c.end:] for c in found), en.folded])
    english = vectors[-1]
    base = float(vectors[0] @ english)
    scored = [(10 * (float(v @ english) - base) - 0.5 * c.coverage - 0.2 * z, c)
              for v, c in zip(vectors[1:-1], found, strict=True)]
    score, clause = max(scored, key=lambda sc: sc[0])
    return clause if score > CLAUSE_SCORE else None


def check_uncovered(parts: dict[str, float], zh: SideText, en: SideText,
                    encode: Encoder | None = None) -> list[Finding]:
    """A row of several sentences whose least related edge sentence hardly relates to the other side (the
    aligner's ``coverage`` score under :data:`MIN_COVERAGE`): a sentence left untranslated and folded into
    its neighbour's row, or one that belongs to another row. The suspect sentence is highlighted when a
    sentence encoder can tell which edge it is (leaving it out brings the sides closest)."""
    coverage = parts.get("coverage")
    if coverage is None or coverage >= MIN_COVERAGE or not zh or not en:
        return []
    side = zh if len(zh.sentences) >= len(en.sentences) else en
    other = en if side is zh else zh
    spans = side.whole()
    if encode is not None and len(side.sentences) >= 2:
        edges = [0, len(side.sentences) - 1]
        joiner = "" if side is zh else " "
        rest = [joiner.join(s for k, s in enumerate(side.sentences) if k != edge) for edge in edges]
        vectors = encode([*rest, other.folded])
        edge = edges[max(range(2), key=lambda k: float(vectors[k] @ vectors[-1]))]
        spans = (Span(side.side, edge, 0, len(side.sentences[edge])),)
    language = with_article("Chinese" if side is zh else "English")
    return [Finding(OMISSION, "warning", f"{language} sentence of this row hardly relates to the other side: "
                    "left untranslated, or part of another row?", "uncovered", spans)]


def check_length(model: LengthModel, zh: SideText, en: SideText, *, headline: bool = False,
                 encode: Encoder | None = None) -> list[Finding]:
    """A row whose English is far shorter than the model predicts, or shorter with a clause that looks
    untranslated (highlighted); ``encode`` is the sentence encoder (None: dictionary coverage only)."""
    if not zh or not en or headline:
        return []
    zh_chars, en_chars = content_length(zh.text), content_length(en.text)
    if zh_chars < MIN_ZH_CHARS:
        return []
    z = model.z(zh_chars, en_chars)
    if z >= 0:
        return []
    clause = untranslated_clause(model, zh, en, z, encode)
    if clause is None and z >= SHORT_Z:
        return []
    expected = round(zh_chars * math.exp(model.median))
    message = f"the English is short for its Chinese ({en_chars} letters where the article's ratio " \
              f"predicts about {expected})"
    if clause is None:
        return [Finding(LENGTH, "warning", message, "short", zh.whole())]
    missing = quote(zh.text[clause.start:clause.end])
    return [Finding(LENGTH, "warning", f"{message}; not translated? {missing}", "short",
                    (zh.span(clause.start, clause.end),))]


def is_lone(finding: Finding) -> bool:
    """Whether ``finding`` is that of a row holding one language only (Chinese or English without the
    other), which a one-sided article reports once (:func:`one_sided_article`)."""
    return finding.check == OMISSION and finding.subject in ("zh-only", "en-only")


def one_sided_article(findings: Sequence[Finding], zh_sentences: int, en_sentences: int) -> list[Finding]:
    """``findings`` of a one-sided article (one side's body missing, as ``aligner.api.is_one_sided`` judges
    it) with its rows that hold one language only reported as one finding, a warning placed on the first
    of them: the article's shape is one problem, not one per sentence of the other side."""
    lone = [f for f in findings if is_lone(f)]
    if not lone:
        return list(findings)
    short, long_ = ("Chinese", "English") if zh_sentences < en_sentences else ("English", "Chinese")
    rows = count(len(lone), "row")
    merged = Finding(OMISSION, "warning", f"the {short} body is missing ({zh_sentences} Chinese and "
                     f"{en_sentences} English sentences): {rows} hold one language only, the "
                     f"{long_} not checked against a translation", "one-sided").at(lone[0].row)
    return [merged if f is lone[0] else f for f in findings if f is lone[0] or f not in lone]
