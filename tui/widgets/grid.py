"""The alignment grid: one wrapped, multi-line row per bead, drawn with Textual's line API.

Only the lines on screen are rendered, so a document of thousands of rows costs no more to draw than a
short one. Row heights (how many lines a row's wrapped text takes) are kept with their running totals
(:class:`tui.prefix_sums.PrefixSums`) and patched when an edit replaces a few rows. A long document (a
book) is not wrapped in full before it is shown: its rows start with heights estimated from their length,
the rows on screen are measured before they are drawn, and the rest are measured a few milliseconds at a
time between keys (the view is kept still when rows above it turn out taller or shorter).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from time import perf_counter
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from aligner.display import visible
from corpora.document import LOW_CONFIDENCE, Row, Side
from tui import textfind
from tui.prefix_sums import PrefixSums
from tui.widgets.wrap import wrap

if TYPE_CHECKING:
    from tui.mt_service import Suggestions

#: Confidence at or above which a row is "high" (below LOW_CONFIDENCE it is "low").
HIGH = 0.8
GUTTER = 16          # "   123 ✓!★ 2-1  ": number, status, finding, bookmark, kind
EMPTY_CELL = "∅ no sentence on this side"
MT_MIN_WIDTH = 100   # narrower than this, suggestions show in the detail pane only
#: Between two text columns: a bar with a blank column on each side, so a line that fills its column
#: never runs into the next one ("small models and│Alibaba bets" read as one sentence).
SEPARATOR = " │ "


#: The status mark of each band (:func:`band`) and what it means, for the gutter and the help screen.
MARKS: dict[str, tuple[str, str]] = {
    "confirmed": ("✓", "confirmed"),
    "edited": ("✎", "edited by hand, not confirmed"),
    "high": ("●", f"machine-aligned, high confidence (≥ {HIGH:.2f})"),
    "mid": ("◐", f"machine-aligned, mid confidence ({LOW_CONFIDENCE:.2f}–{HIGH:.2f})"),
    "low": ("○", f"machine-aligned, low confidence (< {LOW_CONFIDENCE:.2f}, or none): check it first"),
}
#: The other marks of the gutter, and the kind column's labels.
OTHER_MARKS: tuple[tuple[str, str], ...] = (
    ("!", "check findings on the row (red: an error, yellow: a warning)"),
    ("★", "bookmarked"),
    ("1-2 2-1 1-0 0-1 …", "how many Chinese and English sentences the row pairs (1-1 shows blank)"),
    ("hed", "the headline"),
    ("mt", "a side accepted from the MT suggestion"),
    ("∅", "no sentence on this side"),
)


def _kind_label(row: Row) -> str:
    """The kind column: a non-1-1 row's shape; else ``hed`` (headline), ``mt`` (a side from MT) or blank."""
    if row.kind != "1-1":
        return row.kind
    return "hed" if row.headline else ("mt" if row.en_from_mt or row.zh_from_mt else "")

def band(row: Row) -> str:
    """The confidence band of a row: ``confirmed``, ``edited``, ``high``, ``mid`` or ``low``."""
    if row.status != "auto":
        return row.status
    if row.confidence is None or row.confidence < LOW_CONFIDENCE:
        return "low"
    return "high" if row.confidence >= HIGH else "mid"


@dataclass(frozen=True)
class Columns:
    """Cell widths of the three text columns at one screen width (``mt`` is 0 when hidden)."""

    zh: int
    en: int
    mt: int

    @classmethod
    def fit(cls, width: int, show_mt: bool) -> Columns:
        """Share ``width`` (minus the gutter and separators) between the columns; no MT column when narrow."""
        show_mt = show_mt and width >= MT_MIN_WIDTH
        free = max(width - GUTTER - len(SEPARATOR) * (2 if show_mt else 1) - 1, 30)
        if not show_mt:
            zh = free * 9 // 20
            return cls(zh, free - zh, 0)
        zh = free * 3 // 10
        en = free * 4 // 10
        return cls(zh, en, free - zh - en)


