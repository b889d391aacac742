"""One document open for editing: its rows in memory, kept in step with the workspace's op log.

Every edit is stored (one transaction, logged for undo) before it is applied to the rows on screen,
so what the screen shows is always what a crash would leave on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from corpora.document import Document, Row
from corpora.edits import Change, apply_change
from corpora.workspace import Workspace

Operation = Callable[..., Change]


@dataclass
class Counts:
    """Row counts shown in the header."""

    rows: int
    confirmed: int
    edited: int
    auto: int
    low: int


class EditSession:
    """The open document of a workspace."""

    def __init__(self, workspace: Workspace, doc_id: int) -> None:
        self.workspace = workspace
        self.doc_id = doc_id
        self.document: Document = workspace.load(doc_id)
        self.edits = 0

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
        apply_change(self.rows, change)
        self.edits += 1
        return change

    def undo(self) -> Change | None:
        """Undo the last stored edit (also one made in an earlier session); None when there is none."""
        return self._step(self.workspace.undo(self.doc_id))

    def redo(self) -> Change | None:
        """Redo the last undone edit; None when there is none."""
        return self._step(self.workspace.redo(self.doc_id))

    def _step(self, change: Change | None) -> Change | None:
        if change is not None:
            apply_change(self.rows, change)
            self.edits += 1
        return change

    def history(self) -> tuple[str | None, str | None]:
        """Labels of what undo and redo would do next."""
        history = self.workspace.history(self.doc_id)
        return history.undo, history.redo

    def counts(self, is_low: Callable[[Row], bool]) -> Counts:
        """How many rows are confirmed, edited, machine-aligned and low-confidence."""
        confirmed = edited = auto = low = 0
        for row in self.rows:
            if row.status == "confirmed":
                confirmed += 1
            elif row.status == "edited":
                edited += 1
            else:
                auto += 1
                low += is_low(row)
        return Counts(len(self.rows), confirmed, edited, auto, low)
