"""The export dialog's one-sided default is the one `zhen-align export` takes for the chosen format."""

from __future__ import annotations

from tui_support import SIZE

from corpora.filters import RowFilter
from corpora.formats import EXPORT_FORMATS


async def test_leave_out_one_sided_follows_the_format_as_the_cli_does(open_app):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("X")
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#unaligned").value is True          # TMX first
        seen = {}
        for fmt in (*EXPORT_FORMATS, "tmx"):
            dialog.query_one("#format").value = fmt
            await pilot.pause()
            seen[fmt] = dialog.query_one("#unaligned").value
            assert seen[fmt] is RowFilter().for_format(fmt).drop_unaligned
        assert {fmt for fmt, out in seen.items() if out} == {"tmx", "xliff"}
