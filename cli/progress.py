"""The progress bar of a long check (``check``, and the check notes of ``export``): rows checked, on
standard error when it is a terminal, and only for a job big enough to take a while."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

#: Fewer rows than this are checked without a bar (about ten seconds of checking: see README).
MIN_ROWS = 2_000


class RowsBar:
    """A rich bar counting rows checked; it appears at the first row of a job of ``MIN_ROWS`` rows or more
    (an export that checks nothing, Moses say, shows none)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.total = 0
        self._progress = None
        self._task = None

    def expect(self, rows: int) -> None:
        """``rows`` more rows to check."""
        self.total += rows
        if self._progress is not None:
            self._progress.update(self._task, total=self.total)

    def advance(self) -> None:
        """One more row checked."""
        if self._progress is None:
            if self.total < MIN_ROWS:
                return
            self._start()
        self._progress.advance(self._task)

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(TextColumn(self.label), BarColumn(), MofNCompleteColumn(),
                                  TextColumn("rows"), TimeRemainingColumn(), console=Console(stderr=True))
        self._progress.start()
        self._task = self._progress.add_task(self.label, total=self.total)

    def close(self) -> None:
        """Take the bar down (it stays on screen at its last count)."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def stderr_is_terminal() -> bool:
    """Whether standard error is a terminal (a bar on a log file or a pipe would only clutter it)."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def rows_bar(label: str) -> Iterator[RowsBar | None]:
    """A :class:`RowsBar` when standard error is a terminal, else None; closed on leaving."""
    if not stderr_is_terminal():
        yield None
        return
    bar = RowsBar(label)
    try:
        yield bar
    finally:
        bar.close()
