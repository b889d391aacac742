"""Every mark the grid draws is explained, in the help screen and in the README (user test 4, item 17: ○ and
◐ were explained nowhere)."""

from __future__ import annotations

from pathlib import Path

from tui_support import SIZE, settle

from corpora.document import Row
from tui.screens.help import HelpScreen
from tui.widgets.grid import MARKS, OTHER_MARKS, band

README = Path(__file__).resolve().parents[2] / "README.md"


def test_each_band_of_the_gutter_has_a_mark_and_a_meaning():
    rows = [Row(["a"], ["b"], "confirmed"), Row(["a"], ["b"], "edited"), Row(["a"], ["b"], "auto", 0.95),
            Row(["a"], ["b"], "auto", 0.6), Row(["a"], ["b"], "auto", 0.2), Row(["a"], ["b"], "auto", None)]
    assert {band(r) for r in rows} == set(MARKS)
    assert [MARKS[band(r)][0] for r in rows] == ["✓", "✎", "●", "◐", "○", "○"]


async def test_the_help_screen_explains_every_mark(open_app):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())   # as drawn
        for mark, meaning in [*MARKS.values(), *OTHER_MARKS]:
            assert mark in shown and meaning.split(" (")[0] in shown
        assert "◐" in shown and "mid confidence" in shown and "○" in shown and "low confidence" in shown


def test_the_readme_explains_every_mark():
    editor = README.read_text(encoding="utf-8").split("## The editor", 1)[1].split("\n## ", 1)[0]
    for mark, _ in MARKS.values():
        assert mark in editor
    assert "◐ mid" in editor and "○ low" in editor and "★" in editor and "∅" in editor
