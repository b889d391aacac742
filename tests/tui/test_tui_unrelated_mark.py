"""An article whose two texts look unrelated keeps a mark in the status line and the article list, also
after a reopen (user test 5, item 7: the warning was a toast that went, and was never given again)."""

from __future__ import annotations

from tui_support import SIZE, settle

from corpora.document import UNRELATED_MEDIAN, Document, Row
from corpora.workspace import Workspace
from tui.app import EditorApp
from tui.screens.documents import DocumentsScreen
from tui.screens.editor import EditorScreen


def _article(title: str, confidence: float, rows: int = 6) -> Document:
    return Document([Row([f"{title}第{k}句。"], [f"{title} sentence {k}."], "auto", confidence)
                     for k in range(rows)], title=title)


def _workspace(tmp_path):
    path = tmp_path / "two.zhalign"
    with Workspace.create(path) as ws:
        ws.add_document(_article("related", 0.93))
        ws.add_document(_article("unrelated", 0.09))
        lone = _article("onesided", 0.1, rows=1)   # a headline over a missing body: left to its own note
        lone.rows += [Row([], [f"Body {k}."], "auto", 0.05) for k in range(8)]
        ws.add_document(lone)
    return path


def test_the_mark_is_derived_from_the_stored_confidences(tmp_path):
    with Workspace.open(_workspace(tmp_path), readonly=True) as ws:
        assert ws.unrelated() == {2: 0.09}
        assert ws.unrelated()[2] < UNRELATED_MEDIAN


async def test_the_article_list_and_the_status_line_mark_an_unrelated_article(tmp_path):
    with Workspace.open(_workspace(tmp_path)) as ws:
        app = EditorApp(ws)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, DocumentsScreen)
            lines = [str(app.screen.query_one("OptionList").get_option_at_index(k).prompt) for k in range(3)]
            assert ["⚠" in line for line in lines] == [False, True, False]
            assert "texts look unrelated (median confidence 0.09)" in lines[1]
            await pilot.press("down", "enter")
            await settle(pilot)
            assert isinstance(app.screen, EditorScreen)
            assert "⚠" in app.screen.status.text().plain
            assert "· ⚠ texts look unrelated" in app.screen.status.text(200).plain
            assert "⚠ unrelated" in app.screen.status.text(80).plain   # short, on a narrow terminal
            await pilot.press("A", "up", "enter")    # the related article: no mark
            await settle(pilot)
            assert app.screen.session.document.title == "related"
            assert "⚠" not in app.screen.status.text().plain
