"""Consistency checks across an article: a glossary term rendered by different accepted renderings, and a
repeated name rendered differently.

Names are learned from the article itself: a Chinese proper noun (person, place or organisation, as
jieba tags it) of two or more characters that occurs in at
least :data:`MIN_ROWS` rows, whose rows nearly all hold the same English word written capitalised
somewhere in the article (a name), that word being rare elsewhere and a dictionary sense of the Chinese
word (or the Chinese word being in no dictionary, as transliterated names are not), is taken to be
rendered by it, like 皮莱 by Pillay; a row holding the Chinese word but not the English one is reported.
A word in no dictionary cannot take an English word that another Chinese word of the same rows renders
(波黑 is not "Committee" because 奥委会 is the Olympic Committee). Among equally good candidates the one
in most of the Chinese word's rows wins, then the one rarest elsewhere, then the first in alphabetical
order, so that the same article always learns the same names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from qa.findings import Finding, SideText
from qa.glossary import Glossary, term_uses

CHECK = "consistency"
#: A name is learned from this many rows or more.
MIN_ROWS = 3
#: Share of the Chinese word's rows holding the English word, and of the English word's rows holding the
#: Chinese word, for the pair to count as a name and its rendering.
AGREEMENT = 0.75
_HAN_WORD = re.compile(r"^[\u3400-\u9fff·]{2,}$")
_CAPITALISED = re.compile(r"(?<![.!?:;\"“]\s)(?<!^)\b[A-Z][a-z]+(?:[A-Z][a-z]+)*\b")
_EN_WORD = re.compile(r"[A-Za-z]+")
_OPENING = re.compile(r"(?:^|[.!?:;\"“]\s)([A-Z][a-z]+)\b")
_NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz"})


def _words(text: str) -> tuple[set[str], set[str], set[str]]:
    """Lower-cased words of an English text: all, those written capitalised inside a sentence, and those
    written capitalised at the start of one."""
    words = {w.lower() for w in _EN_WORD.findall(text)}
    inside: set[str] = set()
    opening: set[str] = set()
    for line in text.splitlines():
        line = line.strip()
        inside.update(m.group().lower() for m in _CAPITALISED.finditer(line))
        opening.update(m.group(1).lower() for m in _OPENING.finditer(line))
    return words, inside, opening


def _chinese_names(text: str) -> set[str]:
    """Proper nouns of a Chinese text (jieba's part-of-speech tags: person, place, organisation, other)."""
    from aligner.lexicon import tagged_words

    return {word for word, flag in tagged_words(text) if flag in _NAME_TAGS and _HAN_WORD.match(word)}


def _senses(word: str) -> frozenset[str]:
    from aligner.lexicon import gloss_stems

    return gloss_stems(word)


def _may_render(word: str, english: str) -> bool:
    """Whether ``english`` can be how the Chinese ``word`` is rendered: the dictionary gives it as a
    sense of the word, or the word is not in the dictionary (a transliterated name)."""
    from aligner.lexicon import stem

    senses = _senses(word)
    return not senses or stem(english) in senses


def _segmented(text: str) -> set[str]:
    """The words of a Chinese text."""
    from aligner.lexicon import segment_words

    return set(segment_words(text))


def _rendered_by_others(english: str, word: str, where: list[int], row_words: dict[int, set[str]]) -> bool:
    """Whether, in half or more of the rows ``where``, ``english`` is a sense of a Chinese word other than
    ``word`` (and than a word holding it or held by it: jieba's tagger may cut 奥密克戎 as 奥密克 + 戎)."""
    from aligner.lexicon import stem

    key = stem(english)
    others = [[w for w in row_words[i] if word not in w and w not in word] for i in where]
    return sum(any(key in _senses(w) for w in row) for row in others) * 2 >= len(where)


@dataclass
class Renderings:
    """What the article says about itself: learned names and the glossary renderings each row uses."""

    names: dict[str, str] = field(default_factory=dict)             # Chinese word -> English (lower case)
    name_rows: dict[str, list[int]] = field(default_factory=dict)   # Chinese word -> rows rendering it so
    glossary: dict[str, Counter[str]] = field(default_factory=dict)  # term -> rendering -> rows
    glossary_rows: dict[str, dict[str, list[int]]] = field(default_factory=dict)


def learn(rows: Sequence[tuple[SideText, SideText]], glossary: Glossary | None) -> Renderings:
    """The article's name renderings and glossary usage (``rows`` are the sides of each row)."""
    out = Renderings()
    zh_rows: dict[str, list[int]] = {}
    en_rows: dict[str, set[int]] = {}
    names: set[str] = set()
    lower: set[str] = set()   # words the article also writes in lower case (not names: "the", "said")
    row_words: dict[int, set[str]] = {}   # each row's Chinese words
    for index, (zh, en) in enumerate(rows):
        if not zh or not en:
            continue
        for word in _chinese_names(zh.folded):
            zh_rows.setdefault(word, []).append(index)
        row_words[index] = _segmented(zh.folded)
        words, inside, opening = _words(en.folded)
        names |= inside | opening
        lower |= {w for w in _EN_WORD.findall(en.folded) if w.islower()}
        for word in words:
            en_rows.setdefault(word, set()).add(index)
        for use in term_uses(glossary, zh, en) if glossary else []:
            if use.rendering is not None:
                out.glossary.setdefault(use.term.zh, Counter())[use.rendering] += 1
                out.glossary_rows.setdefault(use.term.zh, {}).setdefault(use.rendering, []).append(index)
    names -= lower
    # English names the dictionary gives as a sense of one of the article's Chinese names (Arabia for
    # 沙特阿拉伯) are that word's; a word the dictionary does not know cannot take them
    explained = {e for e in names for w in zh_rows if _senses(w) and _may_render(w, e)}
    for word, where in zh_rows.items():
        if len(where) < MIN_ROWS:
            continue
        counts = Counter(e for i in where for e in names if i in en_rows[e])
        ranked = sorted(counts, key=lambda e: (-counts[e], len(en_rows[e]), e))
        for english in ranked[:3]:
            together = counts[english]
            if (together >= AGREEMENT * len(where) and together >= AGREEMENT * len(en_rows[english])
                    and _may_render(word, english) and (_senses(word) or english not in explained)
                    and (_senses(word) or not _rendered_by_others(english, word, where, row_words))):
                out.names[word] = english
                out.name_rows[word] = [i for i in where if i in en_rows[english]]
                break
    return out


def _rows(indices: Sequence[int]) -> str:
    """``row 5`` or ``rows 2, 5, 9``: the first five of the (0-based) row ``indices``, numbered from 1."""
    return ("row " if len(indices) == 1 else "rows ") + ", ".join(str(i + 1) for i in indices[:5])


def check_consistency(renderings: Renderings, index: int, zh: SideText, en: SideText,
                      glossary: Glossary | None) -> list[Finding]:
    """Findings of row ``index``: names rendered otherwise than in the rest of the article, and glossary
    terms rendered by a less used accepted rendering."""
    if not zh or not en:
        return []
    findings = []
    if renderings.names:
        words, _, _ = _words(en.folded)
        for word in sorted(_chinese_names(zh.folded)):
            english = renderings.names.get(word)
            stem = None if english is None else english[:max(4, len(english) - 2)]  # Vietnam(ese)
            if stem is not None and not any(w.startswith(stem) for w in words):
                start = zh.folded.find(word)
                span = zh.span(start, start + len(word))
                findings.append(Finding(CHECK, "warning", f"{word} is “{english.capitalize()}” in "
                                        f"{_rows(renderings.name_rows[word])}, but not here", word, (span,)))
    for use in term_uses(glossary, zh, en) if glossary else []:
        counts = renderings.glossary.get(use.term.zh)
        if use.rendering is None or not counts or len(counts) < 2:
            continue
        usual, _ = counts.most_common(1)[0]
        if use.rendering != usual:
            rows = _rows(renderings.glossary_rows[use.term.zh][usual])
            spans = (use.zh_span,) + ((use.en_span,) if use.en_span else ())
            findings.append(Finding(CHECK, "warning", f"{use.term.zh} is “{use.rendering}” here but "
                                    f"“{usual}” in {rows}", use.term.zh, spans))
    return findings
