"""The export dialog: format, output path and row filters; the export itself runs in a worker."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select

from aligner.display import visible
from aligner.errors import UserError
from corpora.fileio import refuse_inputs
from corpora.filters import RowFilter
from corpora.formats import EXPORT_FORMATS, FORMATS
from corpora.workspace import workspace_files
from tui.bindings import current_keys, screen_bindings
from tui.screens.dialogs import ConfirmDialog


@dataclass(frozen=True)
class ExportRequest:
    """What the user asked for: format, output path (relative to the workspace folder), filter, scope."""

    fmt: str
    out: Path
    row_filter: RowFilter
    all_documents: bool

    def target(self, workspace: Path) -> Path:
        """Where the export goes: ``out``, put next to ``workspace`` when relative."""
        return self.out if self.out.is_absolute() else workspace.parent / self.out


def default_output(stem: str, fmt: str) -> str:
    """The suggested output name for ``fmt``: ``stem.tmx``, ``stem`` (Moses), ``stem-intertext/``..."""
    if FORMATS[fmt].folder:
        return f"{stem}-{fmt}"
    return stem + FORMATS[fmt].suffix


def existing_output(fmt: str, out: Path) -> Path | None:
    """A file (or non-empty folder) that exporting ``fmt`` to ``out`` would replace or write into."""
    from corpora.writers.lines import moses_paths

    if FORMATS[fmt].folder:
        return out if out.is_dir() and any(out.iterdir()) else None
    targets = moses_paths(out) if FORMATS[fmt].stem else (out,)
    return next((path for path in targets if path.exists()), None)


class ExportDialog(ModalScreen[ExportRequest | None]):
    """Choose how to export; Enter in a text field, Ctrl+S / F2 or the Export button confirms, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = screen_bindings("Export dialog")

    def __init__(self, workspace: Path, documents: int, doc_id: int | None) -> None:
        super().__init__()
        self.workspace = workspace
        self.documents = documents
        self.doc_id = doc_id
        #: "Leave out one-sided rows" as the user set it; None until they do (it follows the format then)
        self.one_sided_choice: bool | None = None

    def compose(self) -> ComposeResult:
        # scrolls on a small terminal (80x24), keeping the focused field in view
        with VerticalScroll(classes="dialog export") as box:
            box.border_title = "Export"
            keymap = getattr(self.app, "keymap", {})
            box.border_subtitle = (f"{current_keys('export-run', keymap)} exports · "
                                   f"{current_keys('export-cancel', keymap)} cancels")
            yield Label("Format")
            yield Select([(FORMATS[fmt].label, fmt) for fmt in EXPORT_FORMATS],
                         value="tmx", allow_blank=False, id="format")
            yield Label("Output (a relative path is put next to the workspace)")
            yield Input(self._default("tmx", all_documents=False), id="out")
            yield Checkbox("Confirmed rows only", id="confirmed")
            yield Checkbox("Leave out one-sided rows (1-0, 0-1)", value=FORMATS["tmx"].one_sided_out,
                           id="unaligned")
            with Horizontal(classes="field"):   # two short ones side by side, so no label is clipped
                yield Checkbox("Leave out English from MT", value=True, id="mt-english")
                yield Checkbox("Leave out Chinese from MT", value=True, id="mt-chinese")
            with Horizontal(classes="field"):
                yield Label("Minimum confidence of machine rows ", classes="inline")
                yield Input("", placeholder="none", id="min", restrict=r"[0-9.]*", max_length=4)
            scope = (f"All {self.documents} articles of the workspace" if self.documents > 1
                     else "All articles of the workspace (it holds only this one)")
            yield Checkbox(scope, value=False, id="all", disabled=self.documents < 2)
            with Horizontal(classes="buttons"):
                yield Button("Export", variant="primary", id="export")
                yield Button("Cancel", id="cancel")

    def _default(self, fmt: str, all_documents: bool) -> str:
        """The suggested output: named for the workspace, and for the article when only it goes out of a
        workspace of several (``news-2.tmx``), so that the name says what the file holds."""
        stem = visible(self.workspace.stem)
        if not all_documents and self.documents > 1 and self.doc_id is not None:
            stem = f"{stem}-{self.doc_id}"
        return default_output(stem, fmt)

    def _suggest(self) -> None:
        self.query_one("#out", Input).value = self._default(str(self.query_one("#format", Select).value),
                                                            self.query_one("#all", Checkbox).value)

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        self._suggest()
        if self.one_sided_choice is None:
            # The same default as `zhen-align export`: one-sided rows out of TMX and XLIFF only
            with self.prevent(Checkbox.Changed):   # not a choice of the user's
                self.query_one("#unaligned", Checkbox).value = FORMATS[str(event.value)].one_sided_out

    @on(Checkbox.Changed, "#all")
    def _scope_changed(self, event: Checkbox.Changed) -> None:
        before = self._default(str(self.query_one("#format", Select).value), not event.value)
        if self.query_one("#out", Input).value.strip() == before:   # a name the user typed stays
            self._suggest()

    @on(Checkbox.Changed, "#unaligned")
    def _one_sided_chosen(self, event: Checkbox.Changed) -> None:
        self.one_sided_choice = event.value

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self._export()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self._export()
        else:
            self.dismiss(None)

    def action_export(self) -> None:
        """Export with the settings as they are (the export-run key, from any field)."""
        self._export()

    def _export(self) -> None:
        out = self.query_one("#out", Input).value.strip()
        minimum = self.query_one("#min", Input).value.strip()
        try:
            min_confidence = float(minimum) if minimum else None
        except ValueError:
            min_confidence = -1.0
        if min_confidence is not None and not 0 <= min_confidence <= 1:
            self.notify("minimum confidence must be a number from 0 to 1", severity="error")
            return
        if not out:
            self.notify("give an output path", severity="error")
            return
        row_filter = RowFilter(confirmed_only=self.query_one("#confirmed", Checkbox).value,
                               min_confidence=min_confidence,
                               drop_unaligned=self.query_one("#unaligned", Checkbox).value,
                               drop_mt_english=self.query_one("#mt-english", Checkbox).value,
                               drop_mt_chinese=self.query_one("#mt-chinese", Checkbox).value)
        fmt, scope = str(self.query_one("#format", Select).value), self.query_one("#all", Checkbox).value
        request = ExportRequest(fmt, Path(out).expanduser(), row_filter, scope)
        target = request.target(self.workspace)
        try:   # said here, with the dialog still open; the export itself refuses it too
            refuse_inputs(target, workspace_files(self.workspace), "the open workspace",
                          "give the export another name")
        except UserError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        existing = existing_output(fmt, target)
        if existing is None:
            self.dismiss(request)
            return
        what = "holds files" if existing.is_dir() else "exists"
        self.app.push_screen(ConfirmDialog(f"{existing} {what}; replace it with this export?"),
                             partial(self._replace_answered, request))

    def _replace_answered(self, request: ExportRequest, yes: bool | None) -> None:
        """Export over the existing file on a yes; back to the dialog on a no."""
        if yes:
            self.dismiss(request)   # not returned: Textual would await it from this screen's own handler
