"""The translation-check findings of the open article, kept in step with its rows.

Checking runs in a process of its own (one per editor, shared by the articles it opens): it is pure
Python work that would otherwise hold the interpreter lock against the keyboard, and a long article
takes seconds. The screen sends it the rows to check and keeps what comes back only for rows that have
not changed meanwhile. The article-wide models (length ratio, learned names, glossary usage) are fitted
once, when the article opens; a changed row is checked again against them. The editor checks as
``zhen-align check --fast`` does (no sentence encoder). Where no process can be started, the checks run
in a thread instead.
"""

from __future__ import annotations

import atexit
import sys
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING

from corpora.document import Row
from qa.findings import severity_rank

if TYPE_CHECKING:
    from qa.findings import Finding
    from qa.glossary import Glossary
    from qa.run import DocumentChecker

#: Rows checked per message (the grid's marks appear as they are found).
CHUNK = 25
#: Articles whose models the checking process keeps (the editor shows one at a time).
KEPT_ARTICLES = 4
#: How much lower the checking process's CPU priority is than the editor's.
CHECKING_NICENESS = 10
#: A row checked: its index, the copy that was checked and its findings.
Checked = tuple[int, Row, list["Finding"]]

# ----------------------------------------------------------------------------- the checking process

_CHECKERS: OrderedDict[str, DocumentChecker] = OrderedDict()   # in the checking process: per article


def check(checker: DocumentChecker, work: Iterable[tuple[int, Row]]) -> list[Checked]:
    """Findings of each ``(index, row)``, the row's ignored findings left out."""
    return [(index, row, [f for f in checker.row(index, row) if f.key not in row.ignored])
            for index, row in work]


def _check_in_process(article: str, fit: Sequence[Row] | None, glossary: Glossary | None,
                      work: list[tuple[int, Row]]) -> list[Checked]:
    """Run in the checking process: fit the article's models when ``fit`` holds its rows, then check."""
    if fit is not None:
        from qa.run import DocumentChecker

        _CHECKERS[article] = DocumentChecker(fit, glossary, embeddings=False)
        while len(_CHECKERS) > KEPT_ARTICLES:
            _CHECKERS.popitem(last=False)
    _CHECKERS.move_to_end(article)   # KeyError when the process lost the article: the caller refits
    return check(_CHECKERS[article], work)


_executor: ProcessPoolExecutor | None = None
_executor_lock = threading.Lock()


def _process() -> ProcessPoolExecutor:
    """The checking process, started on first use (spawned: the editor has threads, so no fork)."""
    global _executor
    with _executor_lock:
        if _executor is None:
            import multiprocessing
            from multiprocessing import resource_tracker

            # The pool's first lock starts multiprocessing's resource tracker with sys.stderr's fd; in the
            # app that is Textual's capture, whose fileno() is -1, and the start failed (so every check
            # ran in a thread of the editor, holding the keyboard's interpreter for the whole article).
            captured, sys.stderr = sys.stderr, sys.__stderr__
            try:
                resource_tracker.ensure_running()
            finally:
                sys.stderr = captured
            _executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_start_checking)
            atexit.register(_executor.shutdown, wait=False, cancel_futures=True)
        return _executor


def _start_checking() -> None:
    """In the checking process, first: end with the editor (a worker that outlived an editor exiting
    while the pool started held some 250 MB), and run at a lower priority (on a busy machine the
    keyboard's process gets the CPU first)."""
    import os

    from aligner.workers import exit_with_parent

    exit_with_parent()
    os.nice(CHECKING_NICENESS)


# ------------------------------------------------------------------------------------ the editor side

