"""Numbers check: every number on one side of a row has its counterpart on the other.

Both sides are read into :class:`Mention`\\ s (value, where, how sure). Chinese: Arabic and full-width
digits, Chinese numerals (十三, 两千, 三万五), scale words after digits (124.3亿, 5万), percentages (5%,
百分之五, 三成), fractions (三分之一), multiples (三倍), years, months (2月), days (13日) and weekdays (周一),
with a currency when one follows (美元, 元, 人民币...). English: digits with their scale words (12.43
billion), number words (two thousand), ordinals, fractions, decades (1990s), month and weekday names,
currency signs and words ($, dollars, yuan...), percent signs and words (kept in the quoted number).
A clock time with its minutes (09:15, 9:15:30, 9时15分, 九点十五分, 9点半; 9:15 am, 9.15 pm) is one
mention of its own kind, read as a time of day, either half of the day unless 上午/下午 or am/pm says;
on the hour (10:00) it is the number of the hour, as "10 am" or 10点 write it.

A mention is *strong* when it is written out as a number (digits, or a Chinese or English numeral of 10
or more). Small numerals (三, two, first) are *weak*: they are often not translated as numbers (两国 "both
countries", 一个 "a"). A strong Chinese number without a counterpart in the English is reported. An
English number without a Chinese counterpart is reported only as half of a pair: when, each number being
matched to at most one of the other side, exactly one number of a kind is left on each side and one of
them is strong, the pair is an altered number (this also finds 5月20日 … 20日 against May 30 … May 20).
Of more numbers left, each is paired with the closest one of the other side that one digit added,
dropped or changed would give (111 ↔ 11), or within a factor of ten, one of the two written out: so a
small numeral against a different number (两天 ↔ "3-day") is an altered pair too.
English numbers of their own are otherwise mostly context the translator added (the 19th Central
Committee, the month of a Chinese "本月6日", Beijing 2022).

Two values correspond when they are equal, or when one is the other rounded to the precision it is
written with (12.43 billion ↔ 12.4 billion), or, next to a word of approximation (about, 约, 多, more
than), rounded to its last non-zero digit (5,012 ↔ about 5,000). A matched pair whose currencies differ
(美元 ↔ yuan) is reported too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from aligner.scoring.numbers import chinese_numeral
from qa.findings import Finding, SideText

CHECK = "numbers"

# ------------------------------------------------------------------------------------------- mentions


@dataclass(frozen=True)
class Mention:
    """A number written in a text: ``text[start:end]`` means one of ``values``.

    ``precision`` is the unit of the last digit written after a decimal point (times the scale: 124.3亿 →
    10,000,000), or of the last digit of a whole number; ``loose`` the unit of its last non-zero digit
    (5,000 → 1,000), used next to a word of approximation.
    """

    start: int
    end: int
    values: tuple[float, ...]
    kind: str = "number"  # "number", "month" or "weekday": only mentions of one kind correspond
    strong: bool = True
    approx: bool = False
    precision: float = 1.0
    loose: float = 1.0
    currency: frozenset[str] = field(default_factory=frozenset)
    pairable: bool = True  # False for ordinal, multiple and fraction words: never reported as "differs"

    @property
    def value(self) -> float:
        """The first (usual) reading."""
        return self.values[0]


def _written_precision(digits: str, scale: float) -> tuple[float, float]:
    """(precision, loose) of a number written as ``digits`` (``1,234.5``) times ``scale``."""
    whole, _, decimals = digits.replace(",", "").partition(".")
    if decimals:
        unit = 10.0 ** -len(decimals) * scale
        return unit, unit
    zeros = len(whole) - len(whole.rstrip("0")) if whole.strip("0") else 0
    return scale, 10.0 ** zeros * scale


# ---------------------------------------------------------------------------------------------- Chinese

_CN_DIGIT = "〇零一二两三四五六七八九"
_CN_UNIT = "十百千万亿"
_CN_VALUE = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_UNIT_VALUE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_ZH_SCALES = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "亿": 1e8, "千万": 1e7, "百万": 1e6,
              "十万": 1e5, "万": 1e4, "千": 1e3, "百": 1e2}
#: Currencies after (or before) a Chinese amount, as ISO codes; the English side names them by sign or word.
ZH_CURRENCIES = {"美元": "USD", "美金": "USD", "人民币": "CNY", "元": "CNY", "块": "CNY", "欧元": "EUR",
                 "英镑": "GBP", "日元": "JPY", "港元": "HKD", "港币": "HKD", "韩元": "KRW", "卢布": "RUB",
                 "新台币": "TWD", "台币": "TWD", "澳元": "AUD", "加元": "CAD", "新加坡元": "SGD",
                 "卢比": "INR", "瑞士法郎": "CHF"}
_ZH_CURRENCY = "|".join(sorted(ZH_CURRENCIES, key=len, reverse=True))
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN_NUM = f"[{_CN_DIGIT}{_CN_UNIT}]+(?:点[{_CN_DIGIT}]+)?"
# One Chinese number expression. Kilo- units (千米, 千克, 千瓦, 千比特, 千字节) are not thousands.
_ZH_NUMBER = re.compile(
    rf"(?P<cur_pre>人民币)?"
    rf"(?:百分之(?P<pct>{_ARABIC}|{_CN_NUM})"
    rf"|(?P<den>{_ARABIC}|{_CN_NUM})分之(?P<num>{_ARABIC}|{_CN_NUM})"
    rf"|(?P<wd_pre>星期|礼拜|周)(?P<wd>[一二三四五六日天])"
    rf"|(?P<ar>{_ARABIC})(?P<mid>余|多)?"
    rf"(?:(?P<scale>\s*(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千(?![米克瓦比字])|百(?!米)))(?P<rest>\d+(?![.\d]))?)?"
    rf"|(?P<cn>{_CN_NUM}))"
    rf"(?P<unit>\s*(?:[%％]|个百分点|成(?!不变|为|了|功|立|本|果|员|熟|长|交|就|分|绩)|倍|月份?|日|号))?"
    rf"(?P<cur>\s*(?:{_ZH_CURRENCY}))?")
# Words of approximation: "约 5000", "近三成"; "五千多", "8000余", "90%以上", "十来个".
_ZH_APPROX_BEFORE = re.compile(r"(?:约|大约|近|将近|接近|超过|逾|几乎|不到|不足|上下)\s*$")
_ZH_APPROX_AFTER = re.compile(r"^\s*(?:多|余|左右|以上|以下|上下|来)")
_ZH_WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
#: Numerals that are mostly not numbers in running text ("十分" very, "万一" in case, "千万" by all means).
_ZH_IDIOMS = ("十分", "万一", "千万", "万万", "一一", "三三两两", "一五一十", "百分百", "一成不变", "九九")


def _cn_pieces(text: str) -> Iterator[tuple[int, int]]:
    """Split a run of Chinese numeral characters where it holds several numbers (十三五 → 十三 + 五)."""
    start = 0
    has_unit = False
    for k, ch in enumerate(text):
        if ch in _CN_UNIT:
            has_unit = True
        prev = text[k - 1] if k else ""
        both_digits = prev in _CN_DIGIT and ch in _CN_DIGIT and not {prev, ch} & {"零", "〇"}
        if k and both_digits and (has_unit or (k - start >= 2 and any(c in _CN_UNIT for c in text[k:]))):
            yield start, k
            start, has_unit = k, False
    yield start, len(text)


def chinese_value(text: str) -> tuple[tuple[float, ...], bool]:
    """Readings of one Chinese numeral (no mixed numbers) and whether it is an approximation.

    ``一九九七`` → 1997; ``三万五`` → 35000 (short for 三万五千); ``七八`` → 7 or 8; ``一两`` → 1 or 2;
    ``五六十`` → 50 or 60.
    """
    whole, _, decimals = text.partition("点")
    digits_only = all(ch in _CN_DIGIT and ch != "两" for ch in whole)
    if digits_only and len(whole) == 2 and not decimals:   # 七八, 三五: "seven or eight"
        return (float(_CN_VALUE[whole[0]]), float(_CN_VALUE[whole[1]])), True
    if whole in ("一两", "两三"):                            # "one or two", "two or three"
        return (float(_CN_VALUE[whole[0]]), float(_CN_VALUE[whole[1]])), True
    if len(whole) == 3 and whole[0] in _CN_DIGIT and whole[1] in _CN_DIGIT and whole[2] in _CN_UNIT:
        unit = _UNIT_VALUE[whole[2]]                        # 五六十: "fifty or sixty"
        return (float(_CN_VALUE[whole[0]] * unit), float(_CN_VALUE[whole[1]] * unit)), True
    if whole[:1] in ("万", "亿"):                            # 万名: ten thousand
        whole = "一" + whole
    value = float(chinese_numeral(whole) or 0)
    if len(whole) >= 2 and whole[-1] in _CN_DIGIT and whole[-1] not in "零〇" and whole[-2] in "万千百":
        unit = _UNIT_VALUE[whole[-2]]                       # 三万五 = 三万五千, 两千五 = 两千五百
        value = float(chinese_numeral(whole[:-1]) or 0) + _CN_VALUE[whole[-1]] * unit / 10
    if decimals:
        value += float("0." + "".join(str(_CN_VALUE[ch]) for ch in decimals))
    return (value,), False


def _cn_precision(text: str, value: float) -> tuple[float, float]:
    """(precision, loose) of a Chinese numeral: its smallest written unit."""
    whole, _, decimals = text.partition("点")
    if decimals:
        unit = 10.0 ** -len(decimals)
        return unit, unit
    if all(ch in _CN_DIGIT for ch in whole):
        return 1.0, 1.0
    last = whole[-1]
    unit = float(_UNIT_VALUE.get(last, 1))
    if last in _CN_DIGIT and len(whole) >= 2 and whole[-2] in "万千百":
        unit = _UNIT_VALUE[whole[-2]] / 10
    return (unit if value >= unit else 1.0), unit


#: A section or version number (10.1.1, 2.3.4): a label, not a quantity, on either side.
_LABEL = re.compile(r"(?<![\d.])\d+(?:\.\d+){2,}(?![\d])")


def _outside_labels(mentions: list[Mention], text: str) -> list[Mention]:
    """``mentions`` without those inside a section number."""
    labels = [m.span() for m in _LABEL.finditer(text)]
    return [m for m in mentions if all(m.end <= a or m.start >= b for a, b in labels)]


def zh_mentions(side: SideText) -> list[Mention]:
    """The numbers of the Chinese side of a row."""
    text = side.folded
    out = zh_times(text)
    times = [(t.start, t.end) for t in out]
    for m in _ZH_NUMBER.finditer(text):
        if any(m.start() < b and m.end() > a for a, b in times):
            continue
        if m.group("cn"):
            out.extend(_zh_numeral_mentions(m, text))
            continue
        mention = _zh_mention(m, text)
        if mention is not None:
            out.append(mention)
    return sorted((_in_context(mention, text) for mention in _outside_labels(out, text)),
                  key=lambda mention: mention.start)


def _in_context(mention: Mention, text: str) -> Mention:
    """Readings the words around a number allow: 耶鲁等3所 ("Yale and two others"), 20世纪60年代 (the
    1960s: the century is not written in English)."""
    value = mention.value
    if text[mention.start - 1:mention.start] == "等" and value >= 2:
        return replace(mention, values=(*mention.values, value - 1))
    after = text[mention.end:mention.end + 10]
    if after.startswith("世纪"):
        return replace(mention, values=(value, (value - 1) * 100), strong="年代" not in after)
    return mention


def _approx_zh(text: str, start: int, end: int) -> bool:
    return bool(_ZH_APPROX_BEFORE.search(text[max(0, start - 3):start])
                or _ZH_APPROX_AFTER.match(text[end:end + 2]))


def _currency(m: re.Match[str]) -> frozenset[str]:
    names = [m.group(g).strip() for g in ("cur_pre", "cur") if m.group(g)]
    return frozenset(ZH_CURRENCIES[n] for n in names)


def _number(text: str) -> tuple[tuple[float, ...], float, float, bool]:
    """Readings, precision, loose precision and strength of an Arabic or Chinese number."""
    if text[0].isdigit():
        return (float(text.replace(",", "")),), *_written_precision(text, 1.0), True
    values, _ = chinese_value(text)
    precision, loose = _cn_precision(text, values[0])
    return values, precision, loose, _explicit(text) and values[0] >= 10


def _explicit(text: str) -> bool:
    """A Chinese numeral with a digit in it (十三, 一千), not bare units (十, 千万) or idioms."""
    return any(ch in _CN_DIGIT and ch not in "零〇" for ch in text) and text not in _ZH_IDIOMS


def _zh_mention(m: re.Match[str], text: str) -> Mention | None:
    """A mention from a percentage, fraction, weekday or Arabic number match."""
    start, end = m.start(), m.end()
    approx = _approx_zh(text, start, end)
    if m.group("wd"):
        day = float(_ZH_WEEKDAYS[m.group("wd")])
        return Mention(start, end, (day,), "weekday", strong=False)
    if m.group("pct"):
        values, precision, loose, _ = _number(m.group("pct"))
        return Mention(start, end, values, strong=m.group("pct") != "百", approx=approx,
                       precision=precision, loose=loose)
    if m.group("den"):
        (den, *_), _, _, _ = _number(m.group("den"))
        (num, *_), _, _, _ = _number(m.group("num"))
        if not den:
            return None
        return Mention(start, end, (num / den, 100 * num / den), strong=False, precision=0.0, loose=0.0,
                       pairable=False)
    token = m.group("ar")
    if _attached_to_latin(text, m.start("ar"), m.end("ar")):
        return None
    scale = _ZH_SCALES[m.group("scale").strip()] if m.group("scale") else 1.0
    value = float(token.replace(",", "")) * scale
    precision, loose = _written_precision(token, scale)
    if m.group("rest"):                                      # 2万4801 = 24801
        value += float(m.group("rest"))
        precision = loose = 1.0
    return _with_unit(Mention(start, end, (value,), approx=approx or bool(m.group("mid")),
                              precision=precision, loose=loose, currency=_currency(m)), m.group("unit"))


def _with_unit(mention: Mention, unit: str | None) -> Mention:
    """Apply what follows a number: 成 (三成 = 30%), 倍 (三倍: 3, or 4 as in "增长三倍"), 月 (a month)."""
    unit = (unit or "").strip()
    value = mention.value
    if unit == "成":
        return replace(mention, values=(value * 10,), strong=True, precision=mention.precision * 10,
                       loose=mention.loose * 10)
    if unit == "倍":
        return replace(mention, values=(value, value + 1))
    if unit.startswith("月") and value == int(value) and 1 <= value <= 12:
        return replace(mention, kind="month", strong=True)
    return mention


def _zh_numeral_mentions(m: re.Match[str], text: str) -> list[Mention]:
    """Mentions of a run of Chinese numerals (perhaps several numbers, 十三五 = 13 and 5)."""
    run = m.group("cn")
    base = m.start("cn")
    if _in_idiom(text, base, base + len(run)):
        return []
    pieces = list(_cn_pieces(run))
    out = []
    for n, (a, b) in enumerate(pieces):
        piece = run[a:b]
        values, approx = chinese_value(piece)
        precision, loose = _cn_precision(piece, values[0])
        last = n == len(pieces) - 1
        start = base + a
        end = m.end() if last else base + b
        # 七八 "seven or eight" (or 六一, Children's Day) is never half of an altered pair
        mention = Mention(start, end, values, strong=_explicit(piece) and values[0] >= 10 and not approx,
                          pairable=len(values) == 1,
                          approx=approx or _approx_zh(text, start, end), precision=precision, loose=loose,
                          currency=_currency(m) if last else frozenset())
        out.append(_with_unit(mention, m.group("unit")) if last else mention)
    return out


def _in_idiom(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` overlaps one of :data:`_ZH_IDIOMS`."""
    for idiom in _ZH_IDIOMS:
        at = text.find(idiom, max(0, start - len(idiom) + 1), end + len(idiom) - 1)
        if at >= 0 and at < end and at + len(idiom) > start:
            return True
    return False


