"""Export filters: which rows of a document go into an exported corpus."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from corpora.document import Document, Row


@dataclass(frozen=True)
class RowFilter:
    """Keep rows that pass every test that is switched on.

    ``min_confidence`` applies to machine rows (status ``auto``) only: rows an editor has confirmed or
    edited have been checked by a person and are kept whatever their old score.

    ``drop_mt_english`` (on by default: a corpus is human translation unless asked) leaves out rows whose
    English came from machine translation (``Row.en_from_mt``).
    """

    confirmed_only: bool = False
    min_confidence: float | None = None
    drop_unaligned: bool = False
    drop_mt_english: bool = True

    def keep(self, row: Row) -> bool:
        """True when ``row`` passes the filter."""
        if row.is_empty:
            return False
        if self.confirmed_only and row.status != "confirmed":
            return False
        if self.drop_unaligned and (not row.zh or not row.en):
            return False
        if self.drop_mt_english and row.en_from_mt:
            return False
        return not (self.min_confidence is not None and row.status == "auto"
                    and (row.confidence or 0.0) < self.min_confidence)

    def apply(self, doc: Document) -> Document:
        """A copy of ``doc`` holding only the rows that pass (the rows themselves are shared)."""
        return replace(doc, rows=[row for row in doc.rows if self.keep(row)])

    def apply_all(self, docs: Iterable[Document]) -> list[Document]:
        """:meth:`apply` on every document."""
        return [self.apply(doc) for doc in docs]