class RowFindings:
    """The active (not ignored) findings of each row, in row order.

    As in ``zhen-align check``, a one-sided article (``aligner.api.is_one_sided`` of its sentence counts)
    shows its rows that hold one language only as one finding, "the Chinese body is missing", on the
    first of them (``qa.omissions.one_sided_article``), not one per row.
    """

    def __init__(self, rows: list[Row], sentence_counts: Callable[[], tuple[int, int]] | None = None) -> None:
        self.rows = rows
        #: The article's Chinese and English sentence counts now (the editor's session keeps them as prefix
        #: sums; by default they are counted from the rows).
        self.sentence_counts = sentence_counts or (lambda: (sum(len(row.zh) for row in self.rows),
                                                            sum(len(row.en) for row in self.rows)))
        self.by_row: list[list[Finding]] = [[] for _ in rows]   # shown: a one-sided article's lone ones out
        self._total = 0   # sum of the lengths of by_row, kept by store and replaced (shown on every key)
        self.checked: list[bool] = [False for _ in rows]
        self.article = uuid.uuid4().hex
        self._fitted = False
        self._fit_lock = threading.Lock()
        self._local: DocumentChecker | None = None
        self._lopsided = self._one_sided()
        self._lone: dict[int, list[Finding]] = {}   # a one-sided article's one-language findings, by row
        self._merged: tuple[int, Finding] | None = None   # the one finding they make, and its row
        self._merged_stale = False

    def _one_sided(self) -> bool:
        from aligner.api import is_one_sided

        return is_one_sided(*self.sentence_counts())

    def _keep(self, index: int, found: list[Finding]) -> list[Finding]:
        """``found`` (row ``index``'s findings) without a one-sided article's lone ones, kept aside."""
        from qa.omissions import is_lone

        self._lone.pop(index, None)
        if not self._lopsided:
            return found
        lone = [f for f in found if is_lone(f)]
        if lone:
            self._lone[index] = lone
        self._merged_stale = True
        return [f for f in found if not is_lone(f)]

    def merged(self) -> tuple[int, Finding] | None:
        """The one finding of a one-sided article's lone rows and the row it is on, or None."""
        if self._merged_stale:
            from qa.omissions import one_sided_article

            self._merged_stale, self._merged = False, None
            if self._lone:
                lone = [f for index in sorted(self._lone) for f in self._lone[index]]
                first = min(self._lone)
                finding = one_sided_article(lone, *self.sentence_counts())[0]
                if finding.key not in self.rows[first].ignored:
                    self._merged = first, finding
        return self._merged

    def submit(self, work: list[tuple[int, Row]], glossary: Glossary | None) -> Future[list[Checked]]:
        """Send rows to the checking process (the first call also sends the article for its models)."""
        with self._fit_lock:   # rows are replaced by edits, never changed in place: no copies needed
            fit = None if self._fitted else list(self.rows)
            self._fitted = True
            return _process().submit(_check_in_process, self.article, fit, glossary, work)

    def check_here(self, work: list[tuple[int, Row]], glossary: Glossary | None) -> list[Checked]:
        """Check in this process (call from a worker thread): where the checking process failed."""
        if self._local is None:
            from qa.run import DocumentChecker

            self._local = DocumentChecker([r.copy() for r in self.rows], glossary, embeddings=False)
        return check(self._local, work)

    def store(self, results: Iterable[Checked]) -> list[int]:
        """Keep the results whose row is still as it was checked; returns the rows updated."""
        updated = []
        for index, row, found in results:
            if index < len(self.rows) and self.rows[index] == row:
                found = self._keep(index, found)
                self._total += len(found) - len(self.by_row[index])
                self.by_row[index] = found
                self.checked[index] = True
                updated.append(index)
        return updated

    def replaced(self, start: int, old_count: int, new_count: int) -> range:
        """Follow an edit that replaced ``old_count`` rows at ``start`` by ``new_count``; returns the rows
        to check again (every row when the edit made the article one-sided or no longer so)."""
        self._total -= sum(map(len, self.by_row[start:start + old_count]))
        self.by_row[start:start + old_count] = [[] for _ in range(new_count)]
        self.checked[start:start + old_count] = [False] * new_count
        shift = new_count - old_count
        self._lone = {index + (shift if index >= start + old_count else 0): found
                      for index, found in self._lone.items() if not start <= index < start + old_count}
        self._merged_stale = True
        if self._one_sided() != self._lopsided:
            self._lopsided = not self._lopsided
            self._lone.clear()
            self._total = 0
            self.by_row = [[] for _ in self.rows]
            self.checked = [False for _ in self.rows]
            return range(len(self.rows))
        return range(start, start + new_count)

    def has(self, index: int) -> bool:
        """Whether row ``index`` has a finding."""
        merged = self.merged()
        return bool(self.by_row[index]) or (merged is not None and merged[0] == index)

    def of(self, index: int) -> list[Finding]:
        """The findings of row ``index`` (none for a row past the end), most severe first."""
        found = self.by_row[index] if index < len(self.by_row) else []
        merged = self.merged()
        if merged is None or merged[0] != index:
            return found
        return sorted([merged[1], *found], key=lambda f: severity_rank(f.severity))

    def severity(self, index: int) -> str | None:
        """The most severe finding of row ``index`` (findings are sorted most severe first), or None."""
        found = self.of(index)
        return found[0].severity if found else None

    def total(self) -> int:
        """How many findings the article has now."""
        return self._total + (self.merged() is not None)

    def step(self, row: int, finding: int, direction: int) -> tuple[int, int] | None:
        """The finding after (``direction`` 1) or before (-1) finding ``finding`` of row ``row``, as
        ``(row, finding)``, or None when there is none that way."""
        here = self.of(row)
        if 0 <= finding + direction < len(here):
            return row, finding + direction
        merged = self.merged()
        order = range(row + 1, len(self.by_row)) if direction > 0 else range(row - 1, -1, -1)
        for index in order:
            if self.by_row[index] or (merged is not None and merged[0] == index):
                return index, 0 if direction > 0 else len(self.of(index)) - 1
        return None
