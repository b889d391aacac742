"""Start-up: the editor shows its first screen before any slow work begins."""

from __future__ import annotations

import threading
import time

from textual.widgets import Label
from tui_support import SIZE, sample_document

from corpora.workspace import Workspace
from tui.app import EditorApp
from tui.screens.editor import EditorScreen
from tui.screens.loading import LoadingScreen


async def test_the_loading_screen_is_painted_before_the_article_is_prepared(tmp_path):
    """Preparing an article (aligning it, loading models) holds the interpreter for seconds: it must
    start only once the loading screen is on the terminal, or the user stares at nothing meanwhile."""
    painted: list[str] = []
    with Workspace.create(tmp_path / "new.zhalign") as ws:
        painted_when_prepared: list[list[str]] = []

        def prepare(notify) -> int:
            painted_when_prepared.append(list(painted))
            return ws.add_document(sample_document())

        app = EditorApp(ws, prepare=prepare)
        show = app._display

        def display(screen, renderable) -> None:
            if renderable is not None:
                painted.append(type(screen).__name__)
            show(screen, renderable)

        app._display = display  # type: ignore[method-assign]
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, EditorScreen)
        assert len(painted_when_prepared) == 1 and "LoadingScreen" in painted_when_prepared[0]
        assert painted[-1] == "EditorScreen"


async def test_q_while_aligning_says_at_once_that_it_finishes_and_saves(tmp_path):
    """The alignment cannot stop half-way: q waits for it and its storing (user test 4, item 17: seconds
    without a sign). The screen says so before the wait."""
    release = threading.Event()
    painted: list[str] = []
    with Workspace.create(tmp_path / "new.zhalign") as ws:
        def prepare(notify) -> int:
            release.wait(20)
            return ws.add_document(sample_document())

        app = EditorApp(ws, prepare=prepare)
        show = app._display

        def display(screen, renderable) -> None:
            if renderable is not None and isinstance(screen, LoadingScreen):
                painted.append(str(screen.query_one("#loading-message", Label).render()))
            show(screen, renderable)

        app._display = display  # type: ignore[method-assign]
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            threading.Timer(1.0, release.set).start()       # the alignment ends a second later
            await pilot.press("q")
            await pilot.pause()
            assert not release.is_set()                      # said while the alignment still runs
            assert any("Finishing the alignment, then saving" in text for text in painted)
        for _ in range(100):                                 # the worker thread stores it, then ends
            if ws.documents():
                break
            time.sleep(0.1)
        assert [d.id for d in ws.documents()] == [1]
