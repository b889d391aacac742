"""The key bar (footer): the keys that apply now, greyed when they cannot, remapped keys shown, clickable."""

from __future__ import annotations

from tui_support import SIZE, stored_rows

from tui.widgets.keybar import KeyBar


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _state(bar: KeyBar) -> dict[str, bool]:
    return {binding.description: enabled for binding, enabled in bar.shown()}


async def test_the_bar_greys_what_cannot_apply_and_follows_the_cursor(open_app):
    app = open_app(keymap={"merge-up": "M"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        assert _state(bar)["merge"] is False                  # first row: nothing above to merge with
        assert _state(bar)["confirm"] is True
        assert " M merge " in bar.render().plain             # the user's key, not the default m
        await pilot.press("j")
        await settle(pilot)
        assert _state(bar)["merge"] is True
        assert "Next row" not in _state(bar)                  # only bindings marked for the footer


async def test_clicking_a_key_on_the_bar_runs_it(open_app, workspace_path):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        plain = bar.render().plain
        await pilot.click(KeyBar, offset=(plain.index("confirm"), 0))
        await settle(pilot)
    assert stored_rows(workspace_path)[0].status == "confirmed"


async def test_the_find_bar_shows_its_own_keys_not_those_it_types(open_app):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        await pilot.press("slash")
        await settle(pilot)
        shown = bar.render().plain
        assert "Enter next match" in shown and "Esc close" in shown and "F1 keys" in shown
        for typed_there in (" d pop down", " z undo", " c confirm", " m merge", " q quit", " ? keys"):
            assert typed_there not in shown                   # the find bar would take the letter
        await pilot.press("d", "escape")
        await settle(pilot)
        assert app.screen.query_one("#find").display is False
        assert " d pop down" in bar.render().plain and "next match" not in bar.render().plain
