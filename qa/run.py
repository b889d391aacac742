"""Running every check over a document: the document-wide models first, then each row.

:class:`DocumentChecker` fits what the checks learn from the whole article (its length model, the names
it repeats, how it renders glossary terms) once, and then checks any row against it, so that an editor
can re-check one changed row without re-reading the article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from qa.consistency import Renderings, check_consistency, learn
from qa.findings import Finding, SideText, Unit, severity_rank
from qa.glossary import Glossary, check_glossary
from qa.latin import check_latin
from qa.numbers import check_numbers
from qa.omissions import Encoder, LengthModel, check_length, check_one_sided, check_uncovered
from qa.text import check_punctuation, check_untranslated


def _encoder() -> Encoder:
    """The aligner's default sentence embedder (multilingual USE, loaded on first use; its vectors cached
    by text, so the sentences the aligner encoded are not encoded again)."""
    from aligner.embedders import get_embedder

    return get_embedder().encode


def _sides(unit: Unit) -> tuple[SideText, SideText]:
    return SideText("zh", unit.zh), SideText("en", unit.en)


class DocumentChecker:
    """The checks of one document, with the document-wide models fitted once."""

    def __init__(self, units: Sequence[Unit], glossary: Glossary | None = None, *,
                 embeddings: bool = True) -> None:
        """``embeddings`` False: no sentence encoder for the dropped-clause test (dictionary only)."""
        self.glossary = glossary or None
        self.encode: Encoder | None = _encoder() if embeddings else None
        sides = [_sides(u) for u in units]
        self.length = LengthModel.fit([(zh.text, en.text) for (zh, en), u in zip(sides, units, strict=True)
                                       if zh and en and not getattr(u, "headline", False)])
        self.renderings: Renderings = learn(sides, self.glossary)

    def row(self, index: int, unit: Unit) -> list[Finding]:
        """Every finding of one row (``index`` is its position, stored in the findings), most severe first."""
        zh, en = _sides(unit)
        parts = getattr(unit, "parts", None) or {}   # the aligner's scores of the row, when it has them
        found = [*check_one_sided(zh, en), *check_uncovered(parts, zh, en, self.encode),
                 *check_untranslated(zh, en), *check_numbers(zh, en),
                 *check_latin(zh, en), *check_glossary(self.glossary, zh, en),
                 *check_consistency(self.renderings, index, zh, en, self.glossary),
                 *check_length(self.length, zh, en, headline=getattr(unit, "headline", False),
                               encode=self.encode),
                 *check_punctuation(zh, en)]
        return sorted((f.at(index) for f in found), key=lambda f: severity_rank(f.severity))


def check_document(units: Sequence[Unit], glossary: Glossary | None = None, *,
                   embeddings: bool = True, progress: Callable[[], object] | None = None) -> list[Finding]:
    """Every finding of a document, row by row; ``progress`` (a progress bar's) is called after each row."""
    checker = DocumentChecker(units, glossary, embeddings=embeddings)
    findings: list[Finding] = []
    for index, unit in enumerate(units):
        findings += checker.row(index, unit)
        if progress is not None:
            progress()
    return findings


def active(findings: Iterable[Finding], units: Sequence[Unit]) -> list[Finding]:
    """``findings`` without those ignored on their row (``unit.ignored`` holds the keys of ignored
    findings, see :attr:`Finding.key`)."""
    return [f for f in findings if f.key not in getattr(units[f.row], "ignored", ())]
