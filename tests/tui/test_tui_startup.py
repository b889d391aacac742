"""Start-up: the editor shows its first screen before any slow work begins."""

from __future__ import annotations

from tui_support import SIZE, sample_document

from corpora.workspace import Workspace
from tui.app import EditorApp
from tui.screens.editor import EditorScreen


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
