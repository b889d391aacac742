"""Numbers signal: Arabic and Chinese numerals and Latin-script tokens that appear on both sides.

Numbers are normalised (``1,000`` → ``1000``, ``两千`` → ``2000``, ``three`` → ``3``); Latin tokens of the
Chinese text (names, acronyms) are matched against the same words in the English text. A bead with
no such token on either side gets the neutral value, which the scorer weighs as nothing (no credit
when neither side has a number); one with tokens on one side only gets 0, which counts against it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from aligner.scoring.base import VectorSignal, hash_features
from aligner.scoring.sparse import use_sparse

DIM = 128
NEUTRAL = 0.5
_ARABIC = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z\-']*")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_CN_NUMBER = re.compile(f"[{''.join(_CN_DIGITS)}{''.join(_CN_UNITS)}]{{2,}}")
# A lone numeral before a measure word ("十座", "三年"); 一 is left out (一个 is mostly
# just "a"), and so are ordinals (第三).
_CN_SINGLE = re.compile("(?<![零〇一二两三四五六七八九十百千万亿第])([二两三四五六七八九十])"
                        "(?=[个位名座本年天次岁家条项件种倍])")
_EN_NUMBER_TEXT = """zero one two three four five six seven eight nine ten eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen twenty"""
_EN_NUMBERS = {w: i for i, w in enumerate(_EN_NUMBER_TEXT.split())}
_EN_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                    "ninety": 90, "hundred": 100, "thousand": 1000, "million": 1_000_000})


def chinese_numeral(text: str) -> int | None:
    """Value of a Chinese numeral such as ``二十五`` or ``一九九七`` (``None`` if it is not one)."""
    if all(ch in _CN_DIGITS for ch in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in ("万", "亿"):
            total = (total + section + digit) * _CN_UNITS[ch]
            section, digit = 0, 0
        else:
            section += (digit or 1) * _CN_UNITS[ch]
            digit = 0
    return total + section + digit


def _arabic(token: str) -> str:
    token = token.replace(",", "")
    return token.rstrip("0").rstrip(".") if "." in token else token.lstrip("0") or "0"


def zh_tokens(sentence: str) -> list[str]:
    """Normalised numbers and lower-cased Latin tokens of a Chinese sentence."""
    out = [_arabic(t) for t in _ARABIC.findall(sentence)]
    out += [str(v) for t in _CN_NUMBER.findall(sentence) if (v := chinese_numeral(t)) is not None]
    out += [str(chinese_numeral(t)) for t in _CN_SINGLE.findall(sentence)]
    out += [t.lower() for t in _LATIN.findall(sentence)]
    return out


def en_tokens(sentence: str, latin: frozenset[str]) -> list[str]:
    """Normalised numbers, number words, and the words of ``latin`` found in an English sentence."""
    out = [_arabic(t) for t in _ARABIC.findall(sentence)]
    for word in _LATIN.findall(sentence):
        low = word.lower()
        if (number := _number_word(low)) is not None:
            out.append(number)
        elif low in latin:
            out.append(low)
    return out


@lru_cache(maxsize=100_000)
def _number_word(low: str) -> str | None:
    """The value of a lower-case English number word such as ``twenty-five`` (None for any other word).
    Kept per word: every word of the English side is asked."""
    parts = low.split("-")
    return str(sum(_EN_NUMBERS[p] for p in parts)) if all(p in _EN_NUMBERS for p in parts) else None


def numbers_signal(zh: Sequence[str], en: Sequence[str]) -> VectorSignal:
    """The numbers signal of a document pair."""
    sparse = use_sparse(len(zh), len(en))
    zh_toks = [zh_tokens(s) for s in zh]
    latin = frozenset(t for toks in zh_toks for t in toks if not t[0].isdigit())
    return VectorSignal(
        "numbers",
        hash_features(([(t, 1.0) for t in toks] for toks in zh_toks), DIM, sparse=sparse),
        hash_features(([(t, 1.0) for t in en_tokens(s, latin)] for s in en), DIM, sparse=sparse),
        neutral=NEUTRAL,
        offset=NEUTRAL,
    )