def _attached_to_latin(text: str, start: int, end: int) -> bool:
    """Digits that belong to a Latin name: V3, 5G, COVID-19, H1N1 (the Latin check sees those)."""
    before = text[start - 1] if start else ""
    if before.isascii() and before.isalpha():
        return True
    if before == "-" and start >= 2 and text[start - 2].isascii() and text[start - 2].isalpha():
        return True
    after = text[end] if end < len(text) else ""
    return after.isascii() and after.isalpha() and after.isupper()


# ---------------------------------------------------------------------------------------------- English

_ONES_TEXT = """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen"""
_ONES = _ONES_TEXT.split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_WORD_VALUES = {w: i for i, w in enumerate(_ONES)} | _TENS
_EN_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_ORDINALS_TEXT = """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
    thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"""
_ORDINALS = _ORDINALS_TEXT.split()
_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
              "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
              "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}
#: Words that stand for a number without being one (weak; they only answer a number of the other side).
_COUNT_WORDS = {"once": 1, "thrice": 3, "decade": 10, "decades": 10, "dozen": 12, "century": 100,
                "centenary": 100, "centennial": 100}
_MULTIPLES = {"twice": 2, "double": 2, "doubled": 2, "twofold": 2, "triple": 3, "tripled": 3, "treble": 3,
              "trebled": 3, "threefold": 3, "quadruple": 4, "quadrupled": 4, "fourfold": 4, "fivefold": 5,
              "tenfold": 10}
