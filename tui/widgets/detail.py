"""The detail pane below the grid: everything about the cursor's row that the grid has no room for.

It scrolls (keys ``}`` / ``{``, the mouse wheel), so that a row taller than the pane can be read to its end;
a sentence line is wrapped under its own text, after its ``zh1`` / ``en`` label.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from aligner.display import count, visible
from tui.bindings import first_key
from tui.widgets.grid import GLOSS_CAPTION, band

if TYPE_CHECKING:
    from qa.findings import Finding
    from tui.findings import RowFindings
    from tui.mt_service import Suggestions
    from tui.session import EditSession

PART_NAMES = ("length", "dictionary", "embedding", "mt", "numbers", "quotes", "coverage")
SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "dim"}
#: The label of a sentence line (``zh1 ``, ``en  ``): its wrapped lines are indented by its width.
_LABEL = re.compile(r"(?:zh|en)(?:\d+ |  )")


class DetailPane(ScrollView, can_focus=False):
    """One row in full: its kind and status, its sentences (the spans of its check findings marked), the
    findings, the score parts and the MT suggestion. The screen calls :meth:`show` with the row and the
    finding the finding keys act on; a row taller than the pane scrolls (:meth:`scroll_page`)."""

    DEFAULT_CSS = """
    DetailPane {
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
    }
    """

    def __init__(self, session: EditSession, findings: RowFindings, suggestions: Suggestions, *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.findings = findings
        self.suggestions = suggestions
        self.index = 0           # the row shown
        self.finding_index = 0   # its finding marked as current
        self._lines: list[Strip] = []

    def show(self, index: int, finding_index: int) -> None:
        """Show row ``index`` with its finding ``finding_index`` as the current one (in place: the pane
        keeps its size; another row starts at its top)."""
        new_row = index != self.index
        self.index, self.finding_index = index, finding_index
        if self.is_mounted:
            self._lay_out()
            if new_row:
                self.scroll_to(y=0, animate=False, immediate=True)

    def on_resize(self) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        """Wrap :meth:`text` to the pane's width and repaint."""
        width = self.scrollable_content_region.width or self.size.width
        if width <= 0:
            return
        console, base = self.app.console, self.rich_style
        lines: list[Strip] = []
        text = self.text()
        for line in text.split("\n", allow_blank=False):
            label = _LABEL.match(line.plain)
            indent = label.end() if label else 0
            if indent * 2 > width:
                indent = 0
            head, body = line[:indent], line[indent:]
            for k, part in enumerate(body.wrap(console, width - indent, overflow="fold", no_wrap=False)):
                part.rstrip()
                shown = (head if k == 0 else Text(" " * indent)) + part
                lines.append(Strip([Segment(seg.text, base + seg.style if seg.style else base)
                                    for seg in shown.render(console)]).crop_extend(0, width, base))
        self._lines = lines
        self.virtual_size = Size(width, len(lines))
        # a row taller than the pane says how to read the rest
        taller = len(lines) > self.scrollable_content_region.height
        keys = [first_key(f"detail-{way}", getattr(self.app, "keymap", {})) for way in ("down", "up")]
        self.border_title = f"{keys[0]} / {keys[1]} scroll" if taller else ""
        self.refresh()

    def render_line(self, y: int) -> Strip:
        line = y + round(self.scroll_y)
        width = self.scrollable_content_region.width
        if line < len(self._lines):
            return self._lines[line]
        return Strip.blank(width, self.rich_style)

    def scroll_page(self, direction: int) -> None:
        """Scroll the pane by a page less one line (``direction`` 1: down, -1: up)."""
        step = max(self.scrollable_content_region.height - 1, 1)
        self.scroll_to(y=self.scroll_y + direction * step, animate=False)

    def text(self) -> Text:
        """What the pane shows, unwrapped: the whole row, however many lines it takes."""
        rows, index = self.session.rows, self.index
        text = Text()
        if not rows:
            text.append("This document has no rows.")
            return text
        row = rows[index]
        zh_start, en_start = self.session.sentences_before(index)
        status = {"confirmed": "confirmed", "edited": "edited by hand (not confirmed)"}.get(
            row.status, "machine-aligned")
        text.append(f"Row {index + 1} · {row.kind}", "bold")
        if row.headline:
            text.append(" · headline", "bold")
        if row.bookmark:
            text.append(" · ★ bookmarked", "red")
        text.append(f" · {status}")
        if row.en_from_mt:
            text.append(" · English from MT", "dim")
        if row.zh_from_mt:
            text.append(" · Chinese from MT", "dim")
        if row.status == "auto" and row.confidence is not None:
            text.append(f" · confidence {row.confidence:.2f} ({band(row)})")
        text.append("\n")
        text.append(f"sentences  zh {_span(zh_start, len(row.zh))}  en {_span(en_start, len(row.en))}\n",
                    "dim")
        findings = self.findings.of(index)
        for side in ("zh", "en"):
            sentences = row.side(side)
            for k, sentence in enumerate(sentences):
                text.append(f"{side}{k + 1} " if len(sentences) > 1 else f"{side}  ", "bold")
                text.append_text(self._marked(visible(sentence), side, k, findings))
                text.append("\n")
        for n, finding in enumerate(findings):
            pointer = "▶ " if n == self.finding_index else "  "
            text.append(f"{pointer}{finding.severity} ", SEVERITY_STYLES[finding.severity])
            text.append(f"{finding.check}: {visible(finding.message)}\n")
        if row.ignored:
            text.append(f"{count(len(row.ignored), 'finding')} ignored here (I on a row without findings "
                        "reports them again)\n", "dim")
        if row.parts:
            for name in [*PART_NAMES, *sorted(set(row.parts) - set(PART_NAMES))]:
                if name in row.parts:
                    text.append(f"{name} {_bar(row.parts[name])} {row.parts[name]:.2f}   ")
            text.append("\n")
        elif row.status != "auto":
            text.append("score parts: none (the grouping was changed by hand)\n", "dim")
        suggestions, gloss = self.suggestions.for_row(row)
        if any(suggestions):
            if row.zh:
                label = GLOSS_CAPTION if gloss else f"MT ({visible(self.suggestions.zh_en.engine)})"
            else:
                label = ("reverse gloss (not a translation)" if gloss else
                         f"MT → 中文 ({visible(self.suggestions.en_zh.engine)})")
            text.append(f"{label}: ", "dim bold")
            text.append(visible((" " if row.zh else "").join(s for s in suggestions if s)), "dim italic")
        return text

    def _marked(self, sentence: str, side: str, k: int, findings: list[Finding]) -> Text:
        """A sentence with the spans of the row's findings highlighted (the current finding's reversed)."""
        text = Text(sentence)
        for n, finding in enumerate(findings):
            for span in finding.spans:
                if span.side == side and span.sentence == k:
                    style = SEVERITY_STYLES[finding.severity] + (" reverse" if n == self.finding_index else
                                                                  " underline")
                    text.stylize(style, span.start, span.end)
        return text


def _bar(value: float, width: int = 8) -> str:
    filled = round(max(0.0, min(value, 1.0)) * width)
    return "█" * filled + "░" * (width - filled)


def _span(start: int, size: int) -> str:
    """1-based sentence numbers such as ``#4`` or ``#4–5`` (``—`` for none)."""
    if size == 0:
        return "—"
    return f"#{start + 1}" if size == 1 else f"#{start + 1}–{start + size}"
