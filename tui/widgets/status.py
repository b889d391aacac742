"""The status line above the grid: the article, the cursor's row, what is being done or was saved, the
focused side and the article's row and finding counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widgets import Static

from aligner.display import count, visible
from corpora.edits import SIDE_LABELS

if TYPE_CHECKING:
    from tui.findings import RowFindings
    from tui.session import EditSession
    from tui.widgets.grid import AlignmentGrid

#: Article titles longer than this many cells are cut.
TITLE_CELLS = 36


class StatusLine(Static):
    """One line drawn from the session, the grid's cursor and side, and the findings (``read_only_why``: why
    a read-only workspace is, in a few words); the screen sets
    :attr:`saved` and :attr:`working` and calls :meth:`show` when something changed."""

    def __init__(self, session: EditSession, grid: AlignmentGrid, findings: RowFindings, *,
                 read_only: bool, read_only_why: str = "--read-only", id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.grid = grid
        self.findings = findings
        self.read_only = read_only
        #: What was last saved (after an edit: which edit).
        self.saved = f"read-only ({read_only_why}): edits are refused" if read_only else "saved"
        #: What a worker is doing, shown instead of :attr:`saved` (None when nothing is).
        self.working: str | None = None

    def show(self) -> None:
        """Redraw the line (in place: it never changes the layout)."""
        if self.is_mounted:
            self.update(self.text(), layout=False)

    def text(self) -> Text:
        """The line as it is now."""
        session, grid = self.session, self.grid
        counts = session.counts()
        title = visible(session.document.title) or f"document {session.doc_id}"
        if cell_len(title) > TITLE_CELLS:
            title = set_cell_size(title, TITLE_CELLS).rstrip() + "…"
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f" {title} ", "bold")
        position = f"{grid.cursor + 1}/{counts.rows}" if counts.rows else "empty"
        text.append(f"│ row {position} │ ")
        if self.working:
            text.append(self.working, "bold yellow")
        else:
            text.append(self.saved, "bold yellow" if self.read_only else "bold green")
        text.append(f" │ side: {SIDE_LABELS[grid.side]} │ ")
        text.append(f"✓ {counts.confirmed} confirmed", "green")
        text.append(f" · ✎ {counts.edited} edited · ● {counts.auto} auto · ")
        text.append(f"○ {counts.low} low", "bold red" if counts.low else "")
        findings = self.findings.total()
        text.append(f" · ! {count(findings, 'finding')}", "bold red" if findings else "")
        if grid.row_filter is not None:
            text.append(" (only rows with findings shown)", "yellow")
        return text