_MONTHS_TEXT = "january february march april may june july august september october november december"
_MONTHS = _MONTHS_TEXT.split()
_MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                        "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_WEEKDAYS_TEXT = "monday tuesday wednesday thursday friday saturday sunday"
_WEEKDAYS = _WEEKDAYS_TEXT.split()
#: Currency signs and words of the English side, as the ISO codes a Chinese currency word may stand for.
_DOLLARS = frozenset({"USD", "HKD", "TWD", "AUD", "CAD", "SGD"})
EN_CURRENCY_SIGNS = {"US$": {"USD"}, "U.S.$": {"USD"}, "HK$": {"HKD"}, "NT$": {"TWD"}, "A$": {"AUD"},
                     "C$": {"CAD"}, "S$": {"SGD"}, "$": _DOLLARS, "€": {"EUR"}, "£": {"GBP"},
                     "¥": {"JPY", "CNY"}, "RMB": {"CNY"}, "CNY": {"CNY"}, "USD": {"USD"}, "EUR": {"EUR"},
                     "HKD": {"HKD"}, "JPY": {"JPY"}, "GBP": {"GBP"}}
EN_CURRENCY_WORDS = {"dollar": _DOLLARS, "yuan": {"CNY"}, "renminbi": {"CNY"}, "rmb": {"CNY"},
                     "cny": {"CNY"}, "usd": {"USD"}, "euro": {"EUR"}, "eur": {"EUR"}, "pound": {"GBP"},
                     "sterling": {"GBP"}, "yen": {"JPY"}, "won": {"KRW"}, "ruble": {"RUB"},
                     "rouble": {"RUB"}, "rupee": {"INR"}, "franc": {"CHF"}}
