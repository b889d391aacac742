"""Export filters: which rows of a document go into an exported corpus."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from corpora.document import Document, Row

#: Why a filter leaves a row out (keys of :meth:`RowFilter.left_out`).
NOT_CONFIRMED, ONE_SIDED, MT_ENGLISH, MT_CHINESE, BELOW_MINIMUM = (
    "not confirmed", "one-sided", "English from MT", "Chinese from MT", "below the minimum confidence")


@dataclass(frozen=True)
class RowFilter:
    """Keep rows that pass every test that is switched on.

    ``min_confidence`` applies to machine rows (status ``auto``) with a score only: rows an editor has
    confirmed or edited have been checked by a person and are kept whatever their old score, and rows
    with no score (a CAT tool's TMX, a JSONL without confidences) are not the aligner's guesses.

    ``drop_mt_english`` (on by default: a corpus is human translation unless asked) leaves out rows whose
    English came from machine translation (``Row.en_from_mt``); ``drop_mt_chinese`` does the same for rows
    whose Chinese came from an en→zh suggestion (``Row.zh_from_mt``).

    ``drop_unaligned`` left as None means "as the export format does by default" (``Format.one_sided_out``:
    out of TMX and XLIFF, kept elsewhere); :meth:`for_format` settles it, and until then None keeps them.
    """

    confirmed_only: bool = False
    min_confidence: float | None = None
    drop_unaligned: bool | None = None
    drop_mt_english: bool = True
    drop_mt_chinese: bool = True

    def why_left_out(self, row: Row) -> str | None:
        """The first test ``row`` fails (one of :data:`REASONS`), or None when it passes. Empty rows
        (never shown, never stored) are not counted."""
        if self.confirmed_only and row.status != "confirmed":
            return NOT_CONFIRMED
        if self.drop_unaligned and (not row.zh or not row.en):
            return ONE_SIDED
        if self.drop_mt_english and row.en_from_mt:
            return MT_ENGLISH
        if self.drop_mt_chinese and row.zh_from_mt:
            return MT_CHINESE
        if (self.min_confidence is not None and row.status == "auto" and row.confidence is not None
                and row.confidence < self.min_confidence):
            return BELOW_MINIMUM
        return None

    def for_format(self, fmt: str) -> RowFilter:
        """This filter with ``drop_unaligned``, when left open, set to format ``fmt``'s default."""
        from corpora.formats import FORMATS

        if self.drop_unaligned is not None:
            return self
        return replace(self, drop_unaligned=FORMATS[fmt].one_sided_out)

    def keep(self, row: Row) -> bool:
        """True when ``row`` passes the filter."""
        return not row.is_empty and self.why_left_out(row) is None

    def apply(self, doc: Document) -> Document:
        """A copy of ``doc`` holding only the rows that pass (the rows themselves are shared), each with
        the number it has in ``doc`` (``Document.numbers``), and ``doc``'s rows as its ``whole``."""
        kept = [(n, row) for n, row in doc.numbered() if self.keep(row)]
        return replace(doc, rows=[row for _, row in kept], numbers=[n for n, _ in kept],
                       whole=doc.whole if doc.whole is not None else doc.rows)

    def apply_all(self, docs: Iterable[Document]) -> list[Document]:
        """:meth:`apply` on every document."""
        return [self.apply(doc) for doc in docs]

    def left_out(self, docs: Iterable[Document]) -> Counter[str]:
        """How many rows of ``docs`` the filter leaves out, by reason."""
        return Counter(reason for doc in docs for row in doc.rows if not row.is_empty
                       and (reason := self.why_left_out(row)) is not None)
