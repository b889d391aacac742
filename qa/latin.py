"""Latin-token check: names, acronyms and product names written in Latin letters in the Chinese (DeepSeek,
iPhone, V3, AI, COVID-19) appear in the English.

A token is found when the English holds the same words (case, hyphens and spaces aside: ``DeepSeek-V3``
↔ ``DeepSeek V3``, a plural or possessive allowed), or, for an acronym, words whose initials spell it
(``WHO`` ↔ ``World Health Organization``, ``AI`` ↔ ``artificial intelligence``). Units of measure (km,
kg) are not names and are left out.
"""

from __future__ import annotations

import re

from qa.findings import Finding, SideText

CHECK = "latin"

_LATIN = re.compile(r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?:[-.'’&+][A-Za-z0-9]+)*")
_WORD = re.compile(r"[A-Za-z0-9]+")
_UNITS_TEXT = "km kg cm mm m g mg kW kWh MW GW ml mL L h s min ppm am pm AM PM mph ft lb oz x"
_UNITS = frozenset(_UNITS_TEXT.split())
#: Words an acronym skips when spelled out (World Health Organization = WHO, Bank of China = BOC too).
_SKIPPED_IN_ACRONYMS = frozenset({"of", "and", "the", "for", "&", "on", "in"})


def latin_tokens(side: SideText) -> list[tuple[int, int, str]]:
    """``(start, end, token)`` of every Latin-letter token of a Chinese text (units of measure left out)."""
    return [(m.start(), m.end(), m.group()) for m in _LATIN.finditer(side.folded)
            if m.group().lstrip("0123456789") not in _UNITS]


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


def check_latin(zh: SideText, en: SideText) -> list[Finding]:
    """One finding per Latin token of the Chinese that the English does not hold."""
    if not zh or not en:
        return []
    words = english_words(en.folded)
    findings: list[Finding] = []
    seen: set[str] = set()
    for start, end, token in latin_tokens(zh):
        if token.lower() in seen or found_in(token, words):
            continue
        seen.add(token.lower())
        findings.append(Finding(CHECK, "error", f"{token} (in Latin letters in the Chinese) is not in the "
                                "English", token, (zh.span(start, end),)))
    return findings