_EN_CURRENCY_NATIONS = {"u.s.": {"USD"}, "us": {"USD"}, "american": {"USD"}, "hong kong": {"HKD"},
                        "hk": {"HKD"}, "singapore": {"SGD"}, "australian": {"AUD"}, "canadian": {"CAD"},
                        "new taiwan": {"TWD"}, "nt": {"TWD"}, "taiwan": {"TWD"}}

#: Units written against a number with a capital (245MHz, 500Km, 4GB): the number is still a quantity.
_GLUED_UNITS = "MHz|GHz|kHz|KHz|Hz|Km|KM|MW|GW|KW|kW|MB|GB|TB|KB|Mbps|Gbps|TeV|GeV|MeV"
_SIGN = r"US\$|U\.S\.\s?\$|HK\$|NT\$|A\$|C\$|S\$|\$|€|£|¥|(?:RMB|CNY|USD|EUR|HKD|JPY|GBP)\s?"
_NATION = r"U\.S\.|US|American|Hong Kong|HK|Singapore|Australian|Canadian|New Taiwan|NT|Taiwan"
_CURRENCY_WORD = (r"dollars?|yuan|renminbi|RMB|CNY|USD|euros?|EUR|pounds?(?:\s+sterling)?|sterling|yen|won|"
                  r"rubles?|roubles?|rupees?|francs?")
_EN_DIGITS = re.compile(
    rf"(?P<sign>{_SIGN})?(?<![\w.,])(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?P<suffix>st|nd|rd|th|s|'s)?(?-i:(?![A-Z0-9_])|(?=(?:{_GLUED_UNITS})\b))"
    r"(?:\s*(?P<scale>hundred|thousand|million|billion|trillion|bn)\b|(?P<short>m|mn|k)\b)?"
    rf"(?P<cur>\s+(?:(?:{_NATION})\s+)?(?:{_CURRENCY_WORD})\b)?", re.IGNORECASE)
