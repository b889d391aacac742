"""Item 7: reading commands work on a read-only folder or medium, and ``open``/``edit --read-only`` look
without changing anything (edits are refused with a clear status; no lock, no side file)."""

from __future__ import annotations

from pathlib import Path

from cli import main
from corpora.document import Document, Row
from corpora.workspace import Workspace
from tests.security.hostile import run_cli, sealed
from tui.app import EditorApp


def _workspace(path: Path) -> Path:
    with Workspace.create(path) as ws:
        ws.add_document(Document([Row(["第一句。"], ["First."], "auto", 0.9, {}),
                                  Row(["第二句。"], ["Second."], "auto", 0.4, {})], title="标题"))
        ws.apply(1, __import__("corpora.edits", fromlist=["confirm"]).confirm(ws.load(1).rows, 0))
    path.with_name(path.name + ".lock").unlink()
    return path


def test_status_and_export_read_a_workspace_on_read_only_media(tmp_path: Path) -> None:
    folder = tmp_path / "medium"
    folder.mkdir()
    ws = _workspace(folder / "news.zhalign")
    with sealed(folder) as before:
        status = run_cli("status", ws, read_only_modes=True)
        assert status.returncode == 0, status.stderr
        assert "标题" in status.stdout and "50 %" in status.stdout
        export = run_cli("export", ws, "-f", "tsv", "-o", tmp_path / "news.tsv", read_only_modes=True)
        assert export.returncode == 0, export.stderr
        assert sorted(p.name for p in folder.iterdir()) == before   # no -shm, -wal or lock appeared
    assert (tmp_path / "news.tsv").read_text(encoding="utf-8").count("\n") == 3


async def test_editor_read_only_refuses_edits_and_says_so(tmp_path: Path) -> None:
    path = _workspace(tmp_path / "ws.zhalign")
    with Workspace.open(path) as writer, Workspace.open(path, readonly=True) as ws:   # another editor has it
        app = EditorApp(ws, 1, translator_factory=None)
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert "read-only" in str(screen.query_one("#info").render())
            for key in ("c", "m", "z", "e"):
                await pilot.press(key)
                await pilot.pause()
            assert screen is app.screen                                    # no dialog opened
            assert any("read-only" in n.message for n in app._notifications)
        assert [r.status for r in writer.load(1).rows] == ["confirmed", "auto"]
        assert writer.history(1).undo == "confirm"


def test_open_read_only_needs_no_lock(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr("cli.editor_cmd.has_terminal", lambda: True)   # the app itself is never started
    path = _workspace(tmp_path / "ws.zhalign")
    with Workspace.open(path):
        assert main(["open", str(path), "--doc", "7"]) == 2
        assert "another process" in capsys.readouterr().err
        assert main(["open", str(path), "--read-only", "--doc", "7"]) == 2
        assert "no article 7" in capsys.readouterr().err
