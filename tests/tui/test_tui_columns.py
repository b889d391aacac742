"""The row grid keeps a blank column and a bar between its text columns: a line that fills its column
exactly never runs into the next column (user test 2, item 9: "...small models andAlibaba bets on...")."""

from __future__ import annotations

from tui_support import SIZE, settle

from corpora import edits
from tui.widgets.grid import AlignmentGrid


class _Suggests:
    """MT that suggests the same text for every sentence."""

    name = "stub"
    is_gloss = False

    def translate(self, texts: list[str]) -> list[str]:
        return ["Suggestion here." for _ in texts]


async def test_a_full_line_stays_apart_from_the_next_column(open_app):
    app = open_app(translator_factory=lambda notify: _Suggests())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query_one(AlignmentGrid)
        cols = grid.columns
        assert cols.mt, "the MT column shows at this size"
        zh = "中" * (cols.zh // 2) + "a" * (cols.zh % 2)    # exactly the Chinese column's width
        app.screen.edit(edits.edit_sentence, "zh", 0, zh + "文。")
        app.screen.edit(edits.edit_sentence, "en", 0, "x" * cols.en + " tail.")
        app.screen.fetch_mt()                              # as the sentence editor does after an edit
        await settle(pilot)
        grid.cursor = 1                                    # the row is drawn without the cursor's colours
        await settle(pilot)
        first = grid.render_line(0).text
        assert first.count("x") == cols.en, first          # the first English line fills its column
        assert f"{zh} │ {'x' * cols.en} │ Suggestion here." in first
