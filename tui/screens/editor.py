"""The main screen: the alignment grid of one document, its detail pane, status line and find bar."""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, ProgressBar, Static
from textual.worker import Worker, get_current_worker

from aligner.display import count
from aligner.errors import UserError
from corpora import edits
from corpora.document import Row
from corpora.edits import Change, EditError, RowsMismatch
from tui import textfind
from tui.bindings import editor_bindings, first_key
from tui.engines import Engines
from tui.findings import CHUNK, RowFindings
from tui.messages import (
    ChecksArrived,
    ChecksFinished,
    Direction,
    Progress,
    RealignFinished,
    SuggestionsArrived,
    SuggestionsFailed,
)
from tui.mt_service import GET_A_MODEL, Suggestions, fetch
from tui.screens.dialogs import ConfirmDialog, SentenceDialog
from tui.session import EditSession, is_low
from tui.widgets.detail import DetailPane
from tui.widgets.findbar import FindBar
from tui.widgets.grid import AlignmentGrid
from tui.widgets.keybar import KeyBar
from tui.widgets.status import StatusLine

if TYPE_CHECKING:
    from aligner.mt.base import Translator
    from corpora.realign import AlignFn
    from corpora.workspace import Workspace
    from qa.glossary import Glossary

#: The actions :meth:`EditorScreen.check_action` can grey out: every registered operation, and these.
GREYABLE = (*edits.OPERATIONS, "accept_mt", "ignore_finding")


def unconfirmed(change: Change) -> int:
    """How many confirmed rows ``change`` leaves unconfirmed."""
    return sum(r.status == "confirmed" for r in change.old) - sum(r.status == "confirmed" for r in change.new)


@dataclass
class Realigning:
    """The re-alignment computed for the question on screen (or being finished after a yes)."""

    worker: Worker[None]
    answered: bool = False                    # the answer was yes
    result: RealignFinished | None = None     # it finished before the answer


