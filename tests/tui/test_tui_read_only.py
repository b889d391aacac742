"""A workspace this process cannot write opens as with --read-only, saying why (user test 4, item 6)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from tui_support import SIZE, FixedTranslator, settle

from cli import main
from corpora.workspace import Workspace, write_problem
from tui.app import EditorApp
from tui.screens.editor import EditorScreen


@pytest.fixture
def launched(monkeypatch):
    """The apps `open` would run (not run), with the lines it printed."""
    apps: list[EditorApp] = []
    monkeypatch.setattr(EditorApp, "run", lambda self: apps.append(self))
    monkeypatch.setattr("cli.editor_cmd.has_terminal", lambda: True)
    return apps


def _unwritable(path: Path, mode: int) -> None:
    path.chmod(mode)
    if os.access(path, os.W_OK):
        pytest.skip("this user writes past file permissions (root), so chmod makes nothing unwritable here")


@pytest.fixture
def copy(workspace_path, tmp_path) -> Path:
    """A copy of the sample workspace in a folder of its own (permissions restored after the test)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / workspace_path.name
    shutil.copy(workspace_path, path)
    yield path
    folder.chmod(0o755)
    path.chmod(0o644)


def test_a_writable_workspace_has_no_problem(copy):
    assert write_problem(copy) is None


def test_a_read_only_file_opens_read_only_and_says_why(copy, launched, capsys):
    _unwritable(copy, 0o444)
    assert write_problem(copy) == f"cannot write {copy.name} (Permission denied)"
    assert main(["open", str(copy)]) == 0
    app = launched[-1]
    assert app.workspace.readonly and app.read_only_reason == write_problem(copy)
    said = capsys.readouterr().err
    assert f"{copy}: cannot write {copy.name} (Permission denied); opening it read-only" in said
    assert f"{copy}: cannot write {copy.name} (Permission denied); opening it read-only" in app.greeting


def test_a_read_only_folder_opens_read_only(copy, launched):
    _unwritable(copy.parent, 0o555)
    assert "cannot make files in its folder" in (write_problem(copy) or "")
    assert main(["open", str(copy)]) == 0
    assert launched[-1].workspace.readonly


def test_a_side_file_that_cannot_be_written_is_a_problem_even_for_root(copy, launched):
    (copy.parent / (copy.name + "-wal")).mkdir()          # no user opens a folder for writing
    assert write_problem(copy) == f"cannot write {copy.name}-wal (Is a directory)"
    assert main(["open", str(copy)]) == 0
    assert launched[-1].workspace.readonly


async def test_the_status_line_and_each_refused_edit_say_why(copy):
    reason = f"cannot write {copy.name} (Permission denied)"
    with Workspace.open(copy, readonly=True) as ws:
        app = EditorApp(ws, 1, translator_factory=lambda notify: FixedTranslator(), read_only_reason=reason)
        said: list[str] = []
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            shown = app.notify
            app.notify = lambda message, **kw: (said.append(message), shown(message, **kw))
            screen = app.screen
            assert isinstance(screen, EditorScreen)
            assert "read-only (cannot write it here): edits are refused" in str(screen.status.text())
            await pilot.press("c")
            await settle(pilot)
    assert said == [f"read-only: {reason}, so nothing is changed"]
