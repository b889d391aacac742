"""The export dialog never destroys the open workspace, asks before replacing a file, and names a one-article
export for its article (user test 4, entries 1 and 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_support import SIZE, sample_document, settle

from corpora.document import Document
from corpora.filters import RowFilter
from corpora.workspace import Workspace
from tui.screens.dialogs import ConfirmDialog
from tui.screens.export import ExportDialog, ExportRequest


async def open_dialog(pilot, out: str | None = None) -> ExportDialog:
    await settle(pilot)
    await pilot.press("X")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    if out is not None:
        dialog.query_one("#out").value = out
    return dialog


def is_workspace(path: Path) -> bool:
    with Workspace.open(path, readonly=True) as ws:
        return len(ws.documents()) >= 1


async def test_the_workspace_own_name_is_refused_and_the_dialog_stays(open_app, workspace_path):
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, workspace_path.name)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog   # still open, for another name
        assert any("is the open workspace" in n.message for n in app._notifications)
        await pilot.press("c")   # keys still reach the dialog, not the editor behind it
    assert is_workspace(workspace_path)


async def test_the_export_itself_never_writes_over_the_workspace(open_app, workspace_path):
    """Past the dialog, the export refuses it too (here through a symbolic link to the workspace)."""
    link = workspace_path.with_name("link.tmx")
    link.symlink_to(workspace_path)
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.export(ExportRequest("tmx", Path(link.name), RowFilter(), all_documents=True))
        await settle(pilot)
        assert any("the workspace being exported" in n.message for n in app._notifications)
    assert is_workspace(workspace_path)


async def test_the_source_file_of_an_exported_article_is_kept(tmp_path):
    source = tmp_path / "article.zh.txt"
    source.write_text("原文\n", encoding="utf-8")
    path = tmp_path / "src.zhalign"
    with Workspace.create(path) as ws:
        doc = sample_document()
        ws.add_document(Document(doc.rows, title=doc.title, source=str(source)))
    from tui_support import FixedTranslator

    from tui.app import EditorApp

    with Workspace.open(path) as ws:
        app = EditorApp(ws, 1, translator_factory=lambda notify: FixedTranslator())
        async with app.run_test(size=SIZE) as pilot:
            await open_dialog(pilot, str(source))
            await pilot.press("ctrl+s")
            await settle(pilot)
            if isinstance(app.screen, ConfirmDialog):   # it exists: the dialog asks first
                await pilot.press("y")
                await settle(pilot)
            assert any("the file an exported article was read from" in n.message for n in app._notifications)
    assert source.read_text(encoding="utf-8") == "原文\n"


@pytest.mark.parametrize(("answer", "replaced"), [("n", False), ("y", True)])
async def test_an_existing_file_is_replaced_only_when_the_user_says_so(open_app, workspace_path, answer,
                                                                       replaced):
    earlier = workspace_path.with_name("demo.tmx")
    earlier.write_text("an earlier memory", encoding="utf-8")
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog) and "demo.tmx exists" in app.screen.question
        await pilot.press(answer)
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert isinstance(app.screen, ExportDialog) != replaced   # "no" goes back to the dialog
    text = earlier.read_text(encoding="utf-8")
    assert (text != "an earlier memory") == replaced and ("<tmx" in text) == replaced


async def test_a_one_article_export_of_a_larger_workspace_is_named_for_its_article(open_app, workspace_path):
    with Workspace.open(workspace_path) as ws:
        ws.add_document(Document(sample_document().rows[:3], title="second"))
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        out = dialog.query_one("#out")
        assert out.value == "demo-1.tmx"
        dialog.query_one("#all").value = True
        await settle(pilot)
        assert out.value == "demo.tmx"
        dialog.query_one("#format").value = "tsv"
        await settle(pilot)
        assert out.value == "demo.tsv"
        out.value = "mine.tsv"
        dialog.query_one("#all").value = False
        await settle(pilot)
        assert out.value == "mine.tsv"   # a name the user typed stays
