"""Reading article text files whatever their encoding, and refusing input that is not text.

``read_text`` decodes UTF-8 (with or without BOM), UTF-16/32 (with BOM), UTF-16 without a BOM (in the
byte order whose characters are likely in an article), GB18030/GBK and Big5, Latin-1/Windows-1252 text
that is mostly ASCII (English with a few accented words or curly quotes), and anything else
charset-normalizer recognises. GB18030 and Big5 overlap so much that both often decode the same bytes
without error; the wrong one yields rare characters, kana or box-drawing symbols, so the candidates are
ranked by the share of characters that are common in that encoding's own character set (GB2312 level 1
for GB, Big5 level 1 for Big5). Text is returned as written, with ``\\n`` newlines.
"""

from __future__ import annotations

import codecs
import functools
import itertools
import re
from pathlib import Path
from typing import Literal

from aligner.display import count
from aligner.errors import UserError
from aligner.segment.script import han_share, script_of
from corpora.locations import Location, as_location

__all__ = ["MAX_EN_SHARE", "MAX_FILE_BYTES", "MAX_LINE_CHARS", "MIN_ZH_SHARE", "check_language",
           "check_share", "read_text", "script_of"]

MAX_LINE_CHARS = 200_000
# Han characters as a share of Han + Latin letters: a Chinese news article with many English names
# stays far above MIN_ZH_SHARE; an English one under a Chinese headline stays far below MAX_EN_SHARE.
MIN_ZH_SHARE = 0.2
MAX_EN_SHARE = 0.5
MAX_FILE_BYTES = 200 * 1024 * 1024
_SAMPLE = 1 << 16  # bytes looked at for control characters
_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c\x1b")
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .xlsx or .epub is one)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
)
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029]")
# Chinese double-byte candidates, tried strictly; the best-scoring one wins.
_CHINESE_ENCODINGS = ("gb18030", "big5hkscs")
_MIN_CHINESE_SCORE = 0.5
_GB_LEVEL1 = (0xB0A1, 0xD7F9)    # GB2312 level 1: the 3,755 most used simplified characters
_BIG5_LEVEL1 = (0xA440, 0xC67E)  # Big5 frequently used characters: 5,401 traditional ones
_CJK_SYMBOLS = re.compile(r"[\u3000-\u303f\uff00-\uffef\u2010-\u2027\u00b7\u2500]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Latin-1 letters and signs, and the typographic punctuation Windows-1252 adds (quotes, dashes, …, €, ™).
_WESTERN = re.compile("[\u00a0-\u00ff\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u20ac\u2122"
                      "\u0152\u0153\u0160\u0161\u0178\u017d\u017e]")
_MAX_WESTERN_HIGH = 0.3  # share of non-ASCII bytes above which a file is not "mostly ASCII"
_SCORED_CHARS = 50_000  # enough to rank the decodings of a file of any size
_MIN_UTF16_LIKELY = 0.9  # share of likely characters for BOM-less UTF-16 to be taken as text
_STRAY_NULS = 8  # NUL bytes (or one per 1,000 bytes) a text file damaged here and there may hold
_UTF16_NUL_SHARE = 0.2  # NUL bytes on one parity for undecodable data to be called UTF-16 rather than binary


def _fail(path: str | Path, problem: str) -> UserError:
    return UserError(f"{path}: {problem}")


def check_input_file(path: Path) -> None:
    """``UserError`` (one line) when ``path`` is missing or a directory, before anything reads it."""
    if not path.exists():
        raise _fail(path, "no such file; check the path")
    if path.is_dir():
        raise _fail(path, "is a directory; pass a text file")


def _read_bytes(path: Path) -> bytes:
    check_input_file(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _fail(path, f"is {size:,} bytes, too large for an article; split it into articles")
        return path.read_bytes()
    except PermissionError:
        raise _fail(path, "permission denied; make the file readable") from None
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror or exc}); check the file") from None


def _utf16_without_bom(data: bytes) -> tuple[str | None, str]:
    """(the text, or None, and the encoding) of BOM-less UTF-16.

    Both byte orders are decoded and the one whose characters are likely in an article wins (see
    :func:`_likely_share`): counting NUL bytes alone is not enough, since common Han characters have one
    too (一 is U+4E00). When neither decodes to text, the encoding named is the one the NUL bytes of
    ASCII characters point to: odd offsets in little-endian, even ones in big-endian.
    """
    sample = data[:_SAMPLE]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    guess = "utf-16-le" if odd >= even else "utf-16-be"
    if len(data) % 2:
        return None, guess
    share, encoding = max((_likely_share(sample.decode(e, errors="replace")), e)
                          for e in (guess, "utf-16-be" if guess == "utf-16-le" else "utf-16-le"))
    if share < _MIN_UTF16_LIKELY:
        return None, guess
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return None, encoding


