"""Glossary check: a Chinese term in a row means one of its English renderings is expected there, and
none of its "do not use" renderings.

A glossary is TSV text, one term per line: ``zh<TAB>en[<TAB>do not use]``; several renderings in one cell
are separated by ``|`` (or ``;``), a term may take several lines, ``#`` starts a comment and a first line
``zh<TAB>en...`` is a header. English renderings match whole words, case and simple inflection aside
(``Belt and Road Initiative`` ↔ ``belt and road initiatives``). Where two terms overlap in the Chinese
(新冠 inside 新冠病毒), the longer one applies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from aligner.errors import UserError
from qa.findings import Finding, SideText, Span, fold_width, quote

CHECK = "glossary"
_SPLIT = re.compile(r"\s*[|;]\s*")
_WORD = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class Term:
    """A Chinese term, its accepted English renderings and those not to use."""

    zh: str
    en: tuple[str, ...]
    forbidden: tuple[str, ...] = ()


@dataclass(frozen=True)
class Glossary:
    """The terms of a glossary, in file order."""

    terms: tuple[Term, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    @classmethod
    def parse(cls, text: str, name: str = "glossary") -> Glossary:
        """Read glossary TSV; ``UserError`` naming ``name`` and the line when a line is not a term."""
        merged: dict[str, tuple[list[str], list[str]]] = {}
        first = True  # the first line that is not blank or a comment may be the zh<TAB>en header
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = [c.strip() for c in line.split("\t")]
            header, first = first and cells[0].lower() == "zh", False
            if header:
                continue
            if len(cells) < 2 or not cells[0] or len(cells) > 3:
                raise UserError(f"{name}: line {number}: expected zh<TAB>en or zh<TAB>en<TAB>do-not-use, "
                                f"found {quote(line)!r}; separate the columns with one tab")
            en = [v for v in _SPLIT.split(cells[1]) if v]
            forbidden = [v for v in _SPLIT.split(cells[2]) if v] if len(cells) == 3 else []
            if not en and not forbidden:
                raise UserError(f"{name}: line {number}: {cells[0]} has no English rendering; add one "
                                "after a tab")
            accepted, banned = merged.setdefault(cells[0], ([], []))
            accepted.extend(v for v in en if v not in accepted)
            banned.extend(v for v in forbidden if v not in banned)
        return cls(tuple(Term(zh, tuple(en), tuple(no)) for zh, (en, no) in merged.items()))

    def to_tsv(self) -> str:
        """The glossary as TSV (what :meth:`parse` reads back)."""
        lines = ["zh\ten\tdo not use"]
        for term in self.terms:
            lines.append("\t".join((term.zh, " | ".join(term.en), " | ".join(term.forbidden))).rstrip("\t"))
        return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------- matching

def _stem(word: str) -> str:
    from aligner.lexicon import stem

    return stem(word)


def stemmed_words(text: str) -> list[tuple[str, int, int]]:
    """``(stem, start, end)`` of each word of an English text (what :func:`find_english` searches)."""
    return [(_stem(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def find_english(phrase: str, words: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """Where the English ``phrase`` occurs among the stemmed ``words`` of a text (first match), or None."""
    wanted = [s for s, _, _ in stemmed_words(fold_width(phrase))]
    if not wanted:
        return None
    n = len(wanted)
    for i in range(len(words) - n + 1):
        if all(words[i + k][0] == wanted[k] for k in range(n)):
            return words[i][1], words[i + n - 1][2]
    return None


def find_terms(glossary: Glossary, zh: SideText) -> list[tuple[Term, int, int]]:
    """The terms of ``glossary`` in a Chinese text, longest first where two overlap, in text order."""
    text = zh.folded
    hits: list[tuple[Term, int, int]] = []
    taken: list[tuple[int, int]] = []
    for term in sorted(glossary.terms, key=lambda t: len(t.zh), reverse=True):
        needle = fold_width(term.zh)
        for start in _occurrences(text, needle):
            end = start + len(needle)
            if all(end <= a or start >= b for a, b in taken):
                hits.append((term, start, end))
                taken.append((start, end))
    return sorted(hits, key=lambda hit: hit[1])


def _occurrences(text: str, needle: str) -> Iterator[int]:
    start = text.find(needle)
    while start >= 0 and needle:
        yield start
        start = text.find(needle, start + len(needle))


@dataclass(frozen=True)
class TermUse:
    """How one row renders one term: the accepted rendering found (or None) and where."""

    term: Term
    zh_span: Span
    rendering: str | None
    en_span: Span | None


def term_uses(glossary: Glossary, zh: SideText, en: SideText) -> list[TermUse]:
    """Each glossary term of the row's Chinese (once per term) with the rendering its English uses."""
    words = stemmed_words(en.folded)
    uses: dict[str, TermUse] = {}
    for term, start, end in find_terms(glossary, zh):
        if term.zh in uses:
            continue
        rendering, where = None, None
        for variant in sorted(term.en, key=len, reverse=True):   # "Omicron variant" before "Omicron"
            found = find_english(variant, words)
            if found is not None:
                rendering, where = variant, en.span(*found)
                break
        uses[term.zh] = TermUse(term, zh.span(start, end), rendering, where)
    return list(uses.values())


def check_glossary(glossary: Glossary | None, zh: SideText, en: SideText) -> list[Finding]:
    """Terms rendered by none of their English renderings, and "do not use" renderings found."""
    if not glossary or not zh or not en:
        return []
    words = stemmed_words(en.folded)
    findings: list[Finding] = []
    for use in term_uses(glossary, zh, en):
        term = use.term
        banned_found = False
        for banned in term.forbidden:
            found = find_english(banned, words)
            if found is not None:
                findings.append(Finding(CHECK, "error", f"{term.zh}: “{banned}” is on the do-not-use list"
                                        + (f"; use {_choices(term)}" if term.en else ""),
                                        f"{term.zh}≠{banned}", (use.zh_span, en.span(*found))))
                banned_found = True
        if term.en and use.rendering is None and not banned_found:
            findings.append(Finding(CHECK, "error", f"{term.zh} should be rendered as {_choices(term)}",
                                    term.zh, (use.zh_span,)))
    return findings


def _choices(term: Term) -> str:
    return " or ".join(f"“{v}”" for v in term.en)
