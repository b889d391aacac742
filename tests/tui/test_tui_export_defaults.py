"""The export dialog's one-sided default is the one `zhen-align export` takes for the chosen format, until
the user ticks or unticks the box: their choice then stays whatever format they pick."""

from __future__ import annotations

from tui_support import SIZE

from corpora.filters import RowFilter
from corpora.formats import EXPORT_FORMATS


async def _export_dialog(app, pilot):
    """The export dialog, opened with X on the editor's first screen."""
    await pilot.pause()
    await pilot.press("X")
    await pilot.pause()
    return app.screen


async def test_leave_out_one_sided_follows_the_format_as_the_cli_does(open_app):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _export_dialog(app, pilot)
        assert dialog.query_one("#unaligned").value is True          # TMX first
        seen = {}
        for fmt in (*EXPORT_FORMATS, "tmx"):
            dialog.query_one("#format").value = fmt
            await pilot.pause()
            seen[fmt] = dialog.query_one("#unaligned").value
            assert seen[fmt] is RowFilter().for_format(fmt).drop_unaligned
        assert {fmt for fmt, out in seen.items() if out} == {"tmx", "xliff"}


async def test_a_one_sided_choice_the_user_made_outlives_format_changes(open_app):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _export_dialog(app, pilot)
        box = dialog.query_one("#unaligned")
        await pilot.click("#unaligned")   # TMX's tick taken off: keep one-sided rows
        await pilot.pause()
        assert box.value is False
        for fmt in ("xliff", "jsonl", "tmx"):
            dialog.query_one("#format").value = fmt
            await pilot.pause()
            assert box.value is False, fmt
        await pilot.click("#unaligned")   # ticked again: leave them out, even where the default keeps them
        await pilot.pause()
        for fmt in ("jsonl", "tsv"):
            dialog.query_one("#format").value = fmt
            await pilot.pause()
            assert box.value is True, fmt