_EN_PERCENT = re.compile(r"\s?%|\s+(?:percent|per\s+cent|percentage\s+points?)\b", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"(?<!\d)(?P<century>1\d|20)\d\d\s?[-–]\s?$")
_EN_DECADE = re.compile(r"(?<![\w])['’](?P<num>\d\d)(?P<s>s)?\b")   # the '90s, Dogme '95
_WORD = "|".join([*_ONES, *_TENS])
_SCALE_WORD = "hundred|thousand|million|billion|trillion"
_EN_WORDS = re.compile(
    rf"\b(?P<words>(?:(?:{_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_WORD}|{_SCALE_WORD})\b)*)"
    rf"|a\s+(?:{_SCALE_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_WORD}|{_SCALE_WORD})\b)*)\b"
    rf"(?!\w|-(?:\d|(?:{_WORD}|{'|'.join(_ORDINALS)})\b))"   # eight-day, not twenty-first
    r"(?:\s+(?P<count>decades|dozens?)\b)?"                    # two decades = 20
    rf"(?P<cur>\s+(?:(?:{_NATION})\s+)?(?:{_CURRENCY_WORD})\b)?", re.IGNORECASE)
_EN_FRACTION = re.compile(rf"\b(?P<n>a|one|{'|'.join(_ONES[2:10])})[\s-]+(?P<d>{'|'.join(_FRACTIONS)})\b",
                          re.IGNORECASE)
_EN_SINGLE = re.compile(
    rf"\b(?P<w>{'|'.join([*_ORDINALS, *_MULTIPLES, *_COUNT_WORDS, *_WEEKDAYS, *_MONTHS])})\b"
    rf"|\b(?P<abbr>{'|'.join(_MONTH_ABBREVIATIONS)})\.(?=\s*\d)", re.IGNORECASE)
_EN_APPROX = re.compile(r"(?:about|around|approximately|roughly|nearly|almost|some|over|more than|less than|"
                        r"fewer than|close to|up to|at least|under|above|below|an estimated|estimated|"
                        r"upwards of|or so)\s*[$€£¥]?$", re.IGNORECASE)
_MAY_CONTEXT = re.compile(r"(?:in|since|until|by|early|late|mid|last|next|this|of|before|after|from|"
                          r"through|during|end of)[\s-]*$", re.IGNORECASE)


def _en_currency(sign: str | None, words: str | None) -> frozenset[str]:
    out: set[str] = set()
    if sign:
        out |= EN_CURRENCY_SIGNS.get(re.sub(r"\s", "", sign).upper() if sign.strip().isalpha() else
                                     re.sub(r"\s", "", sign), set())
    if words:
        text = " ".join(words.lower().split())
        for nation, codes in _EN_CURRENCY_NATIONS.items():
            if text.startswith(nation + " "):
                return frozenset(codes)
        word = text.split()[-1].removesuffix("s") if text.split()[-1] not in ("yuan", "renminbi") else \
            text.split()[-1]
        out |= EN_CURRENCY_WORDS.get(word, set())
    return frozenset(out)


