"""Quitting: Ctrl+C names the quit keys (user test 4, item 17)."""

from __future__ import annotations

from tui_support import SIZE, settle


async def test_ctrl_c_names_the_quit_keys_without_markup(open_app):
    app = open_app(keymap={"quit": "Q"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        said: list[tuple[str, str]] = []
        shown = app.notify
        app.notify = lambda message, **kw: (said.append((message, kw.get("title", ""))), shown(message, **kw))
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert app.return_code is None
    assert said == [("Press Q or Ctrl+Q to quit the app", "Do you want to quit?")]
