"""Text from input files made safe to show on a terminal.

An article, a title or a file name may hold escape sequences (``ESC ]0;…BEL`` sets the window title,
``ESC [2J`` clears the screen, an OSC 8 sequence makes a link, the C1 byte ``0x9b`` starts a command on
some terminals). Whatever reaches a terminal, in the editor or on the command line, goes through
:func:`visible` first: every C0 control becomes its Unicode control picture (``ESC`` → ``␛``), DEL
becomes ``␡``, C1 controls and lone surrogates (undecodable bytes in a file name) become ``�``. Each
character maps to exactly one, so offsets into the text stay valid. The stored text is never changed.
The bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) become ``�``
too: they reorder what follows them on screen, so a row could show text in another order than it holds
(the "Trojan Source" trick); the plain direction marks U+200E/U+200F, which reorder nothing, are kept.

What the user edits on screen is the :func:`visible` form; :func:`unshown` puts the hidden characters back
where the edit left the text as it was shown, so editing a sentence keeps what it holds.

The same characters (but tab, line feed and carriage return) are the ones a data format must not send
raw either, whether standard output is a terminal or a pipe: :func:`json_escaped` writes them as
``\\uXXXX`` and :func:`xml_escaped` as ``&#xXX;`` (both lossless), :func:`without_controls` drops them
from the line formats (TSV, Moses, sentence files), as those have no way to escape a character.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher

_PICTURES = {code: 0x2400 + code for code in range(0x20)}   # ␀ … ␟
_TABLE = {**_PICTURES, 0x7F: 0x2421,                        # ␡
          **dict.fromkeys(range(0x80, 0xA0), 0xFFFD),
          **dict.fromkeys(range(0xD800, 0xE000), 0xFFFD),
          **dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)], 0xFFFD)}
_KEPT_TABLES: dict[str, dict[int, int]] = {}


def _runs(codes: Iterable[int]) -> list[tuple[int, int]]:
    """Increasing code points as runs of consecutive ones: ``(first, last)``."""
    runs: list[tuple[int, int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1] = (runs[-1][0], code)
        else:
            runs.append((code, code))
    return runs


#: One character :func:`visible` replaces, other than the white space a data format holds (TAB, LF, CR);
#: a class of ranges (its 2,100 characters one by one took every command 0.01 s to compile).
_CONTROL = re.compile("[" + "".join(f"{re.escape(chr(first))}-{re.escape(chr(last))}" for first, last
                                    in _runs(k for k in sorted(_TABLE) if chr(k) not in "\t\n\r")) + "]")

#: A 7-bit terminal escape sequence: a CSI (``ESC [``, parameters, intermediates, one final byte), an
#: OSC, DCS, SOS, PM or APC string up to its BEL or ST on the same line, or ``ESC``, intermediates and a
#: final byte (``ESC (B``). An unterminated string or CSI is not one (it would swallow the text after
#: it), nor is ``ESC`` before a letter (``ESC c`` resets a terminal, but in a text the letter is more
#: likely the start of a word).
ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]"
                             r"|\x1b[\]PX^_][^\x07\x1b\n]*(?:\x07|\x1b\\)"
                             r"|\x1b[ -/]+[0-~]")
#: Unicode categories of characters that show nothing: controls, format characters (ZWSP, BOM, the
#: bidirectional controls), separators.
_UNSEEN_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def shows_nothing(text: str) -> bool:
    """Whether ``text`` holds nothing a reader sees: only escape sequences, control and format characters
    and white space (or nothing at all)."""
    return all(char.isspace() or unicodedata.category(char) in _UNSEEN_CATEGORIES
               for char in ESCAPE_SEQUENCE.sub("", text))


def count(number: int, noun: str) -> str:
    """``1 article``, ``2 articles``, ``0 rows``: a number with its noun, plural when it is not 1."""
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


#: Words whose first vowel letter sounds as a consonant ("a UTF-8 file", "a one-sided row").
_CONSONANT_SOUND = re.compile(r"(?i)(?:uni|use|utf|eu|one\b|one-)")


def with_article(noun: str) -> str:
    """``an English sentence``, ``a Chinese sentence``: ``noun`` after the indefinite article its first
    sound takes (by its spelling: a vowel letter takes "an", but for words such as ``unit`` or ``one``)."""
    vowel = bool(noun) and noun[0].lower() in "aeiou" and not _CONSONANT_SOUND.match(noun)
    return f"{'an' if vowel else 'a'} {noun}"


def visible(text: str, keep: str = "") -> str:
    """``text`` with every control character (except those in ``keep``, e.g. ``"\\n\\t"``) replaced by
    a visible stand-in, one character for one."""
    table = _TABLE if not keep else _KEPT_TABLES.get(keep)
    if table is None:
        table = _KEPT_TABLES[keep] = {k: v for k, v in _TABLE.items() if chr(k) not in keep}
    return text.translate(table)


def unshown(original: str, edited: str) -> str:
    """``edited`` (an edit of ``visible(original)``) with the characters of ``original`` back wherever the
    edit left the shown text as it was; only the characters typed or replaced come from ``edited``.

    :func:`visible` maps one character to one, so the stretches the edit kept line up with ``original``
    position for position, and the result has ``edited``'s length, character for character. A stand-in
    typed where the shown text had none (``␛`` on its own) stays.
    """
    shown = visible(original)
    if edited == shown:
        return original
    start = 0                                   # the common ends first: most edits touch a small middle
    limit = min(len(shown), len(edited))
    while start < limit and shown[start] == edited[start]:
        start += 1
    end = 0
    while end < limit - start and shown[-1 - end] == edited[-1 - end]:
        end += 1
    middle = SequenceMatcher(None, shown[start:len(shown) - end], edited[start:len(edited) - end],
                             autojunk=False)
    parts = [original[:start]]
    for tag, i1, i2, j1, j2 in middle.get_opcodes():
        parts.append(original[start + i1:start + i2] if tag == "equal" else edited[start + j1:start + j2])
    parts.append(original[len(original) - end:])
    return "".join(parts)


def json_escaped(text: str) -> str:
    """JSON ``text`` with every control character left in it (DEL, C1, bidirectional controls, lone
    surrogates; ``json.dumps`` escapes only C0) written as a ``\\uXXXX`` escape, which reads back the same."""
    return _CONTROL.sub(lambda match: f"\\u{ord(match[0]):04x}", text)


def xml_escaped(text: str) -> str:
    """XML ``text`` with every control character it may hold (DEL, C1, bidirectional controls) written as
    a character reference, which reads back the same."""
    return _CONTROL.sub(lambda match: f"&#x{ord(match[0]):x};", text)


def without_controls(text: str) -> str:
    """``text`` without the control characters :func:`visible` would replace, but TAB, LF and CR."""
    return _CONTROL.sub("", text)
