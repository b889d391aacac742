"""``edit ZH EN`` reopens an article only when both of its files match: another English file for the same
Chinese makes a new article (user test 5)."""

from __future__ import annotations

import os

import pytest

from aligner.beads import Bead
from cli import main
from corpora.workspace import Workspace

ZH = "南非医生说奥密克戎多为轻症。\n\n她说病人都已康复。\n"
EN = "South African doctors say Omicron cases are mostly mild.\n\nShe said the patients had recovered.\n"
MOVED = "She said the patients had recovered.\n\nSouth African doctors say Omicron cases are mostly mild.\n"


@pytest.fixture
def opened(monkeypatch):
    """Run ``edit`` without the editor or the aligner: record the article each run opens (a new one is
    aligned one to one and stored, as the editor's worker stores it)."""
    seen: list[tuple[int, str]] = []

    def one_to_one(zh, en, **_):
        return [Bead((k,), (k,), 0.9) for k in range(min(len(zh), len(en)))]

    def run_app(workspace, doc_id, factory, prepare=None, preparing="", greeting="", read_only_reason=""):
        if doc_id is None:
            doc_id = prepare(lambda message: None)
        seen.append((doc_id, greeting))
        return 0

    monkeypatch.setattr("cli.editor_cmd.has_terminal", lambda: True)
    monkeypatch.setattr("cli.editor_cmd._run_app", run_app)
    monkeypatch.setattr("aligner.api.align", one_to_one)
    return seen


def test_another_english_file_makes_a_new_article(tmp_path, opened, capsys):
    zh, en, moved = tmp_path / "art.zh.txt", tmp_path / "art.en.txt", tmp_path / "moved.en.txt"
    zh.write_text(ZH, encoding="utf-8")
    en.write_text(EN, encoding="utf-8")
    moved.write_text(MOVED, encoding="utf-8")
    written = en.stat().st_mtime
    assert main(["edit", str(zh), str(en)]) == 0
    os.utime(moved, (written + 5, written + 5))        # written after the first article was added
    assert main(["edit", str(zh), str(moved)]) == 0
    os.utime(moved, (written, written))
    err = capsys.readouterr().err
    assert "changed after" not in err and "reopening" not in err
    assert f"was aligned from {zh} with {en.resolve()}, not {moved}" in err
    assert [doc_id for doc_id, _ in opened] == [1, 2]
    assert "a new article" in opened[1][1]              # said on screen too
    with Workspace.open(tmp_path / "art.zhalign", readonly=True) as ws:
        second = ws.load(2)
    assert second.en_source == str(moved.resolve())
    assert second.rows[0].en == ["She said the patients had recovered."]
    # each pair reopens its own article
    assert main(["edit", str(zh), str(en)]) == 0
    assert main(["edit", str(zh), str(moved)]) == 0
    assert [doc_id for doc_id, _ in opened] == [1, 2, 1, 2]
    assert "changed after" not in capsys.readouterr().err


def test_the_same_pair_changed_is_still_said_on_screen(tmp_path, opened, capsys):
    zh, en = tmp_path / "art.zh.txt", tmp_path / "art.en.txt"
    zh.write_text(ZH, encoding="utf-8")
    en.write_text(EN, encoding="utf-8")
    assert main(["edit", str(zh), str(en)]) == 0
    later = en.stat().st_mtime + 5
    os.utime(en, (later, later))
    assert main(["edit", str(zh), str(en)]) == 0
    assert [doc_id for doc_id, _ in opened] == [1, 1]
    assert f"{en}: changed after article 1 was added" in opened[1][1]
    assert f"{en}: changed after article 1 was added" in capsys.readouterr().err


def test_an_article_from_before_the_english_file_was_kept_reopens(tmp_path, opened):
    """Articles stored before schema 8 have no English file: their Chinese file alone finds them."""
    zh, en = tmp_path / "art.zh.txt", tmp_path / "art.en.txt"
    zh.write_text(ZH, encoding="utf-8")
    en.write_text(EN, encoding="utf-8")
    assert main(["edit", str(zh), str(en)]) == 0
    with Workspace.open(tmp_path / "art.zhalign") as ws:
        ws._writable().execute("UPDATE documents SET en_source = ''")
    other = tmp_path / "other.en.txt"
    other.write_text(EN, encoding="utf-8")
    assert main(["edit", str(zh), str(other)]) == 0
    assert [doc_id for doc_id, _ in opened] == [1, 1]


def test_edit_takes_a_title_for_a_new_article(tmp_path, opened, capsys):
    zh, en = tmp_path / "art.zh.txt", tmp_path / "art.en.txt"
    zh.write_text("首页 > 国际 > 正文\n\n" + ZH, encoding="utf-8")
    en.write_text("Home | World | Africa\n\n" + EN, encoding="utf-8")
    assert main(["edit", str(zh), str(en), "--title", "Omicron in South Africa"]) == 0
    assert main(["edit", str(zh), str(en), "--title", "Another"]) == 0
    assert "--title names a new article only" in opened[1][1]
    with Workspace.open(tmp_path / "art.zhalign", readonly=True) as ws:
        assert [d.title for d in ws.documents()] == ["Omicron in South Africa"]
