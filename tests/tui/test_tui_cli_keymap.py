"""The edit/open/demo commands (the app itself is not started) and the user key map file."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_support import SAMPLE, aligned_one_to_one, copy_sample_pair

from aligner.errors import UserError
from cli import main
from cli.editor_cmd import default_workspace
from corpora.edits import confirm
from corpora.workspace import Workspace
from tui.app import EditorApp
from tui.bindings import ALL_KEYS, EDITOR_KEYS
from tui.keymap import key_scopes, load_keymap


@pytest.fixture
def launched(monkeypatch):
    """Record the apps the commands would run, and align 1-1 instead of running the real aligner."""
    apps: list[tuple[Path, int | None, EditorApp]] = []

    def fake_run(self) -> None:
        if self.prepare is not None:      # what the app's worker would do before opening the editor
            self.doc_id = self.prepare(lambda message: None)
        apps.append((self.workspace.path, self.doc_id, self))

    monkeypatch.setattr(EditorApp, "run", fake_run)
    monkeypatch.setattr("cli.editor_cmd.has_terminal", lambda: True)
    monkeypatch.setattr("corpora.pipeline.align_pair", aligned_one_to_one)
    monkeypatch.setattr(EditorApp, "_notify_from_thread", lambda self, message: None)
    return apps


def test_edit_aligns_once_then_reopens_without_losing_work(tmp_path, launched, monkeypatch):
    zh, en = copy_sample_pair(tmp_path)
    assert main(["edit", str(zh), str(en), "--presegmented"]) == 0
    ws_path = default_workspace(zh)
    assert ws_path == tmp_path / "story.zhalign" and launched[-1][:2] == (ws_path, 1)
    with Workspace.open(ws_path) as ws:
        ws.apply(1, confirm(ws.load(1).rows, 0))
    assert main(["edit", str(zh), str(en), "--presegmented"]) == 0
    with Workspace.open(ws_path) as ws:
        assert [d.id for d in ws.documents()] == [1]
        assert ws.load(1).rows[0].status == "confirmed"
    assert launched[-1][:2] == (ws_path, 1)
    monkeypatch.chdir(tmp_path)                       # same files named from another directory
    assert main(["edit", zh.name, en.name, "--presegmented"]) == 0
    with Workspace.open(ws_path) as ws:
        assert [d.id for d in ws.documents()] == [1]


def test_open_and_demo(tmp_path, launched):
    zh, en = copy_sample_pair(tmp_path)
    mt = SAMPLE / "sample.mt.txt"
    assert main(["edit", str(zh), str(en), "-w", str(tmp_path / "w.zhalign"), "--mt", str(mt)]) == 0
    assert launched[-1][2].get_translator().name == "file"
    assert main(["open", str(tmp_path / "w.zhalign"), "--doc", "1"]) == 0
    assert main(["open", str(tmp_path / "w.zhalign"), "--doc", "7"]) == 2
    assert main(["demo", "--dir", str(tmp_path / "demo")]) == 0
    ws_path, doc_id, app = launched[-1]
    translator = app.get_translator()
    assert ws_path.name == "demo.zhalign" and doc_id == 1
    assert translator.name == "file" and not translator.is_gloss
    assert translator.translate(["他主张各方围绕应用发力。"]) == [
        "He advocated that all parties focus on applications."]


def test_edit_names_a_missing_file(tmp_path, capsys):
    assert main(["edit", str(tmp_path / "none.txt"), str(tmp_path / "en.txt")]) == 2
    assert "none.txt: no such file" in capsys.readouterr().err


def test_keymap_file(tmp_path):
    path = tmp_path / "keys.toml"
    assert load_keymap(path) == {}
    path.write_text('merge-up = "M"\npop-down = ["ctrl+j", "d"]\n', encoding="utf-8")
    assert load_keymap(path) == {"merge-up": "M", "pop-down": "ctrl+j,d"}
    path.write_text('dialog-save = "ctrl+w,f2"\n', encoding="utf-8")
    assert load_keymap(path) == {"dialog-save": "ctrl+w,f2"}
    path.write_text('merge-upp = "M"\n', encoding="utf-8")
    with pytest.raises(UserError, match="unknown binding id 'merge-upp'"):
        load_keymap(path)
    path.write_text('merge-up = \n', encoding="utf-8")
    with pytest.raises(UserError, match="not valid TOML"):
        load_keymap(path)


def test_every_binding_id_is_unique_and_every_chord_has_a_plain_key():
    ids = [k.id for k in ALL_KEYS]
    assert len(ids) == len(set(ids)) and {k.id for k in EDITOR_KEYS} < set(ids)
    for key in ALL_KEYS:
        keys = key.keys.split(",")
        # Ctrl+Q quits from anywhere, as an extra to q on the editor, article list and loading screens
        assert any("+" not in k for k in keys) or key.id == "app-quit", key.id


def test_open_refuses_a_one_per_line_mt_file(tmp_path, capsys):
    from cli import main
    from corpora.workspace import Workspace

    ws = tmp_path / "a.zhalign"
    Workspace.create(ws).close()
    mt = tmp_path / "mt.txt"
    mt.write_text("One.\nTwo.\n", encoding="utf-8")
    assert main(["open", str(ws), "--mt", str(mt)]) == 2
    assert "TSV" in capsys.readouterr().err


def test_a_key_taken_from_a_default_action_is_reported_and_leaves_it(tmp_path):
    path = tmp_path / "keys.toml"
    path.write_text('merge-up = "j"\n', encoding="utf-8")
    said: list[str] = []
    keymap = load_keymap(path, notify=said.append)
    assert keymap == {"merge-up": "j", "down": "down"}      # j merges; the down arrow still moves down
    assert len(said) == 1
    assert str(path) in said[0] and "'j'" in said[0]
    assert "merge-up" in said[0] and "down (Next row)" in said[0]


def test_a_key_of_another_screen_is_no_clash(tmp_path):
    path = tmp_path / "keys.toml"
    path.write_text('merge-up = "ctrl+s"\n', encoding="utf-8")   # saves in the dialogs, unused in the editor
    said: list[str] = []
    assert load_keymap(path, notify=said.append) == {"merge-up": "ctrl+s"}
    assert said == []


def test_a_key_bound_twice_in_the_file_or_leaving_an_action_keyless_is_refused(tmp_path):
    path = tmp_path / "keys.toml"
    path.write_text('merge-up = "M"\nsplit-row = "x,M"\n', encoding="utf-8")
    with pytest.raises(UserError, match=r"keys.toml: key 'M' is bound to both merge-up and split-row"):
        load_keymap(path)
    path.write_text('merge-up = "q"\n', encoding="utf-8")
    with pytest.raises(UserError, match=r"keys.toml: key 'q' is bound to merge-up, which leaves quit"):
        load_keymap(path)


def test_the_default_keys_do_not_clash():
    for scope in key_scopes():
        keys = [typed for key in scope for typed in key.keys.split(",")]
        assert len(keys) == len(set(keys)), [key.id for key in scope]
