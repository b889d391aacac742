"""The status line above the grid: the article, the cursor's row, what is being done or was saved, the
focused side, the article's row and finding counts, and a mark when its two texts look unrelated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widgets import Static

from aligner.display import count, visible
from corpora.edits import SIDE_LABELS

if TYPE_CHECKING:
    from tui.findings import RowFindings
    from tui.session import Counts, EditSession
    from tui.widgets.grid import AlignmentGrid

#: Article titles longer than this many cells are cut.
TITLE_CELLS = 36
#: A narrow terminal cuts the title down to this many cells before it writes the counts short, and the
#: message down to MESSAGE_MIN_CELLS before it leaves the title out.
TITLE_MIN_CELLS = 8
MESSAGE_MIN_CELLS = 12
#: The counts are written in full only when they leave this many cells for the message (e.g. after an
#: edit, "saved · pop down (en)"; more for a longer one), so that they do not change form from one key to
#: the next.
MESSAGE_ROOM = 24


class StatusLine(Static):
    """One line drawn from the session, the grid's cursor and side, and the findings (``read_only_why``: why
    a read-only workspace is, in a few words); the screen sets
    :attr:`saved`, :attr:`working` and :attr:`match` and calls :meth:`show` when something changed."""

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
        #: The row find went to and which match it is ("match 2 of 5"), shown instead of :attr:`saved`
        #: while the cursor is on that row.
        self.match: tuple[int, str] | None = None

    def show(self) -> None:
        """Redraw the line (in place: it never changes the layout)."""
        if self.is_mounted:
            self.update(self.text(), layout=False)

    def on_resize(self) -> None:
        self.show()   # what fits depends on the width

    def text(self, width: int | None = None) -> Text:
        """The line as it is now, fitted to ``width`` cells (default: the widget's width).

        The counts always show: when the line is too long the article title is cut first, then the counts
        are written short (``✓ 3 ✎ 1 ● 12 ○ 2 ! 4``), then the message is cut."""
        if width is None:
            width = self.content_size.width if self.is_mounted and self.content_size.width else 1000
        session, grid = self.session, self.grid
        counts = session.counts()
        title = visible(session.document.title) or f"document {session.doc_id}"
        position = f"{grid.cursor + 1}/{counts.rows}" if counts.rows else "empty"
        middle = f"│ row {position} │ "
        found = self.match[1] if self.match is not None and self.match[0] == grid.cursor else None
        message = self.working or found or self.saved
        findings = self.findings.total()
        wanted = min(cell_len(title), TITLE_CELLS)
        for short in (False, True):   # the counts in full when they leave room for the message
            tail = self._tail(counts, findings, short)
            room = width - cell_len(middle) - tail.cell_len - 2   # 2: the spaces around the title
            if room >= max(MESSAGE_ROOM, cell_len(message)) + min(wanted, TITLE_MIN_CELLS):
                break
        if room - cell_len(message) >= min(wanted, TITLE_MIN_CELLS):
            title_cells = min(wanted, room - cell_len(message))
        else:   # the message is cut too, but keeps some room: the title goes first
            title_cells = min(wanted, TITLE_MIN_CELLS)
            if room - title_cells < MESSAGE_MIN_CELLS:
                title_cells, room = 0, room + 1
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        if title_cells:
            text.append(f" {_cut(title, title_cells)} ", "bold")
        text.append(middle if title_cells else middle[1:])
        style = "bold yellow" if self.working or self.read_only else "bold cyan" if found else "bold green"
        text.append(_cut(message, max(room - title_cells, 1)), style)
        text.append_text(tail)
        return text

    def _tail(self, counts: Counts, findings: int, short: bool) -> Text:
        """The focused side and the counts (``short``: the marks and numbers only)."""
        text = Text(f" │ side: {SIDE_LABELS[self.grid.side]} │ ")
        if short:
            text.append(f"✓ {counts.confirmed}", "green")
            text.append(f" ✎ {counts.edited} ● {counts.auto} ")
            text.append(f"○ {counts.low}", "bold red" if counts.low else "")
            text.append(f" ! {findings}", "bold red" if findings else "")
        else:
            text.append(f"✓ {counts.confirmed} confirmed", "green")
            text.append(f" · ✎ {counts.edited} edited · ● {counts.auto} auto · ")
            text.append(f"○ {counts.low} low", "bold red" if counts.low else "")
            text.append(f" · ! {count(findings, 'finding')}", "bold red" if findings else "")
        if self.session.unrelated is not None:   # as long as the article is open, not a passing toast
            text.append(" ⚠ unrelated" if short else " · ⚠ texts look unrelated", "bold red")
        if self.grid.row_filter is not None:
            text.append(f" (only rows with findings{'' if short else ' shown'})", "yellow")
        return text


def _cut(text: str, cells: int) -> str:
    """``text`` in at most ``cells`` cells, ending with … when cut."""
    if cell_len(text) <= cells:
        return text
    return set_cell_size(text, max(cells - 1, 0)).rstrip() + "…"