def _words_value(words: str) -> float:
    """Value of number words: ``two thousand five hundred`` → 2500, ``a million`` → 1e6."""
    total = current = 0.0
    for word in re.split(r"[\s-]+", words.lower()):
        if word in ("and", "a"):
            continue
        if word in _WORD_VALUES:
            current += _WORD_VALUES[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _EN_SCALES:
            total += (current or 1) * _EN_SCALES[word]
            current = 0.0
    return total + current


def _approx_en(text: str, start: int) -> bool:
    return bool(_EN_APPROX.search(text[max(0, start - 20):start]))


def en_mentions(side: SideText) -> list[Mention]:
    """The numbers of the English side of a row."""
    text = side.folded
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(mention: Mention) -> None:
        out.append(mention)
        taken.append((mention.start, mention.end))

    for mention in en_times(text):
        add(mention)
    for m in _EN_DECADE.finditer(text):
        n = float(m.group("num"))
        add(Mention(m.start(), m.end(), (n, 1900 + n, 2000 + n), strong=bool(m.group("s"))))
    for m in _EN_DIGITS.finditer(text):
        mention = _en_digits(m, text)
        if mention is not None and free(m.start("num"), m.end("num")):
            add(mention)
    for m in _EN_FRACTION.finditer(text):
        if free(m.start(), m.end()):
            n = 1.0 if m.group("n").lower() in ("a", "one") else float(_WORD_VALUES[m.group("n").lower()])
            value = n / _FRACTIONS[m.group("d").lower()]
            add(Mention(m.start(), m.end(), (value, 100 * value), strong=False, precision=0.0, loose=0.0,
                        pairable=False))
    for m in _EN_WORDS.finditer(text):
        if free(m.start(), m.end()):
            value = _words_value(m.group("words"))
            vague = m.group("words").lower().startswith("a ") or bool(m.group("count"))
            value *= _COUNT_WORDS.get((m.group("count") or "").lower().rstrip("s"), 1)
            add(Mention(m.start(), m.end(), (value,), strong=value >= 10 and not vague,
                        approx=_approx_en(text, m.start()), precision=1.0, loose=_loose_of(value),
                        currency=_en_currency(None, m.group("cur"))))
    for m in _EN_SINGLE.finditer(text):
        if free(m.start(), m.end()):
            mention = _en_single(m, text)
            if mention is not None:
                add(mention)
    return sorted((_with_percent(m, text) for m in _outside_labels(out, text)), key=lambda m: m.start)


def _with_percent(mention: Mention, text: str) -> Mention:
    """``mention`` taking in the percent sign or word after it (21%, 21 per cent), so that a finding quotes
    the number as written; its value is the same."""
    after = _EN_PERCENT.match(text, mention.end) if mention.kind == "number" else None
    return replace(mention, end=after.end()) if after else mention


def _loose_of(value: float) -> float:
    if value <= 0 or value != int(value):
        return 1.0
    digits = str(int(value))
    return 10.0 ** (len(digits) - len(digits.rstrip("0")))


def _en_digits(m: re.Match[str], text: str) -> Mention | None:
    """A mention from digits, with their scale word, currency and suffix."""
    token = m.group("num")
    start = m.start("sign") if m.group("sign") else m.start("num")
    if token == "00" and text[:m.start()].endswith(":"):   # the minutes of 10:00
        return None
    sign = m.group("sign")
    scale_word = (m.group("scale") or "").lower()
    scale = 1e9 if scale_word == "bn" else _EN_SCALES.get(scale_word, 1.0)
    if m.group("short") and (sign or m.group("cur")):   # $5m, 3k yuan
        scale = 1e3 if m.group("short").lower() == "k" else 1e6
    value = float(token.replace(",", "")) * scale
    precision, loose = _written_precision(token, scale)
    values: tuple[float, ...] = (value,)
    suffix = (m.group("suffix") or "").lower()
    if suffix in ("s", "'s") and len(token) == 4 and token.endswith("0"):
        values = (value, value % 100)   # the 1990s ↔ 90年代
    years = _YEAR_RANGE.search(text, 0, m.start("num"))
    if years and len(token) == 2:
        values = (value, float(years.group("century")) * 100 + value)   # 1997-98 ↔ 1997至1998
    # an ordinal (19th) without a counterpart is most often context the translator added
    # digits of a name (COVID-19, Rescue-2021) only answer a number of the Chinese
    named = _attached_to_latin(text, m.start("num"), m.end("num"))
    return Mention(start, m.end(), values, strong=not named and suffix not in ("st", "nd", "rd", "th"),
                   approx=_approx_en(text, start), precision=precision, loose=loose,
                   currency=_en_currency(sign, m.group("cur")), pairable=not named)


def _en_single(m: re.Match[str], text: str) -> Mention | None:
    """An ordinal, multiple, weekday or month name."""
    if m.group("abbr"):
        return Mention(m.start(), m.end() + 1, (float(_MONTH_ABBREVIATIONS[m.group("abbr").lower()]),),
                       "month", strong=False)
    word = m.group("w")
    low = word.lower()
    if low in _MONTHS:
        if not word[0].isupper():
            return None
        if low in ("may", "march") and not (_MAY_CONTEXT.search(text[max(0, m.start() - 12):m.start()])
                                            or re.match(r"\s*\d", text[m.end():m.end() + 3])):
            return None   # the verb, or a sentence opening with the modal
        # weak: translators name the month of a Chinese "本月6日" (the Chinese month is strong)
        return Mention(m.start(), m.end(), (float(_MONTHS.index(low) + 1),), "month", strong=False)
    if low in _WEEKDAYS:
        return Mention(m.start(), m.end(), (float(_WEEKDAYS.index(low) + 1),), "weekday", strong=False)
    if low in _COUNT_WORDS:
        return Mention(m.start(), m.end(), (float(_COUNT_WORDS[low]),), strong=False, pairable=False)
    if low in _MULTIPLES:
        return Mention(m.start(), m.end(), (float(_MULTIPLES[low]),), strong=False, pairable=False)
    return Mention(m.start(), m.end(), (float(_ORDINALS.index(low) + 1),), strong=False, pairable=False)


# ------------------------------------------------------------------------------------------ clock times

#: Words before a Chinese clock time that say which half of the day it is in.
_ZH_MORNING = "上午|早上|早晨|清晨|凌晨"
_ZH_EVENING = "下午|傍晚|晚上|晚间|夜间|夜里"
_ZH_TIME_NUMERAL = "[零〇一二两三四五六七八九十]{1,3}"
#: A Chinese clock time with its minutes: 09:15, 9:15:30, 9时15分, 9点15分30秒, 九点十五分, 9点半.
_ZH_TIME = re.compile(
    rf"(?:(?P<half>{_ZH_MORNING}|{_ZH_EVENING})\s*)?"
    r"(?:(?<![\d.:])(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?(?![\d:])"
    rf"|(?<![\d.{_CN_DIGIT}{_CN_UNIT}])(?P<hz>\d{{1,2}}|{_ZH_TIME_NUMERAL})[时点](?:(?P<mz>\d{{1,2}}|{_ZH_TIME_NUMERAL})分"
    rf"(?:(?P<sz>\d{{1,2}}|{_ZH_TIME_NUMERAL})秒)?|(?P<halfhour>(?<=点)半)(?![会天年月个夜日小])))")
#: An English clock time with its minutes: 09:15, 9:15:30 AM, 9.15 am (a point only before am or pm).
_EN_TIME = re.compile(
    r"(?<![\w.,:])(?P<h>\d{1,2})(?::(?P<m>\d{2})(?::(?P<s>\d{2}))?|\.(?P<dm>\d{2})(?=\s?[ap]\.?m\b))"
    r"(?![\d:])(?:\s?(?P<half>[ap])\.?m\b\.?)?", re.IGNORECASE)


def _clock_value(text: str) -> int | None:
    """An hour, minute or second of a clock time, Arabic or Chinese (None: not one)."""
    value = int(text) if text.isdigit() else chinese_numeral(text)
    return None if value is None else int(value)


def _clock(start: int, end: int, parts: tuple[int | None, int | None, int | None],
           half: str | None) -> Mention | None:
    """A clock time (hour, minute, second; ``half`` "a" or "p" when the text says which half of the day):
    a mention of kind "time" read as minutes since midnight, both halves of the day when it may be either,
    or, on the hour (10:00), the number of the hour, as "10 am" or 10点 say it. None: no time of day."""
    hour, minute, second = parts
    if hour is None or minute is None or hour > 24 or minute > 59 or (second or 0) > 59:
        return None
    if minute == 0 and not second:
        return Mention(start, end, (float(hour),))
    hours = [hour % 12] if half == "a" else [hour % 12 + 12] if half == "p" else \
        [hour, (hour + 12) % 24] if 1 <= hour <= 12 else [hour % 24]
    minutes = minute + (second or 0) / 60
    unit = 1 / 60 if second is not None else 1.0
    return Mention(start, end, tuple(h * 60.0 + minutes for h in hours), "time", precision=unit, loose=unit)


def zh_times(text: str) -> list[Mention]:
    """The clock times with minutes of a Chinese text."""
    out = []
    for m in _ZH_TIME.finditer(text):
        half = m.group("half")
        half_code = None if half is None else "a" if re.fullmatch(_ZH_MORNING, half) else "p"
        if m.group("h"):
            seconds = None if m.group("s") is None else int(m.group("s"))
            parts = (int(m.group("h")), int(m.group("m")), seconds)
        else:
            minutes = m.group("mz")
            # 三点五分 may be a score of 3.5 points: Chinese-numeral minutes under ten need a half of the day
            if minutes and not minutes.isdigit() and "十" not in minutes and not minutes.startswith("零") \
                    and half is None:
                continue
            parts = (_clock_value(m.group("hz")), 30 if m.group("halfhour") else _clock_value(minutes),
                     None if m.group("sz") is None else _clock_value(m.group("sz")))
        mention = _clock(m.start(), m.end(), parts, half_code)
        if mention is not None:
            out.append(mention)
    return out


def en_times(text: str) -> list[Mention]:
    """The clock times with minutes of an English text."""
    out = []
    for m in _EN_TIME.finditer(text):
        second = None if m.group("s") is None else int(m.group("s"))
        half = (m.group("half") or "").lower() or None
        mention = _clock(m.start(), m.end(), (int(m.group("h")), int(m.group("m") or m.group("dm")), second),
                         half)
        if mention is not None:
            out.append(mention)
    return out


# --------------------------------------------------------------------------------------------- matching

def _equal(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _candidates(left: list[Mention], kind: str) -> list[Mention]:
    """The unmatched numbers of one kind that may be half of an altered pair: the strong ones, or when
    there are none the weak ones other than 1 (一, one, a)."""
    pairable = [m for m in left if m.kind == kind and m.pairable]
    strong = [m for m in pairable if m.strong]
    return strong or [m for m in pairable if m.value != 1]


def _near(candidates: list[Mention], other: Mention) -> list[Mention]:
    """The ``candidates`` within a factor of ten of ``other`` (百年 against 200-year, not 两国)."""
    return [m for m in candidates if other.value > 0 and 0.1 <= m.value / other.value <= 10]


def _pool(left: list[Mention], kind: str) -> list[Mention]:
    """The unmatched numbers of one kind that may be half of an altered pair, weak ones too (not 1)."""
    return [m for m in left if m.kind == kind and m.pairable and (m.strong or m.value != 1)]


def _digit_slip(a: float, b: float) -> bool:
    """Whether two whole numbers of two digits or more are written with one digit added, dropped or changed
    (111 ↔ 11; not 3 ↔ 5, which any two one-digit numbers would be)."""
    if a != int(a) or b != int(b):
        return False
    x, y = sorted((str(int(a)), str(int(b))), key=len)
    if len(x) < 2 or len(y) - len(x) > 1:
        return False
    if len(x) == len(y):
        return sum(p != q for p, q in zip(x, y, strict=True)) == 1
    return any(y[:k] + y[k + 1:] == x for k in range(len(y)))


def _close_pairs(zh: list[Mention], en: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Altered numbers among the unmatched ones of a kind when more than one is left on a side: each
    Chinese number paired with at most one English number close to it (a digit slip, or within a factor
    of ten), one of the two written out, the closest pairs first (两天 against "3-day", 111 against 11)."""
    options = []
    for z in zh:
        for e in en:
            if not (z.strong or e.strong) or z.value <= 0 or e.value <= 0:
                continue
            slip, ratio = _digit_slip(z.value, e.value), abs(math.log(z.value / e.value))
            if slip or ratio <= math.log(10):
                options.append((not slip, ratio, z, e))
    pairs: list[tuple[Mention, Mention]] = []
    for _, _, z, e in sorted(options, key=lambda o: o[:2]):
        if all(z is not p and e is not q for p, q in pairs):
            pairs.append((z, e))
    return sorted(pairs, key=lambda p: p[0].start)


def _unmatched(zh: list[Mention], en: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """The mentions of each side left when each is paired with at most one of the other (equal values
    first, then rounded ones), in text order; ranges and fraction words may answer several."""
    zh_left, en_left = list(zh), list(en)
    for exact in (True, False):
        for z in list(zh_left):
            partner = next((e for e in en_left if corresponds(z, e, exact=exact)), None)
            if partner is not None:
                zh_left.remove(z)
                en_left.remove(partner)
    # a range or fraction word (六七十 "sixty or seventy", a third) may answer several numbers
    zh_left = [z for z in zh_left if not any(corresponds(z, e) for e in en if not e.pairable)]
    en_left = [e for e in en_left if not any(corresponds(e, z) for z in zh if not z.pairable)]
    return zh_left, en_left


def corresponds(a: Mention, b: Mention, *, exact: bool = False) -> bool:
    """Whether ``a`` and ``b`` can be the same number (same kind; equal, or one rounding the other)."""
    if a.kind != b.kind:
        return False
    approx = a.approx or b.approx
    for x in a.values:
        for y in b.values:
            if _equal(x, y):
                return True
            if exact:
                continue
            coarse, fine = (a, b) if (a.loose if approx else a.precision) > (b.loose if approx else
                                                                              b.precision) else (b, a)
            unit = coarse.loose if approx else coarse.precision
            if unit > (fine.loose if approx else fine.precision) and abs(x - y) <= unit / 2 * (1 + 1e-9):
                return True
    return False


def _label(side: SideText, mention: Mention) -> str:
    return side.text[mention.start:mention.end].strip()


def _subject(mention: Mention) -> str:
    value = mention.value
    if mention.kind == "time":
        seconds = round(value * 60)
        clock = f"{seconds // 3600}:{seconds // 60 % 60:02d}"
        return f"time {clock}" + (f":{seconds % 60:02d}" if seconds % 60 else "")
    number = f"{value:.6g}" if value != int(value) else str(int(value))
    return number if mention.kind == "number" else f"{mention.kind} {number}"


def check_numbers(zh: SideText, en: SideText) -> list[Finding]:
    """Findings of the numbers check on one row (nothing when a side is empty: the omission check
    reports that)."""
    if not zh or not en:
        return []
    zh_all, en_all = zh_mentions(zh), en_mentions(en)
    zh_left, en_left = _unmatched(zh_all, en_all)
    # a Chinese number repeated in the row whose value the English holds fewer times: only half of a pair
    zh_alone = [m for m in zh_left if m.strong and not any(corresponds(m, o) for o in en_all)]
    findings: list[Finding] = []
    # one unmatched number of a kind on each side, one of them written out: an altered number
    for kind in sorted({m.kind for m in zh_left} & {m.kind for m in en_left}):
        zh_c, en_c = _candidates(zh_left, kind), _candidates(en_left, kind)
        if len(zh_c) == 1 and len(en_c) > 1:     # several: the one of the same order of magnitude
            en_c = _near(en_c, zh_c[0])
        elif len(en_c) == 1 and len(zh_c) > 1:
            zh_c = _near(zh_c, en_c[0])
        pairs = [(zh_c[0], en_c[0])] if len(zh_c) == 1 and len(en_c) == 1 and (zh_c[0].strong
                                                                              or en_c[0].strong) else []
        # the rest, weak Chinese numerals too, by closeness
        pairs += _close_pairs([m for m in _pool(zh_left, kind) if all(m is not z for z, _ in pairs)],
                              [m for m in _pool(en_left, kind) if all(m is not e for _, e in pairs)])
        for zh_m, en_m in pairs:
            if zh_m in zh_alone:
                zh_alone.remove(zh_m)
            findings.append(Finding(
                CHECK, "error", f"number differs: {_label(zh, zh_m)} in the Chinese, {_label(en, en_m)} in "
                                "the English", _subject(zh_m),
                (zh.span(zh_m.start, zh_m.end), en.span(en_m.start, en_m.end))))
    findings += [Finding(CHECK, "error", f"{_label(zh, m)} in the Chinese has no counterpart in the English",
                         _subject(m), (zh.span(m.start, m.end),)) for m in zh_alone]
    findings += _currency_findings(zh, en, zh_all, en_all)
    return findings


def _currency_findings(zh: SideText, en: SideText, zh_all: list[Mention],
                       en_all: list[Mention]) -> list[Finding]:
    """Amounts that correspond but whose currencies cannot be the same (美元 ↔ yuan)."""
    out = []
    for z in zh_all:
        if not z.currency:
            continue
        partners = [e for e in en_all if corresponds(z, e) and e.currency]
        if partners and all(not (z.currency & e.currency) for e in partners):
            e = partners[0]
            out.append(Finding(
                "currency", "error", f"currency differs: {_label(zh, z)} in the Chinese, {_label(en, e)} "
                                     "in the English", "/".join(sorted(z.currency)),
                (zh.span(z.start, z.end), en.span(e.start, e.end))))
    return out


__all__ = ["CHECK", "Mention", "check_numbers", "chinese_value", "corresponds", "en_mentions", "zh_mentions"]
