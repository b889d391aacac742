"""The detail pane below the grid: everything about the cursor's row that the grid has no room for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from aligner.display import count, visible
from tui.widgets.grid import GLOSS_CAPTION, band

if TYPE_CHECKING:
    from qa.findings import Finding
    from tui.findings import RowFindings
    from tui.mt_service import Suggestions
    from tui.session import EditSession

PART_NAMES = ("length", "dictionary", "embedding", "mt", "numbers", "quotes", "coverage")
SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "dim"}


class DetailPane(Static):
    """One row in full: its kind and status, its sentences (the spans of its check findings marked), the
    findings, the score parts and the MT suggestion. The screen calls :meth:`show` with the row and the
    finding the finding keys act on."""

    def __init__(self, session: EditSession, findings: RowFindings, suggestions: Suggestions, *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.findings = findings
        self.suggestions = suggestions
        self.index = 0           # the row shown
        self.finding_index = 0   # its finding marked as current

    def show(self, index: int, finding_index: int) -> None:
        """Show row ``index`` with its finding ``finding_index`` as the current one (in place: the pane
        keeps its size)."""
        self.index, self.finding_index = index, finding_index
        if self.is_mounted:
            self.update(self.text(), layout=False)

    def text(self) -> Text:
        """What the pane shows (only as many sentences as fit: what follows would not be seen)."""
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
        # the pane shows its first lines: a row of many sentences is not laid out past them
        room = self.content_size.height or len(row.zh) + len(row.en) + 9
        left = room - text.plain.count("\n")
        for side in ("zh", "en"):
            sentences = row.side(side)
            for k, sentence in enumerate(sentences[:max(left, 0)]):
                text.append(f"{side}{k + 1} " if len(sentences) > 1 else f"{side}  ", "bold")
                text.append_text(self._marked(visible(sentence), side, k, findings))
                text.append("\n")
            left -= len(sentences)
        if left <= 0:
            return text   # what follows would be below the pane's last line
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