class AlignmentGrid(ScrollView, can_focus=True, inherit_bindings=False):
    """Rows of aligned sentences with a row cursor and a focused side (``zh`` or ``en``).

    The scroll container's own keys (arrows, Home/End, PgUp/PgDn) are not inherited: the focused grid
    would take them to scroll the view whenever the article is taller than the window, and the row
    cursor, which the editor screen moves with those keys (keeping it in view), would stay put."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "grid--cursor", "grid--cursor-side", "grid--zebra", "grid--mt", "grid--gloss", "grid--empty",
        "grid--high", "grid--mid", "grid--low", "grid--confirmed", "grid--edited", "grid--kind",
        "grid--headline", "grid--bookmark", "grid--number", "grid--match", "grid--error", "grid--warning",
    }
    DEFAULT_CSS = """
    AlignmentGrid {
        background: $surface;
        scrollbar-gutter: stable;
        & > .grid--cursor { background: $primary-darken-3; }
        & > .grid--cursor-side { background: $primary-darken-1; }
        & > .grid--zebra { background: $surface-lighten-1; }
        & > .grid--mt { color: $text-muted; text-style: italic; }
        & > .grid--gloss { color: $text-warning 60%; text-style: italic; }
        & > .grid--empty { color: $text-error; text-style: italic; }
        & > .grid--high { color: $text-success; }
        & > .grid--mid { color: $text-warning; }
        & > .grid--low { color: $text-error; text-style: bold; }
        & > .grid--confirmed { color: $text-success; text-style: bold; }
        & > .grid--edited { color: $text-accent; }
        & > .grid--kind { color: $text-warning; text-style: bold; }
        & > .grid--headline { text-style: bold; color: $text-primary; }
        & > .grid--bookmark { color: $text-error; }
        & > .grid--number { color: $text-muted; }
        & > .grid--match { background: $warning 40%; }
        & > .grid--error { color: $text-error; text-style: bold; }
        & > .grid--warning { color: $text-warning; }
    }
    """

    #: Documents of up to this many rows are measured in full when shown (a longer one: see the module).
    MEASURE_AT_ONCE = 1000
    #: An edit's new rows are measured at once, unless there are more (a column moved in a long document).
    MEASURE_EDIT = 50
    #: Seconds of measuring per step in the background (one step runs between two keys).
    MEASURE_STEP = 0.005

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)
    side: reactive[Side] = reactive("en")
    show_mt: reactive[bool] = reactive(True)

    def __init__(self, rows: list[Row], suggestions: Suggestions, *,
                 on_change: Callable[[], None] | None = None, name: str | None = None,
                 id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.rows = rows
        #: The MT suggestions shown in the last column (read here, owned by the service).
        self.suggestions = suggestions
        #: Called (synchronously, so panels repaint in the same frame) when the cursor, side or layout change.
        self.on_change = on_change
        #: The severity of a row's most severe check finding (``error``, ``warning``) or None.
        self.finding_mark: Callable[[int], str | None] = lambda index: None
        #: When set, only the rows it accepts are drawn (and the cursor row); the others take no lines.
        self.row_filter: Callable[[int], bool] | None = None
        self.highlight = ""
        self._columns = Columns.fit(80, True)
        self._heights = PrefixSums()             # lines per row, with their running totals
        self._measured = bytearray()             # 1 where the height is measured, 0 where estimated
        self._measuring = False                  # a background step is scheduled
        self._lines: dict[int, tuple[Row, tuple[list[str], list[str], list[str]]]] = {}   # _row_lines
        self._styles: dict[str, Style] = {}

    # ------------------------------------------------------------------------------------ layout

    @property
    def columns(self) -> Columns:
        """The current column widths."""
        return self._columns

    @property
    def measured(self) -> bool:
        """Whether every row's height is measured (a long document's are estimated at first)."""
        return self._measured.find(0) < 0

    def _cell_lines(self, sentences: Sequence[str], width: int) -> list[str]:
        """The sentences wrapped to ``width``, control characters shown as symbols (never sent raw)."""
        lines: list[str] = []
        for sentence in sentences:
            lines.extend(wrap(visible(sentence), width))
        return lines

    def _row_lines(self, index: int) -> tuple[list[str], list[str], list[str]]:
        """The wrapped lines of row ``index``: Chinese, English, and the suggestion cut to the height of the
        row's own text (the detail pane shows all of it). Kept while the row is on screen, since each of
        its lines is drawn on its own (a tall row would be wrapped once per line)."""
        row = self.rows[index]
        kept = self._lines.get(index)
        if kept is not None and kept[0] is row:   # rows are replaced by edits, never changed in place
            return kept[1]
        cols = self._columns
        zh, en = self._cell_lines(row.zh, cols.zh), self._cell_lines(row.en, cols.en)
        mt: list[str] = []
        if cols.mt:
            mt = self._cell_lines([t for t in self.suggestions.for_row(row)[0] if t], cols.mt)
            room = max(len(zh), len(en), 1)
            if len(mt) > room:
                mt = [*mt[:room - 1], set_cell_size(mt[room - 1], cols.mt - 1) + "…"]
        if len(self._lines) >= 256:
            self._lines.clear()
        self._lines[index] = (row, (zh, en, mt))
        return zh, en, mt

    def suggestions_changed(self) -> None:
        """Repaint after the suggestions or their engines changed (they take no room of their own)."""
        self._lines.clear()
        self.refresh()

    def _text_height(self, row: Row) -> int:
        cols = self._columns
        return max(len(self._cell_lines(row.zh, cols.zh)), len(self._cell_lines(row.en, cols.en)), 1)

    def _hidden(self, index: int) -> bool:
        """Whether the row filter hides row ``index`` (never the cursor row)."""
        return self.row_filter is not None and index != self.cursor and not self.row_filter(index)

    def _row_height(self, index: int) -> int:
        """Lines of row ``index``: none when the row filter hides it."""
        return 0 if self._hidden(index) else self._text_height(self.rows[index])

    def _estimate(self, index: int) -> int:
        """``_row_height`` guessed from the sentences' lengths (Chinese characters take two cells), without
        wrapping them."""
        if self._hidden(index):
            return 0
        row, cols = self.rows[index], self._columns
        zh = sum(-(-2 * len(s) // cols.zh) for s in row.zh)
        en = sum(-(-len(s) // cols.en) for s in row.en)
        return max(zh, en, 1)

    def relayout(self) -> None:
        """Recompute every row's height for the current width (after a resize or a new document)."""
        self._columns = Columns.fit(self.scrollable_content_region.width or self.size.width or 120,
                                    self.show_mt)
        self._lines.clear()
        at_once = len(self.rows) <= self.MEASURE_AT_ONCE
        measure = self._row_height if at_once else self._estimate
        self._heights = PrefixSums([measure(i) for i in range(len(self.rows))])
        self._measured = bytearray([at_once]) * len(self.rows)
        self._settled()

    def rows_replaced(self, start: int, old_count: int, new_count: int) -> None:
        """Patch the layout after ``rows[start:start+old_count]`` became ``new_count`` rows."""
        at_once = new_count <= self.MEASURE_EDIT or len(self.rows) <= self.MEASURE_AT_ONCE
        measure = self._row_height if at_once else self._estimate
        self._heights.splice(start, old_count, [measure(i) for i in range(start, start + new_count)])
        self._measured[start:start + old_count] = bytearray([at_once]) * new_count
        self._settled(self._heights.prefix(start))

    def _settled(self, first_line: int = 0) -> None:
        """After heights changed from virtual line ``first_line`` down: measure the rows on screen, resize,
        repaint the lines from there down, measure the rest later."""
        self._measure_view()
        self._resize_virtual()
        top, view = round(self.scroll_y), self.scrollable_content_region.height
        if first_line <= top:
            self.refresh()
        elif first_line < top + view:
            self.refresh_lines(first_line, top + view - first_line)
        self._measure_later()

    def _measure_later(self) -> None:
        if not self._measuring and self._measured.find(0) >= 0:
            self._measuring = True
            self.set_timer(self.MEASURE_STEP, self._measure_more)

    def _measure(self, first: int, end: int) -> bool:
        """Measure rows ``first:end`` whose height is an estimate; True when there was any."""
        end = min(end, len(self.rows))
        if self._measured.find(0, first, end) < 0:
            return False
        heights = [self._heights[i] if self._measured[i] else self._row_height(i) for i in range(first, end)]
        self._heights.splice(first, end - first, heights)
        self._measured[first:end] = b"\x01" * (end - first)
        return True

    def _measure_view(self) -> None:
        """Measure the cursor row and the rows on screen (again while measuring moves others into view)."""
        self._measure(self.cursor, self.cursor + 1)
        top = round(self.scroll_y)
        view = self.scrollable_content_region.height or self.size.height
        while self._measure(self.row_at_line(top), self.row_at_line(top + view) + 1):
            pass

    def _measure_more(self) -> None:
        """One background step: measure rows for about MEASURE_STEP seconds, keeping the view where it is."""
        self._measuring = False
        first = self._measured.find(0)
        if first < 0 or not self.is_mounted:
            return
        top = self.row_at_line(round(self.scroll_y))
        above = self._heights.prefix(top)
        end, deadline = first, perf_counter() + self.MEASURE_STEP
        while end < len(self.rows) and (end == first or perf_counter() < deadline):
            self._measure(end, end + 32)
            end += 32
        shift = self._heights.prefix(top) - above   # rows above the view changed height
        if shift or self._measured.find(0) < 0:    # else the scroll bar waits: a resize costs a layout
            self._resize_virtual()
        if shift:
            self.scroll_to(y=self.scroll_y + shift, animate=False, immediate=True)
        self._measure_later()

    def _resize_virtual(self) -> None:
        size = Size(self.scrollable_content_region.width, self._heights.total)
        if size != self.virtual_size:
            self.virtual_size = size

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width or self.size.width or 120
        if Columns.fit(width, self.show_mt) != self._columns or len(self._heights) != len(self.rows):
            self.relayout()
        else:   # the same columns, so the same heights: only the view's size changed
            self._settled()
        self.scroll_to_cursor(animate=False)
        self._changed()   # the column header follows the new widths

    def watch_show_mt(self) -> None:
        if self.is_mounted:
            self.relayout()
            self._changed()

    # --------------------------------------------------------------------------------- cursor

    def row_at_line(self, y: int) -> int:
        """The row drawn on virtual line ``y``."""
        return max(0, self._heights.find(y))

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        if not self.is_mounted or not len(self._heights):
            return
        if self.row_filter is not None:   # the row left may hide, the row entered shows
            for index in {old, new}:
                if index < len(self.rows):
                    self._heights[index] = self._row_height(index)
                    self._measured[index] = 1
            self._settled()
        self.refresh_row(old)
        self.refresh_row(new)
        self.scroll_to_cursor()
        self._changed()

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()

    def watch_side(self) -> None:
        self.refresh_row(self.cursor)
        self._changed()

    def refresh_row(self, index: int) -> None:
        """Repaint the lines of one row if it is on screen."""
        if 0 <= index < len(self._heights):   # refresh_lines takes virtual lines (it subtracts the scroll)
            self.refresh_lines(self._heights.prefix(index), self._heights[index])

    def scroll_to_cursor(self, animate: bool = False) -> None:
        """Scroll just enough to show the whole cursor row (or its top when taller than the view)."""
        if not len(self._heights) or not self.rows:
            return
        self._measure(self.cursor, self.cursor + 1)
        self._resize_virtual()
        top = self._heights.prefix(self.cursor)
        height = self._heights[self.cursor]
        view = self.scrollable_content_region.height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=animate, immediate=True)
        elif top + min(height, view) > self.scroll_y + view:
            self.scroll_to(y=top + min(height, view) - view, animate=animate, immediate=True)

    def on_click(self, event) -> None:
        """Move the cursor to the clicked row; a click in the Chinese or English column picks the side."""
        offset = event.get_content_offset(self)
        if offset is None or not self.rows:
            return
        self.cursor = self.row_at_line(offset.y + round(self.scroll_y))
        x = offset.x - GUTTER
        if 0 <= x <= self._columns.zh:
            self.side = "zh"
        elif self._columns.zh < x < self._columns.zh + len(SEPARATOR) + self._columns.en:
            self.side = "en"

    # -------------------------------------------------------------------------------- drawing

    def watch_scroll_y(self, old: float, new: float) -> None:
        self._measure_view()   # before the rows now on screen are drawn
        self._resize_virtual()
        super().watch_scroll_y(old, new)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line_no = y + round(self.scroll_y)
        if not self.rows or line_no >= self._heights.total:
            return Strip.blank(width, self._style("base"))
        index = self.row_at_line(line_no)
        return self._render_row_line(index, line_no - self._heights.prefix(index), width)

    def _style(self, name: str) -> Style:
        """A component style, cached until the CSS or theme changes."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = (self.rich_style if name == "base" else
                                          self.get_component_rich_style(f"grid--{name}", partial=True))
        return style

    def notify_style_update(self) -> None:
        self._styles.clear()
        super().notify_style_update()

    def _gutter(self, index: int, row: Row, base: Style) -> list[Segment]:
        mark = MARKS[band(row)][0]
        kind = _kind_label(row)
        finding = self.finding_mark(index)
        return [
            Segment(f"{index + 1:>6} ", base + self._style("number")),
            Segment(mark, base + self._style(band(row))),
            Segment("!" if finding else " ", base + self._style(finding or "number")),
            Segment("★" if row.bookmark else " ", base + self._style("bookmark")),
            Segment(f" {kind:<4} ", base + self._style("headline" if kind == "hed" else "kind")),
        ]

    def _render_row_line(self, index: int, sub: int, width: int) -> Strip:
        row = self.rows[index]
        cols = self._columns
        base = self._style("base")
        if index % 2:
            base += self._style("zebra")
        is_cursor = index == self.cursor
        if is_cursor:
            base += self._style("cursor")
        segments = self._gutter(index, row, base) if sub == 0 else [Segment(" " * GUTTER, base)]
        text_style = base + self._style("headline") if row.headline else base
        zh_lines, en_lines, mt_lines = self._row_lines(index)
        for side, col_width, lines in (("zh", cols.zh, zh_lines), ("en", cols.en, en_lines)):
            style = text_style + self._style("cursor-side") if is_cursor and side == self.side else text_style
            if not lines:
                text = EMPTY_CELL if sub == 0 else ""
                segments.append(Segment(_pad(text, col_width), style + self._style("empty")))
            else:
                text = lines[sub] if sub < len(lines) else ""
                segments.extend(self._highlighted(_pad(text, col_width), style))
            if side == "zh" or cols.mt:
                segments.append(Segment(SEPARATOR, base + self._style("number")))
        if cols.mt:
            text = mt_lines[sub] if sub < len(mt_lines) else ""
            _, gloss = self.suggestions.for_row(row)
            segments.append(Segment(_pad(text, cols.mt), base + self._style("gloss" if gloss else "mt")))
        strip = Strip(segments)
        return strip.crop_extend(0, width, base)

    def _highlighted(self, text: str, style: Style) -> list[Segment]:
        """``text`` with occurrences of the find string marked (as find matches them: tui.textfind)."""
        out: list[Segment] = []
        pos = 0
        for start, end in textfind.spans(text, self.highlight):
            start = max(start, pos)
            out.append(Segment(text[pos:start], style))
            out.append(Segment(text[start:end], style + self._style("match")))
            pos = end
        out.append(Segment(text[pos:], style))
        return out

    def header_text(self) -> list[tuple[str, int]]:
        """Column titles and widths, for the header line above the grid."""
        cols = self._columns
        mark = {"zh": ("▶ 中文 Chinese", "  English"), "en": ("  中文 Chinese", "▶ English")}[self.side]
        out = [("      # st  kind ", GUTTER), (mark[0], cols.zh + len(SEPARATOR)),
               (mark[1], cols.en + len(SEPARATOR))]
        if cols.mt:
            label = mt_caption(visible(self.suggestions.zh_en.engine), self.suggestions.zh_en.is_gloss)
            out.append((label, cols.mt))
        return out


#: The caption of a word-by-word gloss: it stands in for MT when no model can run.
GLOSS_CAPTION = "gloss (no MT model)"


def mt_caption(label: str, is_gloss: bool) -> str:
    """How the suggestions are introduced: a gloss is never called a translation."""
    if not label:
        return "MT suggestion (loading…)"
    if is_gloss:
        return GLOSS_CAPTION
    return f"MT suggestion ({label})"


def _pad(text: str, width: int) -> str:
    """``text`` padded with spaces (or cut) to exactly ``width`` cells."""
    size = cell_len(text)
    if size <= width:
        return text + " " * (width - size)
    return set_cell_size(text, width)