class EditorScreen(Screen):
    """Check and fix the alignment of one document."""

    BINDING_GROUP_TITLE = "Editor"
    BINDINGS = editor_bindings()
    AUTO_FOCUS = "AlignmentGrid"
    #: Seconds without a key, once the rows are on screen, before the aligner is loaded for ``R``: the
    #: loading holds the interpreter for a few tenths of a second at a time, so not while keys come.
    WARM_UP_IDLE = 1.0

    def __init__(self, session: EditSession, engines: Engines, read_only_reason: str = "") -> None:
        super().__init__()
        self.session = session
        self.engines = engines
        self.read_only = session.workspace.readonly
        #: Why a workspace opened read-only without --read-only was ("" after --read-only or when writable).
        self.read_only_reason = read_only_reason
        self.mt = Suggestions()
        self.findings = RowFindings(session.rows, lambda: session.sentences_before(len(session.rows)))
        self.glossary = session.workspace.glossary()   # the workspace's, as when the article opened
        self.grid = AlignmentGrid(session.rows, self.mt, on_change=self.refresh_panels)
        self.grid.finding_mark = self.findings.severity
        self.status = StatusLine(session, self.grid, self.findings, read_only=self.read_only,
                                 read_only_why="cannot write it here" if read_only_reason else "--read-only",
                                 id="info")
        self.detail = DetailPane(session, self.findings, self.mt, id="detail")
        self.finding_index = 0   # which finding of the cursor row the finding keys and `I` act on
        self._finding_row = -1   # the row finding_index belongs to (another row: its first finding)
        self.find_text = ""
        self._greyed: tuple[bool | None, ...] = ()   # check_action of GREYABLE when the key bar was drawn
        self._realigning: Realigning | None = None
        self._warm_up_timer: Timer | None = None   # running until the aligner's warm-up starts

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield self.status
            yield ProgressBar(id="progress", show_eta=False, show_percentage=False)
        yield Static(id="colhead")
        yield self.grid
        yield self.detail
        yield FindBar(placeholder="find in Chinese, English or MT (Enter: next match, Esc: close)", id="find")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
        self.query_one("#find").display = False
        self.grid.relayout()
        # resume where the work stopped: the first row nobody has confirmed yet
        first_open = next((i for i, r in enumerate(self.session.rows) if r.status != "confirmed"), 0)
        self.grid.cursor = first_open
        self.refresh_panels()
        self.call_after_refresh(self.check_rows, range(len(self.session.rows)))   # after the first frame
        if self.engines.warm_up is not None and not self.read_only:   # read-only: no R to get ready for
            self.call_after_refresh(self._arm_warm_up)

    def on_resize(self, event) -> None:
        """Give the grid more room on short terminals."""
        height = event.size.height
        self.detail.styles.height = 9 if height >= 34 else 6 if height >= 26 else 4

    # ---------------------------------------------------------------------------- panels

    @property
    def row(self) -> Row | None:
        """The row under the cursor."""
        rows = self.session.rows
        return rows[self.grid.cursor] if rows else None

    def why_not(self, action: str) -> str | None:
        """Why ``action`` cannot apply to the current row (None when it can)."""
        if (operation := edits.OPERATIONS.get(action)) is not None:
            return operation.applies(self.session.rows, self.grid.cursor, self.grid.side)
        if action == "accept_mt" and not self._mt_text():
            row = self.row
            if row is not None and not row.zh and row.en and self.mt.en_zh.is_gloss:
                return "a reverse gloss is not a translation, so it cannot become the Chinese"
            if self.mt.zh_en.is_gloss:
                return (f"a word-by-word gloss is not a translation, so it cannot become the English; "
                        f"{GET_A_MODEL}")
            return "no MT suggestion for this row: nothing to accept"
        ignored = self.row is not None and bool(self.row.ignored)
        if action == "ignore_finding" and not self._current_findings() and not ignored:
            return "no check finding on this row"
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out (in the footer and palette) the edits that cannot apply to the current row."""
        return None if self.why_not(action) is not None else True

    def on_key(self, event) -> None:
        """A greyed key does nothing, so say why instead of staying silent. (Any key puts off the
        aligner's warm-up.)"""
        if self._warm_up_timer is not None:
            self._arm_warm_up()
        active = self.active_bindings.get(event.key)
        if active is not None and not active.enabled and (reason := self.why_not(active.binding.action)):
            self.notify(reason, severity="warning", timeout=4)

    def refresh_panels(self) -> None:
        """Redraw the status line, column header and detail pane (the key bar when its greyed keys change)."""
        if not self.is_mounted:
            return
        if self.grid.cursor != self._finding_row:
            self._finding_row, self.finding_index = self.grid.cursor, 0
        greyed = tuple(self.check_action(action, ()) for action in GREYABLE)
        if greyed != self._greyed:
            self._greyed = greyed
            self.refresh_bindings()
        self.status.show()
        head = Text(no_wrap=True)
        for label, width in self.grid.header_text():
            head.append(label.ljust(width)[:width] if len(label) < width else label[:width],
                        "bold" if label.startswith("▶") else "")
        self.query_one("#colhead", Static).update(head, layout=False)
        self.detail.show(self.grid.cursor, self.finding_index)

    def _current_findings(self) -> list:
        """The check findings of the cursor row."""
        return self.findings.of(self.grid.cursor)

    # ------------------------------------------------------------------------------ edits

    def refused(self) -> bool:
        """True (after saying why) when the workspace was opened with --read-only, so nothing may change."""
        if self.read_only and self.read_only_reason:
            self.notify(f"read-only: {self.read_only_reason}, so nothing is changed", severity="warning",
                        timeout=4)
        elif self.read_only:
            self.notify("read-only: opened with --read-only, so nothing is changed; open it without "
                        "--read-only to edit", severity="warning", timeout=4)
        return self.read_only

    def apply(self, change: Change | None, what: str) -> None:
        """Show a change already stored in the workspace: patch the grid, move the cursor, say "saved"."""
        if change is None:
            self.notify(f"nothing to {what}", severity="warning", timeout=2)
            return
        self.grid.rows_replaced(change.start, len(change.old), len(change.new))
        # checked after the edit's frame is drawn, so that sending the rows does not delay it
        self.call_after_refresh(self.check_rows,
                                self.findings.replaced(change.start, len(change.old), len(change.new)))
        # and the suggestions of sentences the edit put in a new place: a row it left with English only
        # (split, insert, pop down...) asks for its Chinese, as the rows did when the article opened
        self.call_after_refresh(self.fetch_mt)
        self.finding_index = 0
        self.status.match = None   # the rows changed: the match's number may be another
        self.status.saved = f"saved · {change.label}" if what == "do" else f"saved · {what} {change.label}"
        if what == "do" and change.label != "unconfirm" and (lost := unconfirmed(change)) > 0:
            # e.g. Enter pushes a column down: every confirmed row below loses its mark
            undo = first_key("undo", self.app.keymap)
            self.status.saved += f" · {count(lost, 'confirmed row')} unconfirmed; {undo} undoes"
        self.grid.cursor = min(change.cursor, len(self.session.rows) - 1)   # repaints the panels too

    def edit(self, operation: Callable[..., Change], *args: object, at: int | None = None) -> Change | None:
        """Run an edit at the cursor (or row ``at``); an :class:`EditError` becomes a short warning."""
        if self.refused():
            return None
        try:
            change = self.session.run(operation, self.grid.cursor if at is None else at, *args)
        except EditError as exc:
            self.notify(str(exc), severity="warning", timeout=3)
            return None
        except RowsMismatch:
            self.changed_elsewhere()
            return None
        except (UserError, ValueError) as exc:
            self.notify(str(exc), title="not saved", severity="error", timeout=6)
            return None
        self.apply(change, "do")
        return change

    def __getattr__(self, name: str):
        """``action_<name>`` of each operation of :data:`corpora.edits.OPERATIONS`: its edit, at the
        cursor, on the focused side when it takes one, after asking for a point in the cell when it asks
        (Textual finds actions by ``getattr``)."""
        operation = edits.OPERATIONS.get(name.removeprefix("action_")) if name.startswith("action_") else None
        if operation is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        if operation.ask is not None:
            return partial(self._ask, operation)
        return lambda: self.edit(operation.edit, *operation.arguments(self.grid.cursor, self.grid.side)[1:])

    def _ask(self, operation: edits.Operation) -> None:
        """Run an operation that needs a point in the focused cell: from the sentence dialog, or at once
        when the cell leaves one choice (two sentences to join)."""
        cell = None if self.refused() else self._cell()
        if cell is None:
            return
        if (reason := operation.applies(self.session.rows, self.grid.cursor, self.grid.side)) is not None:
            self.notify(reason, severity="warning", timeout=3)
        elif operation.ask == "join" and len(cell) == 2:
            self._answered(operation, (0, 0))
        else:
            self.app.push_screen(SentenceDialog(operation.ask, self.grid.side, cell),
                                 partial(self._answered, operation))

    def _answered(self, operation: edits.Operation, where: tuple[int, int] | None) -> None:
        """The dialog's answer ``(sentence, offset)`` as the operation's last arguments."""
        if where is not None:
            extra = where if operation.ask == "split" else \
                (where[0], self.session.split_inside_a_word(self.grid.cursor, self.grid.side, where[0]))
            self.edit(operation.edit, *operation.arguments(self.grid.cursor, self.grid.side)[1:], *extra)

    def action_confirm(self) -> None:
        row = self.row
        if row is not None:
            self.edit(edits.unconfirm if row.status == "confirmed" else edits.confirm)

    def action_delete_row(self) -> None:
        """Delete the row under the cursor, both sides (one edit, undone with z); a confirmed row only after
        a yes."""
        row, index = self.row, self.grid.cursor
        if row is None or self.refused():
            return
        if row.status != "confirmed":
            self.edit(edits.delete_row)
            return
        question = f"Row {index + 1} is confirmed. Delete it, its Chinese and its English?"
        self.app.push_screen(ConfirmDialog(question), partial(self._delete_row, index, row))

    def _delete_row(self, index: int, row: Row, ok: bool | None) -> None:
        if ok and index < len(self.session.rows) and self.session.rows[index] is row:
            self.edit(edits.delete_row, at=index)

    def action_ignore_finding(self) -> None:
        """Ignore the current check finding of the row (an edit: stored, undone with z); on a row whose
        findings are all ignored, report the last one ignored again."""
        findings, row = self._current_findings(), self.row
        if findings:
            self.edit(edits.ignore_finding, findings[min(self.finding_index, len(findings) - 1)].key)
        elif row is not None and row.ignored:
            self.edit(edits.unignore_finding, row.ignored[-1])
        else:
            self.notify(self.why_not("ignore_finding") or "no row", severity="warning", timeout=3)

    def changed_elsewhere(self) -> None:
        """Say that the stored rows are no longer those on screen, so that edits cannot be stored."""
        self.status.saved = "not saved: the workspace was changed by another process; reopen it"
        self.status.show()
        self.notify("the workspace was changed by another process (two editors on it?); reopen it to see "
                    "its rows", title="not saved", severity="error", timeout=15)

    def action_undo(self) -> None:
        self._step("undo")

    def action_redo(self) -> None:
        self._step("redo")

    def _step(self, what: str) -> None:
        """Undo or redo the last stored edit; nothing changes when another process changed the rows."""
        if self.refused():
            return
        try:
            change = self.session.undo() if what == "undo" else self.session.redo()
        except RowsMismatch:
            self.changed_elsewhere()
            return
        except UserError as exc:   # e.g. the workspace cannot be written
            self.notify(str(exc), title="not saved", severity="error", timeout=6)
            return
        self.apply(change, what)

    # -------------------------------------------------------------------------- sentences

    def _cell(self) -> list[str] | None:
        row = self.row
        if row is None or not row.side(self.grid.side):
            self.notify(f"no {edits.SIDE_LABELS[self.grid.side]} sentence in this row", severity="warning",
                        timeout=3)
            return None
        return row.side(self.grid.side)

    def action_edit_sentence(self) -> None:
        row = self.row
        if row is not None and not self.refused():
            cell = row.side(self.grid.side)
            self.app.push_screen(SentenceDialog("edit", self.grid.side, cell), partial(self._edited, cell))

    def _edited(self, before: list[str], lines: list[str] | None) -> None:
        """Store the sentence editor's lines (it gives as many as ``before``, or one more at the end)."""
        if lines is None:
            return
        side = self.grid.side
        if len(lines) == len(before) + 1:
            self.edit(edits.edit_sentence, side, len(before), lines[-1])
        else:
            # deletions last and from the end, so the indices of the other edits stay valid
            changed = [k for k, (a, b) in enumerate(zip(before, lines, strict=True)) if a != b.strip()]
            for k in sorted(changed, key=lambda k: (not lines[k].strip(), -k)):
                if self.edit(edits.edit_sentence, side, k, lines[k]) is None:
                    break

    def _mt_text(self) -> list[str]:
        """The current row's MT suggestions, one per sentence that has one ([] for a gloss): English of its
        Chinese, or, on a row with only English, Chinese of its English."""
        row = self.row
        if row is None:
            return []
        suggestions, gloss = self.mt.for_row(row)
        return [] if gloss else [t for t in (s.strip() for s in suggestions) if t]

    def action_accept_mt(self) -> None:
        """Put the row's MT suggestion in as its English (replacing English that is there asks first), or
        as the Chinese of a row that has only English."""
        row, suggestion = self.row, self._mt_text()
        if self.refused():
            return
        if row is None or not suggestion:
            self.notify(self.why_not("accept_mt") or "no row", severity="warning", timeout=4)
            return
        index = self.grid.cursor
        side = "zh" if not row.zh else "en"   # a row with only English takes its Chinese suggestion
        if not row.zh or not row.en:
            self._accept_mt(index, side, suggestion, True)
            return
        question = (f"Replace the English of row {index + 1} ({len(row.en)} sentence"
                    f"{'s' if len(row.en) > 1 else ''}) with the MT suggestion ({self.mt.zh_en.engine})?")
        self.app.push_screen(ConfirmDialog(question), partial(self._accept_mt, index, side, suggestion))

    def _accept_mt(self, index: int, side: str, suggestion: list[str], ok: bool | None) -> None:
        if ok and index < len(self.session.rows):
            self.edit(edits.accept_mt, side, suggestion, at=index)

    # ------------------------------------------------------------------------- navigation

    def action_cursor(self, step: int) -> None:
        if self.grid.row_filter is None:
            self.grid.cursor += step
            return
        rows, start = len(self.session.rows), self.grid.cursor
        order = range(start + 1, rows) if step > 0 else range(start - 1, -1, -1)
        self.grid.cursor = next((i for i in order if self.grid.row_filter(i)), start)

    def action_jump_finding(self, direction: int) -> None:
        """Go to the next (previous) check finding: the row's next one, else the next row that has one."""
        target = self.findings.step(self.grid.cursor, self.finding_index, direction)
        if target is None:
            waiting = not all(self.findings.checked)
            self.notify("still checking the article…" if waiting else
                        f"no check finding {'below' if direction > 0 else 'above'}", timeout=2)
            return
        self._finding_row, self.finding_index = target
        self.grid.cursor = target[0]   # repaints the panels

    def action_only_findings(self) -> None:
        """Show only the rows that have check findings (the cursor row always shows), or all rows again."""
        self.grid.row_filter = None if self.grid.row_filter is not None else self.findings.has
        self.grid.relayout()
        self.grid.scroll_to_cursor()
        self.refresh_panels()

    def action_page(self, direction: int) -> None:
        grid = self.grid
        target = grid.scroll_y + direction * grid.scrollable_content_region.height
        grid.cursor = grid.row_at_line(max(0, round(target)))

    def action_detail(self, direction: int) -> None:
        """Scroll the detail pane by a page (a row taller than the pane)."""
        self.detail.scroll_page(direction)

    def action_goto_edge(self, last: int) -> None:
        self.grid.cursor = len(self.session.rows) - 1 if last else 0

    def action_goto_row(self) -> None:
        """Ask for a row number and go there (showing every row again if a filter hides it)."""
        from tui.screens.dialogs import RowNumberDialog

        if self.session.rows:
            dialog = RowNumberDialog(len(self.session.rows), self.grid.cursor + 1)
            self.app.push_screen(dialog, self._goto_row)

    def _goto_row(self, number: int | None) -> None:
        if number is None or number > len(self.session.rows):
            return
        if self.grid.row_filter is not None and not self.grid.row_filter(number - 1):
            self.action_only_findings()   # the filter hides that row: show them all
        self.grid.cursor = number - 1

    def action_toggle_side(self) -> None:
        self.grid.side = "zh" if self.grid.side == "en" else "en"

    def action_toggle_mt(self) -> None:
        self.grid.show_mt = not self.grid.show_mt
        self.refresh_panels()

    def action_jump(self, kind: str, direction: int) -> None:
        tests: dict[str, Callable[[Row], bool]] = {
            "unconfirmed": lambda r: r.status != "confirmed",
            "low": is_low,
            "uneven": lambda r: r.kind != "1-1",
            "bookmark": lambda r: r.bookmark,
        }
        names = {"unconfirmed": "unconfirmed row", "low": "low-confidence row", "uneven": "non-1-1 row",
                 "bookmark": "bookmark"}
        self._jump_to(tests[kind], direction, names[kind])

    def _jump_to(self, test: Callable[[Row], bool], direction: int, name: str) -> bool:
        rows, start = self.session.rows, self.grid.cursor
        order = range(start + 1, len(rows)) if direction > 0 else range(start - 1, -1, -1)
        for i in order:
            if test(rows[i]):
                self.grid.cursor = i
                return True
        self.notify(f"no {name} {'below' if direction > 0 else 'above'}", timeout=2)
        return False

    # ------------------------------------------------------------------------------- find

    def action_find(self) -> None:
        box = self.query_one("#find", Input)
        box.display = True
        box.value = self.find_text
        box.focus()

    @on(Input.Submitted, "#find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        self.find_text = event.value.strip()
        self.grid.highlight = self.find_text
        self.grid.refresh()
        self.action_close_find()   # back to the grid, so that * and # go to the next and previous match
        if self.find_text:
            self.action_find_next(1)

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        self.grid.highlight = event.value.strip()
        self.grid.refresh()

    def action_close_find(self) -> None:
        """Hide the find bar and give the keys back to the grid."""
        box = self.query_one("#find", Input)
        if box.display:
            box.display = False
            self.grid.focus()

    def action_find_next(self, direction: int) -> None:
        """Go to the next (previous) row matching the find string; past the last (first) row the search
        wraps around to the other end, as CAT tools' find does, and says so."""
        if not textfind.fold(self.find_text):
            self.action_find()
            return
        mt = self.mt.zh_en.found

        def matches(row: Row) -> bool:
            texts = [*row.zh, *row.en, *(mt.get(s, "") for s in row.zh)]
            return any(textfind.contains(t, self.find_text) for t in texts)

        rows, start = self.session.rows, self.grid.cursor
        hits = [i for i, row in enumerate(rows) if matches(row)]
        if not hits:
            self.notify(f"no match for “{self.find_text}”", timeout=2)
            return
        if direction > 0:
            k = bisect_right(hits, start)
            wrapped = k == len(hits)
        else:
            k = bisect_left(hits, start) - 1
            wrapped = k < 0
        k %= len(hits)
        if wrapped:
            self.notify(f"search wrapped to the {'top' if direction > 0 else 'bottom'}", timeout=2)
        self.status.match = (hits[k], f"match {k + 1} of {len(hits)}")
        self.grid.cursor = hits[k]   # repaints the status line

    # ------------------------------------------------------------------------ slow work
    # Workers get what they need as arguments and post messages (tui.messages) back; only the handlers
    # below, on the UI thread, touch the rows, the widgets and the app.

    def show_progress(self, label: str | None) -> None:
        """Show an indeterminate progress bar with ``label`` in the status line, or hide it (None)."""
        bar = self.query_one("#progress", ProgressBar)
        bar.display = label is not None
        bar.update(total=None)
        self.status.working = label
        self.refresh_panels()

    @on(Progress)
    def _progress(self, message: Progress) -> None:
        self.show_progress(message.label)

    def _arm_warm_up(self) -> None:
        """Start the aligner's warm-up WARM_UP_IDLE seconds from now, unless a key comes first (a new
        timer: ``Timer.reset`` would wait out the current interval before the new one)."""
        if self._warm_up_timer is not None:
            self._warm_up_timer.stop()
        self._warm_up_timer = self.set_timer(self.WARM_UP_IDLE, self._start_warm_up)

    def _start_warm_up(self) -> None:
        self._warm_up_timer = None
        if self.engines.warm_up is not None:
            self._warm_up(self.engines.warm_up)

    @work(thread=True, group="warm-up", exit_on_error=False, description="Loading the aligner")
    def _warm_up(self, warm_up: Callable[[], None]) -> None:
        """Load the aligner's resources while nobody waits for them, so that the first re-alignment costs
        what a later one does (a failure here is left for the re-alignment to report)."""
        warm_up()

    def fetch_mt(self) -> None:
        """Ask the MT engines (in workers) for the suggestions not asked for yet: English for Chinese
        sentences, and Chinese for the English of rows without Chinese."""
        rows, engines = self.session.rows, self.engines
        if engines.reverse_translator is not None and (texts := self.mt.to_ask("en-zh", rows)):
            self._translate("en-zh", texts, engines.reverse_translator, None)
        if engines.translator is None:
            self.grid.show_mt = bool(self.mt.en_zh.found or self.mt.en_zh.asked)
            return
        if texts := self.mt.to_ask("zh-en", rows):
            keep = None if self.read_only else self.session.workspace
            self._translate("zh-en", texts, engines.translator, keep)

    @work(thread=True, group="mt", exit_on_error=False, description="MT suggestions")
    def _translate(self, direction: Direction, texts: list[str], engine: Callable[[], Translator | None],
                   keep: Workspace | None) -> None:
        worker = get_current_worker()
        fetch(direction, texts, engine, keep, self.post_message, lambda: worker.is_cancelled)

    @on(SuggestionsArrived)
    def _suggestions_arrived(self, message: SuggestionsArrived) -> None:
        self.mt.arrived(message.direction, message.found, message.engine, message.is_gloss)
        self.grid.suggestions_changed()
        self.refresh_panels()
        if message.not_kept:
            self.notify(f"suggestions not kept: {message.not_kept}", severity="warning")
        # once per run, in the one MT toast: what the column is, how to do better
        if message.direction == "zh-en" and message.is_gloss:
            self.app.explain_gloss()

    @on(SuggestionsFailed)
    def _suggestions_failed(self, message: SuggestionsFailed) -> None:
        self.mt.failed(message.direction, message.asked)
        if message.direction == "zh-en" and message.no_engine:
            self.grid.show_mt = False
            self.refresh_panels()
            self.notify("no MT engine can run here, so no suggestions (see `zhen-align edit --help`: --mt, "
                        "--engine)", severity="warning", timeout=8)

    # --------------------------------------------------------------------------- checks

    def check_rows(self, indices: range) -> None:
        """Check rows ``indices`` again (in the checking process); their marks and details update as the
        results come."""
        if indices:
            rows = self.session.rows   # edits replace rows, never change them in place: no copies needed
            self._check([(i, rows[i]) for i in indices], self.findings, self.glossary)

    @work(thread=True, group="checks", exit_on_error=False, description="Translation checks")
    def _check(self, work: list[tuple[int, Row]], findings: RowFindings, glossary: Glossary | None) -> None:
        worker = get_current_worker()
        for start in range(0, len(work), CHUNK):
            chunk = work[start:start + CHUNK]
            try:
                results = findings.submit(chunk, glossary).result()
            except Exception:   # no checking process here, or it lost the article: check in this thread
                results = findings.check_here(chunk, glossary)
            if worker.is_cancelled:
                return
            self.post_message(ChecksArrived(results))
        self.post_message(ChecksFinished(len(work)))

    @on(ChecksArrived)
    def _checked(self, message: ChecksArrived) -> None:
        updated = self.findings.store(message.results)
        for index in updated:
            self.grid.refresh_row(index)
        if self.grid.row_filter is not None:
            self.grid.relayout()
        if self.grid.cursor in updated:
            self.refresh_panels()
        else:   # only the count in the status line changed
            self.status.show()

    @on(ChecksFinished)
    def _all_checked(self, message: ChecksFinished) -> None:
        if message.rows > CHUNK:
            # the article's findings (one list per row) live as long as the editor: out of the collector's
            # reach, like the rows (EditorApp.open_document), or every full collection walks them, which
            # stalled a key on a 20,000-row article by 100-300 ms
            gc.freeze()

    # ----------------------------------------------------------------------- re-alignment

    def action_realign(self) -> None:
        """Ask before re-aligning from the cursor down; the re-alignment is computed while the question is
        read (a "no" drops it), so that the rows change as soon as the answer is yes."""
        if self.refused():
            return
        if self._warm_up_timer is not None:   # the re-alignment loads the aligner itself
            self._warm_up_timer.stop()
            self._warm_up_timer = None
        index = self.grid.cursor
        below = self.session.rows[index:]
        statuses = Counter(r.status for r in below)
        question = (f"Re-align rows {index + 1}–{len(self.session.rows)} automatically? Only the "
                    f"{count(statuses['auto'], 'machine-aligned row')} may change; "
                    f"{statuses['confirmed']} confirmed and {statuses['edited']} edited stay as they are.")
        # the rows as they are now, copied here on the UI thread before the worker starts: an edit made
        # while it runs (after the answer) must not reach the rows it aligns
        rows = [*self.session.rows[:index], *(r.copy() for r in below)]
        self._realigning = Realigning(self._realign(rows, index, self.engines.align_function))
        self.app.push_screen(ConfirmDialog(question), self._realign_answered)

    @work(thread=True, exclusive=True, group="realign", exit_on_error=False, description="Re-aligning")
    def _realign(self, rows: list[Row], index: int, align_function: Callable[[], AlignFn]) -> None:
        from corpora.realign import realign_from

        worker = get_current_worker()
        try:
            change = realign_from(rows, index, align_function())
        except Exception as exc:   # reported on the UI thread, if the answer is yes
            self.post_message(RealignFinished(worker, None, exc))
            return
        self.post_message(RealignFinished(worker, change))

    def _realign_answered(self, ok: bool | None) -> None:
        realigning = self._realigning
        if realigning is None:
            return
        if not ok:
            realigning.worker.cancel()
            self._realigning = None
        elif realigning.result is not None:
            self._realign_finished(realigning.result)
        else:
            realigning.answered = True
            self.show_progress(f"re-aligning from row {self.grid.cursor + 1}…")

    @on(RealignFinished)
    def _realigned(self, message: RealignFinished) -> None:
        realigning = self._realigning
        if realigning is None or message.worker is not realigning.worker:
            return   # answered no, or a newer R superseded it
        if realigning.answered:
            self.show_progress(None)
            self._realign_finished(message)
        else:
            realigning.result = message

    def _realign_finished(self, result: RealignFinished) -> None:
        """Store and show a confirmed re-alignment (or say why there is none)."""
        self._realigning = None
        change = result.change
        if change is None:
            if isinstance(result.error, EditError | UserError):
                self.notify(str(result.error), severity="warning")
            elif result.error is not None:
                self.notify(f"re-alignment failed: {result.error}", severity="error")
            return
        try:
            self.session.commit(change)
        except ValueError:
            self.notify("the rows changed while re-aligning; run it again", severity="warning")
            return
        self.apply(change, "do")
        self.notify(f"re-aligned: {len(change.old)} rows became {len(change.new)}", timeout=3)

    def action_export(self) -> None:
        self.app.action_export_dialog()

    def action_documents(self) -> None:
        self.app.action_documents()

    def action_help(self) -> None:
        self.app.action_keys_help()

