"""What the editor keeps up to date from each change (row counts, sentence numbers, row heights) equals
what a count from scratch gives, after any sequence of edits, undos and redos."""

from __future__ import annotations

import contextlib
import gc
from itertools import accumulate

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tui_support import SIZE, sample_document, settle

from corpora import edits
from corpora.document import Row
from corpora.edits import EditError
from corpora.workspace import Workspace
from tui.app import EditorApp
from tui.findings import RowFindings
from tui.screens.editor import EditorScreen
from tui.session import Counts, EditSession
from tui.widgets.grid import AlignmentGrid

OPERATIONS = ["merge_up", "split_row", "shift_up", "pop_down", "insert_cell", "move_column_up", "confirm",
              "unconfirm", "confirm_above", "toggle_bookmark", "delete_row", "undo", "redo"]
steps = st.lists(st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 40), st.sampled_from(["zh", "en"])),
                 max_size=25)


def step(session: EditSession, name: str, row: int, side: str) -> None:
    """One edit (or undo, redo) through the session, as the editor makes it."""
    if name in ("undo", "redo"):
        getattr(session, name)()
        return
    row = min(row, len(session.rows) - 1)
    args = (side,) if name in ("shift_up", "pop_down", "insert_cell", "move_column_up") else ()
    with contextlib.suppress(EditError):
        session.run(getattr(edits, name), row, *args)


def assert_kept_as_counted(session: EditSession) -> None:
    rows = session.rows
    assert session.counts() == Counts.of(rows)
    zh = [0, *accumulate(len(r.zh) for r in rows)]
    en = [0, *accumulate(len(r.en) for r in rows)]
    assert [session.sentences_before(i) for i in range(len(rows) + 1)] == list(zip(zh, en, strict=True))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=steps)
def test_counts_and_sentence_numbers_follow_every_change(tmp_path_factory, script):
    path = tmp_path_factory.mktemp("ws") / "w.zhalign"
    with Workspace.create(path) as ws:
        doc = sample_document()
        doc.rows[4].status, doc.rows[6].confidence = "edited", None   # every kind of row is counted
        doc_id = ws.add_document(doc)
        session = EditSession(ws, doc_id)
        for name, row, side in script:
            step(session, name, row, side)
            assert_kept_as_counted(session)
        assert session.rows == ws.load(doc_id).rows


@given(script=st.lists(st.tuples(st.booleans(), st.integers(0, 12), st.integers(0, 3), st.integers(0, 3)),
                       max_size=30))
def test_the_findings_total_follows_every_check_and_edit(script):
    """The status line's count of findings is kept from each stored check and each edit, not counted over
    the article on every key."""
    rows = [Row([f"第{i}句。"], [f"Sentence {i}."], "auto", 0.5) for i in range(10)]
    findings = RowFindings(rows)
    for is_edit, start, a, b in script:
        start = min(start, len(rows))
        if is_edit:   # rows[start:start + a] replaced by b new rows
            a = min(a, len(rows) - start)
            rows[start:start + a] = [Row([f"新{k}。"], [f"New {k}."], "edited") for k in range(b)]
            findings.replaced(start, a, b)
        elif rows:    # a check of one row comes back with a findings
            index = min(start, len(rows) - 1)
            findings.store([(index, rows[index], [object()] * a)])
        assert findings.total() == sum(map(len, findings.by_row))


def long_sample(copies: int):
    """The sample document repeated: long enough that the grid estimates heights at first."""
    doc = sample_document()
    doc.rows = [r.copy() for _ in range(copies) for r in doc.rows]
    return doc


def assert_view_measured(grid: AlignmentGrid) -> None:
    """The rows on screen have their real heights (an estimate would cut or pad their text)."""
    top = round(grid.scroll_y)
    first, last = grid.row_at_line(top), grid.row_at_line(top + grid.scrollable_content_region.height)
    for i in range(first, last + 1):
        assert grid._measured[i] and grid._heights[i] == grid._row_height(i), i


