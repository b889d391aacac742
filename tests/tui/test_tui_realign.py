"""The editor's re-align (R): computed while its question is read, and with the sentence vectors the
workspace keeps instead of encoding again."""

from __future__ import annotations

from tui_support import SIZE, one_to_one, sample_document, stored_rows

import aligner.embedders
from aligner.api import AlignConfig, align
from aligner.embedders import CachedEmbedder
from corpora.document import Document
from corpora.pipeline import with_vector_store
from corpora.workspace import Workspace
from tests.align_sample import EN, ZH
from tests.embedding_stub import CountingEmbedder
from tui.app import EditorApp


async def test_realign_in_a_reopened_editor_encodes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "w.zhalign"
    first = CountingEmbedder()
    with Workspace.create(path) as ws:   # as `edit` or `add` aligned it, in an earlier process
        ws.add_document(Document.from_beads(ZH, EN, align(ZH, EN, config=with_vector_store(
            AlignConfig(embedder=first), ws))))
    assert first.asked
    later = CountingEmbedder()   # this process's embedder: nothing in memory
    monkeypatch.setattr(aligner.embedders, "get_embedder", lambda spec="usem3": CachedEmbedder(later))
    with Workspace.open(path) as ws:
        app = EditorApp(ws, 1)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("R", "y")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "re-alignment changes nothing" in [n.message for n in app._notifications]
    assert later.asked == []


async def test_realign_runs_while_the_question_is_read_and_a_no_drops_it(open_app, workspace_path):
    calls: list[list[str]] = []
    app = open_app(align_fn=one_to_one(calls))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "j", "j", "R")
        await app.workers.wait_for_complete()
        assert [len(zh) for zh in calls] == [14]   # rows 4-16 hold 14 Chinese sentences, aligned at once
        await pilot.press("n")
        await pilot.pause()
        assert stored_rows(workspace_path) == sample_document().rows
        await pilot.press("R")
        await app.workers.wait_for_complete()
        await pilot.press("y")
        await pilot.pause()
        assert len(calls) == 2
    rows = stored_rows(workspace_path)
    assert rows[:3] == sample_document().rows[:3] and rows[3].en == sample_document().rows[3].en[:1]
