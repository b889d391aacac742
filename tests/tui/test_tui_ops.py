"""Drive every editor operation with key presses and check what the workspace stored."""

from __future__ import annotations

from tui_support import SIZE, sample_document, sample_lines, stored_rows

from aligner.beads import Bead
from corpora.document import Document, Row
from corpora.formats import EXPORT_FORMATS
from corpora.workspace import Workspace
from tui.app import EditorApp
from tui.screens.dialogs import SentenceDialog
from tui.screens.documents import DocumentsScreen
from tui.screens.editor import EditorScreen
from tui.screens.export import ExportDialog
from tui.screens.help import HelpScreen
from tui.widgets.grid import AlignmentGrid

ZH, EN = sample_lines("article.zh.txt"), sample_lines("article.en.txt")


async def settle(pilot) -> None:
    """Let messages, workers and repaints finish."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def press(open_app, *keys: str, **kwargs) -> EditorApp:
    """Run an app on the sample workspace, press ``keys``, and return it after it has closed."""
    app = open_app(**kwargs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
    app.workspace.close()
    return app


async def test_merge_up_merges_with_the_row_above(open_app, workspace_path):
    await press(open_app, "j", "m")
    rows = stored_rows(workspace_path)
    assert len(rows) == 15
    assert rows[0].zh == ZH[:2] and rows[0].en == EN[:2] and rows[0].status == "edited"
    assert rows[0].headline


async def test_split_row_pairs_the_sentences(open_app, workspace_path):
    await press(open_app, "j", "j", "j", "x")
    rows = stored_rows(workspace_path)
    assert (rows[3].zh, rows[3].en) == ([ZH[3]], [EN[3]])
    assert (rows[4].zh, rows[4].en) == ([], [EN[4]])


async def test_shift_up_and_pop_down_act_on_the_focused_side(open_app, workspace_path):
    await press(open_app, "j", "j", "j", "u")
    rows = stored_rows(workspace_path)
    assert rows[2].en == EN[2:4] and rows[3].en == [EN[4]] and rows[3].zh == [ZH[3]]

    await press(open_app, "z", "g", "j", "j", "j", "tab", "d")   # undo across a restart, then zh side
    rows = stored_rows(workspace_path)
    assert rows[2].en == [EN[2]]
    assert rows[3].zh == [] and rows[4].zh == ZH[3:6] and rows[3].en == EN[3:5]


async def test_insert_cell_separates_the_one_sided_sentences(open_app, workspace_path):
    await press(open_app, "G", "i")
    rows = stored_rows(workspace_path)
    assert (rows[15].zh, rows[15].en) == ([ZH[-1]], [])
    assert (rows[16].zh, rows[16].en) == ([], [EN[-1]])


async def test_column_up_and_down(open_app, workspace_path):
    await press(open_app, "G", "k", "tab", "U")
    rows = stored_rows(workspace_path)
    assert rows[13].zh == ZH[14:16] and rows[14].zh == [ZH[16]] and rows[15].zh == []
    await press(open_app, "z", "G", "D")
    rows = stored_rows(workspace_path)
    assert rows[15].en == [] and rows[16].en == [EN[-1]]


async def test_split_and_join_a_sentence(open_app, workspace_path):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "tab", "s")
        await settle(pilot)
        assert isinstance(app.screen, SentenceDialog)
        await pilot.press("enter")                       # the cursor starts in the middle of the sentence
        await settle(pilot)
        assert len(stored_rows(workspace_path)[1].zh) == 2
        await pilot.press("J")
        await settle(pilot)
    rows = stored_rows(workspace_path)
    assert rows[1].zh == [ZH[1]] and rows[1].status == "edited"


async def test_an_english_sentence_split_inside_a_word_joins_back_as_it_was(open_app, workspace_path):
    """USERTEST4 entry 17: ``appear`` split mid-word and joined back became ``app ear``; the join now
    finds the split in the log, also after the editor is closed and opened again."""
    inside = EN[1].index("Governments") + 3
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "s")
        await settle(pilot)
        assert isinstance(app.screen, SentenceDialog)
        app.screen.query_one("TextArea").move_cursor((0, inside))
        await pilot.press("enter")
        await settle(pilot)
    app.workspace.close()
    assert "".join(stored_rows(workspace_path)[1].en) == EN[1]   # split inside a word, nothing lost
    await press(open_app, "j", "J")
    assert stored_rows(workspace_path)[1].en == [EN[1]]


async def test_edit_a_sentence_in_the_dialog(open_app, workspace_path):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "e")
        await settle(pilot)
        assert isinstance(app.screen, SentenceDialog)
        area = app.screen.query_one("TextArea")
        area.move_cursor(area.document.end)
        await pilot.press(*" Extra.", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
    assert stored_rows(workspace_path)[1].en == [EN[1] + " Extra."]


async def test_confirm_confirm_above_and_bookmark(open_app, workspace_path):
    await press(open_app, "j", "j", "C", "j", "c", "b")
    rows = stored_rows(workspace_path)
    assert [r.status for r in rows[:4]] == ["confirmed"] * 4
    assert rows[4].status == "auto" and rows[3].bookmark and not rows[2].bookmark
    await press(open_app, "g", "j", "j", "j", "c")        # c again takes the confirmation off
    assert stored_rows(workspace_path)[3].status == "auto"    # an untouched machine row again


async def test_undo_and_redo_survive_a_restart(open_app, workspace_path):
    await press(open_app, "j", "m", "j", "m")
    assert len(stored_rows(workspace_path)) == 14
    await press(open_app, "z")
    assert len(stored_rows(workspace_path)) == 15
    await press(open_app, "z", "Z", "Z")
    assert len(stored_rows(workspace_path)) == 14
    await press(open_app, "z", "z", "z")                  # one more undo than there are edits: no harm
    assert stored_rows(workspace_path) == sample_document().rows


async def test_arrows_and_page_keys_move_the_cursor_when_the_article_is_taller_than_the_window(open_app):
    """A scroll container's own bindings would take these keys to scroll the view once there is room to
    scroll; the grid leaves them to the screen, which moves the cursor (and the view with it)."""
    app = open_app()
    async with app.run_test(size=(140, 12)) as pilot:
        await settle(pilot)
        grid = app.screen.query_one(AlignmentGrid)
        assert grid.max_scroll_y > 0                       # the article does not fit: the view can scroll
        await pilot.press("down", "down", "down")
        assert grid.cursor == 3
        await pilot.press("up")
        assert grid.cursor == 2
        await pilot.press("end")
        assert grid.cursor == 15
        await pilot.press("home")
        assert grid.cursor == 0
        await pilot.press("pagedown")
        assert grid.cursor > 0


async def test_navigation_jumps(open_app):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query_one(AlignmentGrid)
        await pilot.press("l")
        assert grid.cursor == 10                           # the first low-confidence row (the 1-0)
        await pilot.press("l")
        assert grid.cursor == 15                           # the other one, the last row
        await pilot.press("l")
        assert grid.cursor == 15                           # none below: stays
        await pilot.press("O")
        assert grid.cursor == 10                           # previous non-1-1 (1-0)
        await pilot.press("O")
        assert grid.cursor == 4                            # previous non-1-1 (2-1)
        await pilot.press("O")
        assert grid.cursor == 3
        await pilot.press("b", "g", "]")
        assert grid.cursor == 3
        await pilot.press("c", "g", "n", "n")
        assert grid.cursor == 2                            # rows 1, 2 unconfirmed; 0 is where we started
        await pilot.press("tab")
        assert grid.side == "zh"
        await pilot.press("slash", *"iphone", "enter")
        await settle(pilot)
        assert grid.cursor == 6
        await pilot.press("escape", "asterisk")
        assert grid.cursor == 6                            # the only match: stays
        await pilot.press("G", "number_sign")
        assert grid.cursor == 6


async def test_realign_from_the_cursor_keeps_confirmed_rows(open_app, workspace_path):
    def one_to_one(zh: list[str], en: list[str]) -> list[Bead]:
        n = min(len(zh), len(en))
        return ([Bead((k,), (k,), 0.5) for k in range(n)] + [Bead((k,), ()) for k in range(n, len(zh))]
                + [Bead((), (k,)) for k in range(n, len(en))])

    app = await press(open_app, "G", "c", "g", "j", "j", "j", "R", "y", align_fn=one_to_one)
    rows = stored_rows(workspace_path)
    assert rows[:3] == sample_document().rows[:3]
    assert rows[-1].status == "confirmed" and rows[-1].en == [EN[-1]]
    # unconfirmed rows 3-14 hold 13 Chinese and 12 English sentences: one_to_one leaves the last Chinese 1-0
    pairs = [([z], [e]) for z, e in zip(ZH[3:15], EN[3:15], strict=True)]
    assert [(r.zh, r.en) for r in rows[3:-1]] == [*pairs, ([ZH[15]], [])]
    assert all(r.status == "auto" and r.confidence == 0.5 for r in rows[3:-2])
    assert app.return_code is None or app.return_code == 0


async def test_export_dialog_writes_the_chosen_format(open_app, workspace_path):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c", "X")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        dialog = app.screen
        offered = [value for _, value in dialog.query_one("#format")._options]
        assert offered == list(EXPORT_FORMATS)       # every format one export writes, none left out
        dialog.query_one("#format").value = "tsv"
        await settle(pilot)
        dialog.query_one("#confirmed").value = True
        dialog.query_one("#out").focus()
        await pilot.press("enter")
        await settle(pilot)
    lines = (workspace_path.parent / "demo.tsv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and ZH[0] in lines[1] and EN[0] in lines[1]


async def test_user_keymap_remaps_by_binding_id(open_app, workspace_path):
    await press(open_app, "j", "m", keymap={"merge-up": "M"})
    assert len(stored_rows(workspace_path)) == 16
    await press(open_app, "j", "M", keymap={"merge-up": "M"})
    assert len(stored_rows(workspace_path)) == 15


async def test_help_screen_and_command_palette(open_app, workspace_path):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "ctrl+p")
        await settle(pilot)
        await pilot.press(*"toggle bookm")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    assert stored_rows(workspace_path)[0].bookmark


async def test_mt_suggestions_arrive_from_a_worker(open_app):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query_one(AlignmentGrid)
        assert grid.suggestions.zh_en.engine == "file"
        assert grid.suggestions.zh_en.found[ZH[7]].startswith("Recently, Alibaba was selected by Apple")


def two_articles(tmp_path):
    """A workspace of two one-row articles, "first" and "second" (the app opens it at the list)."""
    path = tmp_path / "two.zhalign"
    with Workspace.create(path) as ws:
        for title in ("first", "second"):
            ws.add_document(Document([Row([f"{title}中文。"], [f"{title} English."])], title=title))
    return path


async def test_workspace_with_several_articles_starts_at_the_list(tmp_path):
    with Workspace.open(two_articles(tmp_path)) as ws:
        app = EditorApp(ws)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, DocumentsScreen)
            await pilot.press("down", "enter")
            await settle(pilot)
            assert isinstance(app.screen, EditorScreen)
            assert app.screen.session.document.title == "second"
            await pilot.press("c")
            await settle(pilot)
        assert ws.load(2).rows[0].status == "confirmed"


async def test_j_and_k_move_through_the_article_list(tmp_path):
    with Workspace.open(two_articles(tmp_path)) as ws:
        app = EditorApp(ws)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            options = app.screen.query_one("OptionList")
            assert options.highlighted == 0
            await pilot.press("j")
            assert options.highlighted == 1
            await pilot.press("k")
            assert options.highlighted == 0
            await pilot.press("j", "enter")
            await settle(pilot)
            assert isinstance(app.screen, EditorScreen)
            assert app.screen.session.document.title == "second"


async def test_the_palette_on_the_article_list_offers_only_what_runs_there(tmp_path):
    with Workspace.open(two_articles(tmp_path)) as ws:
        app = EditorApp(ws)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, DocumentsScreen)
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*"all keys")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)    # it ran on the app, not on a missing editor


async def test_without_an_mt_engine_the_suggestion_column_goes(open_app):
    app = open_app(translator_factory=lambda notify: None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query_one(AlignmentGrid)
        assert not grid.show_mt and grid.columns.mt == 0
        assert "MT" not in " ".join(label for label, _ in grid.header_text())


def test_a_gloss_is_never_called_a_translation():
    from tui.widgets.grid import mt_caption

    assert mt_caption("gloss", True) == "gloss (no MT model)"
    assert mt_caption("opus-mt-zh-en", False) == "MT suggestion (opus-mt-zh-en)"
    assert "loading" in mt_caption("", False)


async def test_edits_that_cannot_apply_are_greyed_out(open_app, workspace_path):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.check_action("merge_up", ()) is None            # first row: nothing above
        assert screen.check_action("join_sentences", ()) is None      # one English sentence
        await pilot.press("j", "j", "j")                                # the 1-2 row
        assert screen.check_action("merge_up", ()) is True
        assert screen.check_action("join_sentences", ()) is True
        assert screen.check_action("split_row", ()) is True
        await pilot.press("g", "m")
        await settle(pilot)
    assert len(stored_rows(workspace_path)) == 16


async def test_status_line_says_saved_after_each_edit(open_app):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "m")
        await settle(pilot)
        assert "saved · merge" in app.screen.status.text().plain
        await pilot.press("z")
        await settle(pilot)
        assert "saved · undo merge" in app.screen.status.text().plain


async def test_reopening_starts_at_the_first_unconfirmed_row(open_app):
    await press(open_app, "j", "j", "C")
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one(AlignmentGrid).cursor == 3


async def test_a_new_article_is_prepared_in_a_worker_behind_a_loading_screen(tmp_path):
    from tui_support import sample_document

    from tui.screens.loading import LoadingScreen

    path = tmp_path / "new.zhalign"
    with Workspace.create(path) as ws:
        seen: list[object] = []

        def prepare(notify) -> int:
            seen.append(type(app.screen))
            return ws.add_document(sample_document())

        app = EditorApp(ws, prepare=prepare, preparing="Aligning the test article…")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert seen == [LoadingScreen]
            assert isinstance(app.screen, EditorScreen) and len(app.screen.session.rows) == 16


async def test_a_failed_preparation_stops_the_app_with_its_message(tmp_path):
    from aligner.errors import UserError

    def prepare(notify) -> int:
        raise UserError("zh.txt: is empty; pass the article text")

    with Workspace.create(tmp_path / "x.zhalign") as ws:
        app = EditorApp(ws, prepare=prepare)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
        assert app.return_code == 2 and app.failure == "zh.txt: is empty; pass the article text"


async def test_the_article_list_starts_on_the_article_being_edited_and_marks_it(tmp_path):
    with Workspace.open(two_articles(tmp_path)) as ws:
        app = EditorApp(ws, 2)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("A")
            await settle(pilot)
            assert isinstance(app.screen, DocumentsScreen)
            options = app.screen.query_one("OptionList")
            assert options.highlighted == 1
            lines = [str(options.get_option_at_index(k).prompt) for k in range(2)]
            assert lines[1].startswith("▶") and not lines[0].startswith("▶")
            await pilot.press("k", "enter")                  # the one above the current: article 1
            await settle(pilot)
            assert app.screen.session.document.title == "first"
