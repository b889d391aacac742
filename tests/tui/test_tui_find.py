"""The editor's find: wrapping around the ends, and full-width and half-width forms matched alike."""

from __future__ import annotations

from rich.style import Style
from tui_support import SIZE, FixedTranslator, settle

from tui.screens.editor import EditorScreen
from tui.textfind import contains, spans


def test_full_and_half_width_forms_match_with_the_original_spans():
    text = "记者（黄小希）报道ＡＢＣ２０２５年"
    assert contains(text, "(黄")
    assert [text[a:b] for a, b in spans(text, "(黄")] == ["（黄"]
    assert [text[a:b] for a, b in spans(text, "abc2025")] == ["ＡＢＣ２０２５"]
    assert contains("Press (Beijing)", "（beijing）")
    assert not contains(text, "（黄大")


def test_a_match_inside_an_expanded_character_takes_the_whole_character():
    text = "㍿の本社"   # NFKC of ㍿ is 株式会社
    assert [text[a:b] for a, b in spans(text, "会社")] == ["㍿"]
    assert list(spans(text, "")) == []


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_find_wraps_to_the_top_and_to_the_bottom(open_app):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        grid = screen.grid
        await pilot.press("G", "slash", *"Alibaba", "enter")   # the last row does not mention it
        await settle(pilot)
        assert grid.cursor == 0
        assert any("search wrapped" in n for n in notes(app))
        await pilot.press("g", "number_sign")                   # back from the first row: the last match
        await settle(pilot)
        mt = FixedTranslator().table   # find looks in the MT suggestions too
        last = max(i for i, r in enumerate(screen.session.rows)
                   if any("Alibaba" in s for s in [*r.en, *(mt.get(z, "") for z in r.zh)]))
        assert grid.cursor == last > 0
        assert sum("search wrapped" in n for n in notes(app)) == 2


async def test_find_takes_full_width_forms_as_half_width(open_app):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.grid
        await pilot.press("slash", *"ｉＰｈｏｎｅ", "enter")   # the sample has half-width iPhone
        await settle(pilot)
        assert grid.cursor == 6
        assert not any("no match" in n for n in notes(app))
        marked = [seg.text for seg in grid._highlighted("为中国版iPhone开发", Style())
                  if seg.style != Style()]
        assert marked == ["iPhone"]                           # highlighted where it is, as written


async def test_find_with_no_match_anywhere_says_so_and_stays(open_app):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.grid
        await pilot.press("j", "j", "slash", *"zzqx", "enter")
        await settle(pilot)
        assert grid.cursor == 2
        assert any("no match for “zzqx”" in n for n in notes(app))


async def test_find_in_an_article_left_without_rows_says_no_match(open_app):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.session.rows.clear()   # an edit can empty an article (a lone sentence's text deleted)
        screen.find_text = "abc"
        for direction in (1, -1):
            screen.action_find_next(direction)
        await settle(pilot)
        assert sum("no match for “abc”" in n for n in notes(app)) == 2


async def test_the_status_line_says_which_match_of_how_many(open_app):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        mt = FixedTranslator().table
        hits = [i for i, r in enumerate(screen.session.rows)
                if any("Alibaba" in s for s in [*r.en, *(mt.get(z, "") for z in r.zh)])]
        assert len(hits) > 2
        await pilot.press("slash", *"Alibaba", "enter")        # from row 1, which matches: the next one
        await settle(pilot)
        assert screen.grid.cursor == hits[1]
        assert f"match 2 of {len(hits)}" in screen.status.text().plain
        await pilot.press("number_sign", "number_sign")         # back to the first, then round to the last
        await settle(pilot)
        assert screen.grid.cursor == hits[-1]
        assert f"match {len(hits)} of {len(hits)}" in screen.status.text().plain
        await pilot.press("k")                                  # off the match: the line says "saved" again
        await settle(pilot)
        assert "match" not in screen.status.text().plain and "saved" in screen.status.text().plain
