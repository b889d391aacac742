"""Fixtures of the editor tests: a small workspace built from the bundled sample, without the aligner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tui_support import FixedTranslator, sample_document

from corpora.workspace import Workspace
from tui.app import EditorApp


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    """A workspace file holding the sample document (id 1)."""
    path = tmp_path / "demo.zhalign"
    with Workspace.create(path) as ws:
        ws.add_document(sample_document())
    return path


@pytest.fixture
def open_app(workspace_path: Path) -> Callable[..., EditorApp]:
    """A factory of apps on the sample workspace; the workspace is closed when the test ends."""
    opened: list[Workspace] = []

    def make(**kwargs) -> EditorApp:
        ws = Workspace.open(workspace_path)
        opened.append(ws)
        kwargs.setdefault("translator_factory", lambda notify: FixedTranslator())
        return EditorApp(ws, 1, **kwargs)

    yield make
    for ws in opened:
        ws.close()