@pytest.mark.parametrize("keys", [["j", "m", "d", "z", "G", "m", "x", "z", "Z", "g", "tab", "i", "z"],
                                  ["G", "k", "k", "m", "pageup", "pageup", "d", "z", "pagedown", "u"]])
async def test_a_long_document_is_measured_on_screen_first_and_then_in_full(tmp_path, monkeypatch, keys):
    monkeypatch.setattr(AlignmentGrid, "MEASURE_AT_ONCE", 50)
    monkeypatch.setattr(AlignmentGrid, "_estimate", lambda self, index: 1)   # wrong for every row
    measure_later = AlignmentGrid._measure_later
    monkeypatch.setattr(AlignmentGrid, "_measure_later", lambda self: None)   # no background at first
    path = tmp_path / "long.zhalign"
    with Workspace.create(path) as ws:
        ws.add_document(long_sample(20))   # 320 rows
    with Workspace.open(path) as ws:
        app = EditorApp(ws, 1)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, EditorScreen)
            grid = screen.grid
            for key in keys:
                await pilot.press(key)
                assert_view_measured(grid)
            assert sum(grid._measured) < len(grid.rows) // 2   # only what was shown, and the edits
            top = grid.row_at_line(round(grid.scroll_y))
            view = (top, round(grid.scroll_y) - grid._heights.prefix(top))
            monkeypatch.setattr(AlignmentGrid, "_measure_later", measure_later)
            monkeypatch.setattr(AlignmentGrid, "MEASURE_STEP", 0.0005)   # many small steps
            grid._measure_later()
            while not grid.measured:
                await pilot.pause(0.01)
            heights = [grid._row_height(i) for i in range(len(grid.rows))]
            assert [grid._heights[i] for i in range(len(grid.rows))] == heights
            assert grid.virtual_size.height == sum(heights)
            # the rows above the view were measured under it: it stayed on the same line of the same row
            top = grid.row_at_line(round(grid.scroll_y))
            assert (top, round(grid.scroll_y) - grid._heights.prefix(top)) == view
            assert_view_measured(grid)
            assert_kept_as_counted(screen.session)


@pytest.mark.parametrize("keys", [["j", "j", "m"], ["j", "j", "j", "d", "z"], ["j", "j", "j", "x", "u", "Z"],
                                  ["G", "k", "k", "m", "tab", "i"]])
async def test_each_key_repaints_every_line_it_changes(open_app, keys):
    """The grid repaints only some lines (an edit: from its first row down; a cursor move: the two rows),
    yet the screen after each key is the one a full redraw gives, scrolled or not. The article's checks
    and suggestions are in before the first key and each key's own before its screen is taken: arriving
    between the two screens (a busy machine), they would make them differ for no fault of the repaint."""
    app = open_app()
    async with app.run_test(size=(140, 24)) as pilot:   # short: the edits scroll
        await settle(pilot)
        grid = app.screen.grid
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
            shown = app.export_screenshot()
            grid.refresh()
            await pilot.pause()
            assert app.export_screenshot() == shown, key


async def test_the_articles_findings_are_kept_out_of_the_collectors_reach(tmp_path):
    """A full collection walks every object not frozen: the findings of every row of a long article, found
    once after it opens, must not be walked again under a key (100-300 ms on 20,000 rows)."""
    path = tmp_path / "long.zhalign"
    with Workspace.create(path) as ws:
        ws.add_document(long_sample(3))   # 48 rows: the article's check comes in more than one message
    with Workspace.open(path) as ws:
        app = EditorApp(ws, 1)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, EditorScreen)
            found = [row for row in screen.findings.by_row if row]
            assert found and all(screen.findings.checked)
            collectable = {id(o) for o in gc.get_objects()}
            assert not [row for row in found if id(row) in collectable]
