"""The export dialog: format, output path and row filters; the export itself runs in a worker."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select

from corpora.filters import RowFilter
from corpora.formats import EXPORT_FORMATS, FORMATS
from tui.bindings import current_keys, screen_bindings


@dataclass(frozen=True)
class ExportRequest:
    """What the user asked for: format, output path (relative to the workspace folder), filter, scope."""

    fmt: str
    out: Path
    row_filter: RowFilter
    all_documents: bool


def default_output(stem: str, fmt: str) -> str:
    """The suggested output name for ``fmt``: ``stem.tmx``, ``stem`` (Moses), ``stem-intertext/``..."""
    if FORMATS[fmt].folder:
        return f"{stem}-{fmt}"
    return stem + FORMATS[fmt].suffix


class ExportDialog(ModalScreen[ExportRequest | None]):
    """Choose how to export; Enter in a text field, Ctrl+S / F2 or the Export button confirms, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = screen_bindings("Export dialog")

    def __init__(self, stem: str, documents: int) -> None:
        super().__init__()
        self.stem = stem
        self.documents = documents
        #: "Leave out one-sided rows" as the user set it; None until they do (it follows the format then)
        self.one_sided_choice: bool | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog export") as box:
            box.border_title = "Export"
            keymap = getattr(self.app, "keymap", {})
            box.border_subtitle = (f"{current_keys('export-run', keymap)} exports · "
                                   f"{current_keys('export-cancel', keymap)} cancels")
            yield Label("Format")
            yield Select([(FORMATS[fmt].label, fmt) for fmt in EXPORT_FORMATS],
                         value="tmx", allow_blank=False, id="format")
            yield Label("Output (a relative path is put next to the workspace)")
            yield Input(default_output(self.stem, "tmx"), id="out")
            yield Checkbox("Confirmed rows only", id="confirmed")
            with Horizontal(classes="field"):
                yield Checkbox("Leave out one-sided rows (1-0, 0-1)", value=FORMATS["tmx"].one_sided_out,
                               id="unaligned")
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

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        self.query_one("#out", Input).value = default_output(self.stem, str(event.value))
        if self.one_sided_choice is None:
            # The same default as `zhen-align export`: one-sided rows out of TMX and XLIFF only
            with self.prevent(Checkbox.Changed):   # not a choice of the user's
                self.query_one("#unaligned", Checkbox).value = FORMATS[str(event.value)].one_sided_out

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
        self.dismiss(ExportRequest(str(self.query_one("#format", Select).value), Path(out), row_filter,
                                   self.query_one("#all", Checkbox).value))
