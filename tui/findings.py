"""The translation-check findings of the open article, kept in step with its rows.

Checking runs in a worker thread (the dictionary and jieba load on first use, and a long article takes
seconds): the screen hands it copies of the rows to check and stores what comes back only for rows that
have not changed meanwhile. The article-wide models (length ratio, learned names, glossary usage) are
fitted once when the article opens; a changed row is checked again against them. The editor checks as
``zhen-align check --fast`` does (no sentence encoder), so checking never competes with typing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from corpora.document import Row

if TYPE_CHECKING:
    from qa.findings import Finding
    from qa.glossary import Glossary
    from qa.run import DocumentChecker

#: Rows checked per message from the worker (the grid's marks appear as they are found).
CHUNK = 25
#: A row checked: its index, the copy that was checked and its findings.
Checked = tuple[int, Row, list["Finding"]]


class RowFindings:
    """The active (not ignored) findings of each row, in row order, and the checker that made them."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.by_row: list[list[Finding]] = [[] for _ in rows]
        self.checked: list[bool] = [False for _ in rows]
        self._checker: DocumentChecker | None = None
        self._lock = threading.Lock()

    def checker(self, snapshot: Sequence[Row], glossary: Glossary | None) -> DocumentChecker:
        """The article's checker, fitted on ``snapshot`` the first time (call from a worker thread)."""
        with self._lock:
            if self._checker is None:
                from qa.run import DocumentChecker

                self._checker = DocumentChecker(snapshot, glossary, embeddings=False)
            return self._checker

    @staticmethod
    def check(checker: DocumentChecker, work: Iterable[tuple[int, Row]]) -> list[Checked]:
        """Findings of each ``(index, row copy)``, ignored ones left out (call from a worker thread)."""
        out = []
        for index, row in work:
            found = [f for f in checker.row(index, row) if f.key not in row.ignored]
            out.append((index, row, found))
        return out

    def store(self, results: Iterable[Checked]) -> list[int]:
        """Keep the results whose row is still as it was checked; returns the rows updated."""
        updated = []
        for index, row, found in results:
            if index < len(self.rows) and self.rows[index] == row:
                self.by_row[index] = found
                self.checked[index] = True
                updated.append(index)
        return updated

    def replaced(self, start: int, old_count: int, new_count: int) -> range:
        """Follow an edit that replaced ``old_count`` rows at ``start`` by ``new_count``; returns the rows
        to check again."""
        self.by_row[start:start + old_count] = [[] for _ in range(new_count)]
        self.checked[start:start + old_count] = [False] * new_count
        return range(start, start + new_count)

    def severity(self, index: int) -> str | None:
        """The most severe finding of row ``index`` (findings are sorted most severe first), or None."""
        found = self.by_row[index] if index < len(self.by_row) else []
        return found[0].severity if found else None

    def total(self) -> int:
        """How many findings the article has now."""
        return sum(map(len, self.by_row))

    def step(self, row: int, finding: int, direction: int) -> tuple[int, int] | None:
        """The finding after (``direction`` 1) or before (-1) finding ``finding`` of row ``row``, as
        ``(row, finding)``, or None when there is none that way."""
        here = self.by_row[row] if row < len(self.by_row) else []
        if 0 <= finding + direction < len(here):
            return row, finding + direction
        order = range(row + 1, len(self.by_row)) if direction > 0 else range(row - 1, -1, -1)
        for index in order:
            if self.by_row[index]:
                return index, 0 if direction > 0 else len(self.by_row[index]) - 1
        return None
