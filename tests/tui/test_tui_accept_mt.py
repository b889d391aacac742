""""Accept MT as English" (key a): fills an empty English side at once, asks before replacing English."""

from __future__ import annotations

import json

from rich.style import Style
from tui_support import SIZE, FixedTranslator, sample_document, sample_lines, stored_rows

from cli import main
from tui.screens.dialogs import ConfirmDialog
from tui.screens.editor import EditorScreen

ZH, EN = sample_lines("article.zh.txt"), sample_lines("article.en.txt")
MT = FixedTranslator().table


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_accept_mt_fills_a_chinese_only_row_and_undo_empties_it(open_app, workspace_path):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("G", "i", "G", "k")             # split the last row into 1-0 and 0-1; go to the 1-0
        await settle(pilot)
        assert stored_rows(workspace_path)[15].en == []
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)       # no question: there was no English to lose
        row = stored_rows(workspace_path)[15]
        assert (row.zh, row.en, row.status, row.en_from_mt) == ([ZH[-1]], [MT[ZH[-1]]], "edited", True)
        assert "saved · accept MT" in app.screen.status.text().plain
        assert "English from MT" in app.screen.detail.text().plain
        grid = app.screen.grid
        assert " mt " in "".join(seg.text for seg in grid._gutter(15, grid.rows[15], Style()))
        await pilot.press("c")                            # and it can be confirmed like any row
        await settle(pilot)
        assert (stored_rows(workspace_path)[15].status, stored_rows(workspace_path)[15].en_from_mt) == (
            "confirmed", True)                            # confirming does not make the English human
        await pilot.press("z", "z")
        await settle(pilot)
        assert "English from MT" not in app.screen.detail.text().plain
    row = stored_rows(workspace_path)[15]
    assert (row.zh, row.en, row.en_from_mt) == ([ZH[-1]], [], False)


async def test_accept_mt_over_english_asks_first(open_app, workspace_path):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "a")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")                            # no: the English stays
        await settle(pilot)
        assert stored_rows(workspace_path) == sample_document().rows
        await pilot.press("a", "y")
        await settle(pilot)
        assert stored_rows(workspace_path)[1].en == [MT[ZH[1]]]
        await pilot.press("z")
        await settle(pilot)
    assert stored_rows(workspace_path) == sample_document().rows


async def test_accept_mt_refuses_a_gloss(open_app, workspace_path):
    class Gloss(FixedTranslator):
        name, is_gloss = "gloss", True

    app = open_app(translator_factory=lambda notify: Gloss())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.check_action("accept_mt", ()) is None
        await pilot.press("j", "a")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
    assert stored_rows(workspace_path) == sample_document().rows


async def test_the_export_dialog_leaves_accepted_mt_out_unless_unticked(open_app, workspace_path):
    app = open_app()
    out = workspace_path.parent / "demo.jsonl"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "a", "y")                  # row 2's English becomes MT
        await settle(pilot)
        for keep_mt in (False, True):
            await pilot.press("X")
            await settle(pilot)
            dialog = app.screen
            dialog.query_one("#format").value = "jsonl"
            await settle(pilot)
            dialog.query_one("#unaligned").value = False
            if keep_mt:
                dialog.query_one("#mt-english").value = False
            dialog.query_one("#out").focus()
            await pilot.press("enter")
            await settle(pilot)
            if keep_mt:   # the first round's file is there: the dialog asks before replacing it
                await pilot.press("y")
                await settle(pilot)
            records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
            rows = len(sample_document().rows)
            if keep_mt:
                assert len(records) == rows and records[1]["en_origin"] == "mt"
                assert records[1]["translation"]["en"] == MT[ZH[1]]
            else:
                assert len(records) == rows - 1
                assert {r["en_origin"] for r in records} == {"human"}


async def test_merging_mt_english_with_human_english_and_splitting_again_keeps_the_human_row(
        open_app, workspace_path, tmp_path, capsys):
    """Row 2's English accepted from MT, row 3's human: merged (m) and split again (x), row 3 is human
    again, shows no MT mark, and export keeps it."""
    app = open_app()
    human = sample_document().rows[2].en
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "a", "y")                  # row 2's English becomes MT
        await settle(pilot)
        await pilot.press("j", "m")                       # row 3 merged into row 2
        await settle(pilot)
        merged = stored_rows(workspace_path)[1]
        assert (merged.en, merged.en_mt) == ([MT[ZH[1]], *human], (0,))
        await pilot.press("x")                            # and split again
        await settle(pilot)
        rows = stored_rows(workspace_path)
        assert [(r.en, r.en_from_mt) for r in rows[1:3]] == [([MT[ZH[1]]], True), (human, False)]
        await pilot.press("j")
        await settle(pilot)
        assert "English from MT" not in app.screen.detail.text().plain
        grid = app.screen.grid
        assert " mt " not in "".join(seg.text for seg in grid._gutter(2, grid.rows[2], Style()))
        assert " mt " in "".join(seg.text for seg in grid._gutter(1, grid.rows[1], Style()))
    out = tmp_path / "corpus.tmx"
    assert main(["export", str(workspace_path), "-f", "tmx", "-o", str(out)]) == 0
    assert "1 English from MT" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert human[0] in text and MT[ZH[1]] not in text
