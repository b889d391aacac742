"""What `edit` and `open` print before the editor starts is also shown on its screen, once (user test 5,
items 2 and 6: the swap note, "reopening ... as you left it" and the read-only reason were hidden behind
the editor and read only after quitting)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from tui_support import SIZE, aligned_one_to_one, copy_sample_pair, settle

from cli import main
from tui.app import EditorApp


@pytest.fixture
def shown(monkeypatch) -> list[list[str]]:
    """Run each editor the commands start in a pilot, aligning 1-1: the toasts each showed on opening."""
    toasts: list[list[str]] = []

    async def drive(app: EditorApp) -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            toasts.append([n.message for n in app._notifications])

    monkeypatch.setattr(EditorApp, "run", lambda self: asyncio.run(drive(self)))
    monkeypatch.setattr("cli.editor_cmd.has_terminal", lambda: True)
    monkeypatch.setattr("corpora.pipeline.align_pair", aligned_one_to_one)
    monkeypatch.setattr("cli.editor_cmd._reverse_factory", lambda workspace: lambda notify: None)
    return toasts


def _files(folder: Path) -> tuple[Path, Path]:
    return copy_sample_pair(folder, "南非.txt", "SA doctors.txt")


def _said(err: str) -> list[str]:
    return [line.removeprefix("zhen-align: ") for line in err.splitlines() if line.startswith("zhen-align: ")]


def test_every_line_said_before_the_editor_starts_is_on_its_screen_once(tmp_path, shown, capsys):
    zh, en = _files(tmp_path)
    args = ["edit", str(en), str(zh), "--presegmented", "--engine", "gloss"]
    assert main(args) == 0                  # English first: swapped, and aligned as a new article
    said = [_said(capsys.readouterr().err)]
    assert main(args) == 0                  # then reopened
    said.append(_said(capsys.readouterr().err))
    assert [sum("looks English" in line for line in lines) for lines in said] == [1, 1]
    assert any("workspace: " in line for line in said[0]) and any("reopening" in line for line in said[1])
    for lines, toasts in zip(said, shown, strict=True):
        for line in lines:                  # every line printed is on screen, once
            assert "\n".join(toasts).count(line) == 1, line


def test_open_read_only_elsewhere_says_it_on_screen(tmp_path, shown, capsys, monkeypatch):
    zh, en = _files(tmp_path)
    assert main(["edit", str(zh), str(en), "--presegmented", "--engine", "gloss"]) == 0
    monkeypatch.setattr("corpora.workspace.write_problem", lambda path: "cannot write it (a test)")
    capsys.readouterr()
    assert main(["open", str(tmp_path / "南非.zhalign"), "--engine", "gloss"]) == 0
    line = _said(capsys.readouterr().err)[0]
    assert "opening it read-only" in line
    assert "\n".join(shown[-1]).count(line) == 1
