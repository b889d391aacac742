"""One document open for editing: its rows in memory, kept in step with the workspace's op log.

Every edit is stored (one transaction, logged for undo) before it is applied to the rows on screen,
so what the screen shows is always what a crash would leave on disk. What the status line and the detail
pane show of the whole document (row counts, the sentence numbers of a row) is kept up to date from each
change's old and new rows, so a key costs the rows it changes, not the length of the document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from corpora.document import Document, Row, Side, unrelated_median
from corpora.edits import Change, apply_change
from corpora.workspace import Workspace
from tui.prefix_sums import PrefixSums

Operation = Callable[..., Change]


def is_low(row: Row) -> bool:
    """An unconfirmed machine row below the low-confidence threshold, or one with no score at all."""
    return row.is_low_confidence or (row.status == "auto" and row.confidence is None)


@dataclass
class Counts:
    """Row counts shown in the header."""

    rows: int = 0
    confirmed: int = 0
    edited: int = 0
    auto: int = 0
    low: int = 0

    @classmethod
    def of(cls, rows: Iterable[Row]) -> Counts:
        """The counts of ``rows``, from scratch."""
        counts = cls()
        counts.add(rows)
        return counts

    def add(self, rows: Iterable[Row], sign: int = 1) -> None:
        """Count ``rows`` in (``sign`` 1) or out (-1)."""
        for row in rows:
            self.rows += sign
            if row.status == "confirmed":
                self.confirmed += sign
            elif row.status == "edited":
                self.edited += sign
            else:
                self.auto += sign
                self.low += sign * is_low(row)


class EditSession:
    """The open document of a workspace."""

    def __init__(self, workspace: Workspace, doc_id: int) -> None:
        self.workspace = workspace
        self.doc_id = doc_id
        self.document: Document = workspace.load(doc_id)
        self.edits = 0
        self._counts = Counts.of(self.rows)
        self._sentences = {side: PrefixSums(len(row.side(side)) for row in self.rows)
                           for side in ("zh", "en")}
        #: The median confidence of the rows when the article's two texts look unrelated (None when not):
        #: the warning given when it was aligned, derived again from the rows as it opens.
        self.unrelated = unrelated_median((row.confidence for row in self.rows),
                                          *self.sentences_before(len(self.rows)))

    @property
    def rows(self) -> list[Row]:
        """The document's rows (the same list the grid draws)."""
        return self.document.rows

    def run(self, operation: Operation, *args: object) -> Change:
        """Compute an edit on the current rows (``EditError`` if it does not apply), store it, apply it."""
        change = operation(self.rows, *args)
        return self.commit(change)

    def commit(self, change: Change) -> Change:
        """Store a change in the workspace, then apply it to the rows in memory."""
        self.workspace.apply(self.doc_id, change)
        self._apply(change)
        return change

    def split_inside_a_word(self, i: int, side: Side, k: int) -> bool:
        """Whether sentences ``k`` and ``k + 1`` of ``side`` in row ``i`` are the halves of one sentence
        split with no space between them (``Workspace.split_without_space``): a join puts none back."""
        cell = self.rows[i].side(side) if 0 <= i < len(self.rows) else []
        if not 0 <= k < len(cell) - 1:
            return False
        return self.workspace.split_without_space(self.doc_id, side, cell[k], cell[k + 1])

    def undo(self) -> Change | None:
        """Undo the last stored edit (also one made in an earlier session); None when there is none."""
        return self._step(self.workspace.undo(self.doc_id, expect=self.rows))

    def redo(self) -> Change | None:
        """Redo the last undone edit; None when there is none."""
        return self._step(self.workspace.redo(self.doc_id, expect=self.rows))

    def _step(self, change: Change | None) -> Change | None:
        if change is not None:
            self._apply(change)
        return change

    def _apply(self, change: Change) -> None:
        """Apply a stored change to the rows in memory and to what is kept about them."""
        apply_change(self.rows, change)
        self.edits += 1
        self._counts.add(change.old, -1)
        self._counts.add(change.new)
        for side, sums in self._sentences.items():
            sums.splice(change.start, len(change.old), [len(row.side(side)) for row in change.new])

    def history(self) -> tuple[str | None, str | None]:
        """Labels of what undo and redo would do next."""
        history = self.workspace.history(self.doc_id)
        return history.undo, history.redo

    def counts(self) -> Counts:
        """How many rows are confirmed, edited, machine-aligned and low-confidence (:func:`is_low`)."""
        return replace(self._counts)

    def sentences_before(self, index: int) -> tuple[int, int]:
        """How many Chinese and English sentences the rows above row ``index`` hold."""
        return self._sentences["zh"].prefix(index), self._sentences["en"].prefix(index)
