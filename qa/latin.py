"""Latin-token check: names, acronyms and product names written in Latin letters in the Chinese (DeepSeek,
iPhone, V3, AI, COVID-19) appear in the English.

A token is found when the English holds the same words (case, hyphens and spaces aside: ``DeepSeek-V3``
↔ ``DeepSeek V3``, a plural or possessive allowed), or, for an acronym, words whose initials spell it
(``WHO`` ↔ ``World Health Organization``, ``AI`` ↔ ``artificial intelligence``). Units of measure (km,
kg) are not names and are left out. Three shapes of academic and technical text are read as their English
counterparts write them:

* an initial before a name (``J·吉布森``, ``R.阿恩海姆``) is found when an English word starts with it
  (``James J. Gibson``, ``Rudolf Arnheim``);
* a phrase the Chinese spells out in Latin words (``User Need Analysis``) is found when the English
  holds its acronym (``UNA``);
* letters written after a number (``1GeV``, ``100cm2``, ``20J``) are a unit: found when the English
  holds them (``one GeV``) or, for one letter, a word that starts with it (``20 joules``).
"""

from __future__ import annotations

import re

from qa.findings import Finding, SideText

CHECK = "latin"

_LATIN = re.compile(r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?:[-.'’&+][A-Za-z0-9]+)*")
_WORD = re.compile(r"[A-Za-z0-9]+")
_UNITS_TEXT = ("km kg cm mm m g mg kW kWh MW GW ml mL L h s min ppm am pm AM PM mph ft lb oz x "
               "Hz kHz MHz GHz THz eV keV MeV GeV TeV mV kV mW dB nm Pa kPa MPa")
_UNITS = frozenset(_UNITS_TEXT.split())
#: Words an acronym skips when spelled out (World Health Organization = WHO, Bank of China = BOC too).
_SKIPPED_IN_ACRONYMS = frozenset({"of", "and", "the", "for", "&", "on", "in"})
#: Between two initials or an initial and a name: the Chinese name dot and full stops.
_NAME_DOTS = "·•・.．"
_AFTER_NUMBER = re.compile(r"\d+(?:\.\d+)?([A-Za-z]+)\d?")   # 1GeV, 100cm2, 20J


def latin_tokens(side: SideText) -> list[tuple[int, int, str]]:
    """``(start, end, token)`` of every Latin-letter token of a Chinese text (units of measure left out)."""
    out = []
    for m in _LATIN.finditer(side.folded):
        unit = _AFTER_NUMBER.fullmatch(m.group())
        if m.group().lstrip("0123456789") not in _UNITS and not (unit and unit.group(1) in _UNITS):
            out.append((m.start(), m.end(), m.group()))
    return out


def english_words(text: str) -> list[str]:
    """Lower-case letter-and-digit runs of an English text."""
    return [w.lower() for w in _WORD.findall(text)]


def _plural(word: str, part: str) -> bool:
    return word in (part, part + "s", part + "es")


def found_in(token: str, words: list[str]) -> bool:
    """Whether ``token`` (from the Chinese) is written in the English ``words``."""
    parts = english_words(token)
    if not parts:
        return True
    n = len(parts)
    joined = "".join(parts)
    for i in range(len(words)):
        last = i + n - 1
        if last < len(words) and words[i:last] == parts[:-1] and _plural(words[last], parts[-1]):
            return True
        glued = ""
        for j in range(i, min(i + 4, len(words))):
            glued += words[j]
            if glued == joined or glued == joined + "s":
                return True
            if len(glued) >= len(joined) + 1:
                break
    return token.isupper() and token.isalpha() and 2 <= len(token) <= 6 and _spelled_out(token.lower(), words)


def _spelled_out(acronym: str, words: list[str]) -> bool:
    """Whether consecutive ``words`` (skipping of/and/the...) have ``acronym`` as initials."""
    content = [w for w in words if w not in _SKIPPED_IN_ACRONYMS]
    initials = "".join(w[0] for w in content)
    return acronym in initials and any(
        "".join(w[0] for w in content[k:k + len(acronym)]) == acronym for k in range(len(content)))


def _initial(text: str, start: int, end: int) -> bool:
    """Whether the one-letter token ``text[start:end]`` is an initial: a name dot follows it."""
    return end - start == 1 and text[end:end + 1] in _NAME_DOTS and end + 1 < len(text)


def _found_as_written(text: str, start: int, end: int, token: str, words: list[str]) -> bool:
    """:func:`found_in`, or one of the shapes of the module notes: an initial, a unit after a number."""
    if found_in(token, words):
        return True
    letters = token.lower()
    if _initial(text, start, end):
        return any(w.startswith(letters) for w in words)
    unit = _AFTER_NUMBER.fullmatch(token)
    if unit:
        letters = unit.group(1).lower()
        return letters in words or (len(letters) == 1 and any(w.startswith(letters) for w in words))
    return False


def _spelled_phrases(text: str, tokens: list[tuple[int, int, str]], words: list[str]) -> set[int]:
    """Indexes of the ``tokens`` that belong to a phrase of two or more Latin words, separated only by
    spaces, whose initials the English writes as one word (User Need Analysis ↔ UNA)."""
    found: set[int] = set()
    k = 0
    while k < len(tokens):
        j = k
        while j + 1 < len(tokens) and not text[tokens[j][1]:tokens[j + 1][0]].strip():
            j += 1
        phrase = [t for _, _, t in tokens[k:j + 1] if t.lower() not in _SKIPPED_IN_ACRONYMS]
        if len(phrase) >= 2 and "".join(t[0] for t in phrase).lower() in words:
            found.update(range(k, j + 1))
        k = j + 1
    return found


def check_latin(zh: SideText, en: SideText) -> list[Finding]:
    """One finding per Latin token of the Chinese that the English does not hold."""
    if not zh or not en:
        return []
    words = english_words(en.folded)
    findings: list[Finding] = []
    seen: set[str] = set()
    tokens = latin_tokens(zh)
    spelled = _spelled_phrases(zh.folded, tokens, words)
    for k, (start, end, token) in enumerate(tokens):
        if token.lower() in seen or k in spelled or _found_as_written(zh.folded, start, end, token, words):
            continue
        seen.add(token.lower())
        findings.append(Finding(CHECK, "error", f"{token} (in Latin letters in the Chinese) is not in the "
                                "English", token, (zh.span(start, end),)))
    return findings