def _likely_share(text: str) -> float:
    """Share of the visible characters of ``text`` that are likely in a Chinese or English article:
    printable ASCII, Latin, Greek and Cyrillic letters, typographic and CJK punctuation, full-width forms,
    kana and the common Han characters of GB2312 or Big5. Text decoded in the wrong byte order, or binary
    data, gives rare Han, Hangul, control, unassigned and private-use characters."""
    shown = [c for c in text if not c.isspace()]
    return sum(map(_likely, shown)) / len(shown) if shown else 0.0


@functools.cache
def _likely(char: str) -> bool:
    """Whether one character is likely in an article (see :func:`_likely_share`)."""
    if _HAN.match(char):
        return any(low <= (_code(char, table) or 0) <= high
                   for table, (low, high) in (("gb2312", _GB_LEVEL1), ("big5", _BIG5_LEVEL1)))
    return char.isprintable() and bool(char < "\u0500" or _WESTERN.match(char) or _CJK_SYMBOLS.match(char)
                                       or "\u3040" <= char <= "\u30ff")


def _check_not_a_document(path: Path, data: bytes) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise _fail(path, f"is {kind}, not plain text; save it as UTF-8 plain text (.txt) first")


def _nul_bytes_as_utf16(data: bytes) -> bool:
    """Whether the NUL bytes of ``data`` fall as UTF-16 puts them: on one byte parity (the high byte of
    ASCII characters) and at least :data:`_UTF16_NUL_SHARE` of its bytes. Binary data scatters them."""
    sample = data[:_SAMPLE]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) >= _UTF16_NUL_SHARE * (len(sample) // 2) and 4 * min(even, odd) <= max(even, odd)


def _control_share(data: bytes) -> float:
    """Share of control bytes (but TAB, LF, CR, VT, FF and ESC) in the start of ``data``."""
    sample = data[:_SAMPLE]
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / max(1, len(sample))


def _check_not_binary(path: Path, data: bytes) -> None:
    nuls = data.count(0)
    if nuls and not _nul_bytes_as_utf16(data):
        if nuls <= max(_STRAY_NULS, len(data) // 1000) and _control_share(data.replace(b"\x00", b"")) <= 0.05:
            line = data.count(b"\n", 0, data.index(0)) + 1
            raise _fail(path, f"is text but holds {count(nuls, 'NUL byte')} (the first on line {line:,}), "
                              "which no text has, so it may be damaged; check that line, or delete "
                              f"{'it' if nuls == 1 else 'them'} with: tr -d '\\000' < {path} > {path}.fixed")
        raise _fail(path, "looks binary (NUL bytes scattered through it, as no text has them); pass a "
                          "plain text file")
    if b"\x00" in data:
        name = _utf16_without_bom(data)[1].upper().replace("-LE", "LE").replace("-BE", "BE")  # iconv's names
        raise _fail(path, "contains NUL bytes, so it is binary or UTF-16 without a byte-order mark; if it "
                          f"is text, convert it with: iconv -f {name} -t UTF-8 {path} > {path}.utf8")
    control = _control_share(data)
    if control > 0.05:
        raise _fail(path, f"looks binary ({control:.0%} control bytes); pass a plain text file")


def _code(char: str, encoding: str) -> int | None:
    try:
        raw = char.encode(encoding)
    except UnicodeEncodeError:
        return None
    return int.from_bytes(raw, "big") if len(raw) == 2 else None


def _commonness(text: str, encoding: str) -> float:
    """Share of non-ASCII characters that are CJK punctuation or common Han characters of ``encoding``."""
    table, (low, high) = ("gb2312", _GB_LEVEL1) if encoding.startswith("gb") else ("big5", _BIG5_LEVEL1)
    total = common = 0
    for match in itertools.islice(_NON_ASCII.finditer(text), _SCORED_CHARS):
        char = match.group()
        total += 1
        if _CJK_SYMBOLS.match(char):
            common += 1
        elif _HAN.match(char):
            code = _code(char, table)
            common += code is not None and low <= code <= high
    return common / total if total else 0.0


def _decode_chinese(data: bytes) -> tuple[str, str] | None:
    """The best strict GB18030/Big5 decoding of ``data`` if it looks like real Chinese text."""
    best: tuple[float, str, str] | None = None
    for encoding in _CHINESE_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _commonness(text, encoding)
        if best is None or score > best[0]:
            best = (score, text, encoding)
    if best is None or best[0] < _MIN_CHINESE_SCORE:
        return None
    return best[1], best[2]


def _check_mostly_utf8(path: Path, data: bytes, error: UnicodeDecodeError) -> None:
    """Name the first bad line of a UTF-8 file spoiled by a few invalid bytes.

    Text in another encoding read as UTF-8 gives almost nothing but errors; a damaged UTF-8 file
    gives many valid multi-byte characters and a few errors.
    """
    decoded = data.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd")
    valid = len(decoded.encode("utf-8")) - len(decoded) - 2 * bad  # extra bytes of valid characters
    if valid >= max(40, 20 * bad):
        line = data.count(b"\n", 0, error.start) + 1
        raise _fail(path, f"is UTF-8 but has {bad:,} invalid byte sequence(s), the first on line {line:,}; "
                          "fix or delete them, then save the file as UTF-8 again")


def _decode_western(data: bytes) -> str | None:
    """Windows-1252 (a superset of Latin-1's letters) text that is mostly ASCII and whose other characters
    are Latin letters or typographic punctuation: English with ``café``, ``naïve`` or curly quotes."""
    high = sum(b >= 0x80 for b in data[:_SAMPLE])
    if not high or high > _MAX_WESTERN_HIGH * min(len(data), _SAMPLE):
        return None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    others = _NON_ASCII.findall(text[:_SAMPLE])
    western = sum(bool(_WESTERN.match(c)) for c in others)
    return text if western >= 0.9 * len(others) else None


def _decode(path: Path, data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise _fail(path, f"starts with a {encoding.upper()} byte-order mark but is not valid "
                                  f"{encoding.upper()}; re-save it as UTF-8") from None
    _check_not_a_document(path, data)
    if b"\x00" in data and (utf16 := _utf16_without_bom(data)[0]) is not None:
        return utf16
    _check_not_binary(path, data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        _check_mostly_utf8(path, data, exc)
    chinese = _decode_chinese(data)
    if chinese is not None:
        return chinese[0]
    western = _decode_western(data)
    if western is not None:
        return western
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is not None:
        return str(match)
    raise _fail(path, "is not UTF-8, GB18030 or Big5 text; convert it to UTF-8, e.g. with: "
                      f"iconv -f GBK -t UTF-8 {path} > {path}.utf8")


def _check_lines(path: Path, text: str) -> None:
    lengths = [len(line) for line in text.split("\n")]
    if max(lengths) <= MAX_LINE_CHARS:
        return
    number, length = next((n, k) for n, k in enumerate(lengths, 1) if k > MAX_LINE_CHARS)
    raise _fail(path, f"line {number} is {length:,} characters long (limit {MAX_LINE_CHARS:,}); "
                      "is it really an article? Put each paragraph on its own line")


def read_text(path: str | Location) -> str:
    """The decoded text of ``path`` with ``\\n`` newlines, as written otherwise.

    Raises ``UserError`` naming the file and the fix for a missing file, a directory, an empty or
    binary file, text in an unknown encoding, or a line longer than ``MAX_LINE_CHARS``. ``path`` may be
    an fsspec URL (see :mod:`corpora.locations`).
    """
    path = as_location(path)
    data = _read_bytes(path)
    if not data.strip():
        raise _fail(path, "is empty; pass the article text")
    text = _NEWLINES.sub("\n", _decode(path, data)).removeprefix("\ufeff")
    if not text.strip():
        raise _fail(path, "is empty (only white space); pass the article text")
    _check_lines(path, text)
    return text


def check_language(text: str, lang: Literal["zh", "en"], path: str | Path) -> None:
    """Raise ``UserError`` when a Chinese text has (almost) no Han characters or an English one is mostly Han.

    A Chinese article full of English names and numbers passes, and so does an English translation
    under a Chinese headline.
    """
    check_share(han_share(text), lang, path)


def check_share(share: float | None, lang: Literal["zh", "en"], path: str | Path) -> None:
    """:func:`check_language` given the text's ``han_share``, for a caller that has it already."""
    if lang == "zh":
        if share is None:
            raise UserError(f"{path} has no Chinese characters: pass the Chinese article first "
                            "(zhen-align align ZH EN)")
        if share < MIN_ZH_SHARE:
            raise UserError(f"{path} looks English ({share:.0%} Chinese characters): pass the Chinese "
                            "file first (zhen-align align ZH EN)")
    elif lang == "en":
        if share is None:
            raise UserError(f"{path} has no English words: pass the English translation second "
                            "(zhen-align align ZH EN)")
        if share > MAX_EN_SHARE:
            raise UserError(f"{path} looks Chinese ({share:.0%} Chinese characters): pass the English "
                            "file second (zhen-align align ZH EN)")
    else:
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
