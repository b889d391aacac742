"""Item 2 of the user test: file names that are not valid UTF-8 (GBK names from a Windows zip; Python
sees their bytes as surrogates) and titles holding such bytes are stored losslessly, so that ``add``,
``batch`` (and its resume), ``edit`` (and its reopening) and a workspace so named all work, and the
terminal shows them through :func:`aligner.display.visible`."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from aligner.beads import Bead
from cli import main
from corpora.document import Document
from corpora.workspace import Workspace
from tui.app import EditorApp
from tui.screens.editor import EditorScreen

GBK_NAME = b"\xd0\xc2\xce\xc5"   # 新闻 in GBK: not UTF-8
ZH = "中国儿童中心将举办系列活动。孩子们在科技中度过六一。\n"
EN = "The China Children's Center will hold activities. Children will spend the day with technology.\n"


def _create(folder: Path, name: bytes, text: str) -> Path:
    """A file whose name is the raw bytes ``name``, made through the bytes interface of ``os``."""
    fd = os.open(os.fsencode(folder) + b"/" + name, os.O_CREAT | os.O_WRONLY, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    return folder / os.fsdecode(name)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "gbkname"
    folder.mkdir()
    return _create(folder, GBK_NAME + b".zh.txt", ZH), _create(folder, GBK_NAME + b".en.txt", EN)


def test_add_stores_the_name_and_finds_the_file_by_it(pair: tuple[Path, Path], tmp_path: Path) -> None:
    ws = tmp_path / "w.zhalign"
    assert main(["new", str(ws)]) == 0
    assert main(["add", str(ws), *map(str, pair), "--fast", "--no-mt"]) == 0
    with Workspace.open(ws, readonly=True) as store:
        (info,) = store.documents()
        assert os.fsencode(info.source).endswith(GBK_NAME + b".zh.txt")
        assert Path(store.load(info.id).source) == pair[0] and Path(info.source).is_file()


def test_a_title_with_an_undecodable_byte_is_kept_and_shown_escaped(pair: tuple[Path, Path],
                                                                    tmp_path: Path, capsys) -> None:
    title = os.fsdecode(b"T\x9b2J")                 # what $'T\x9b2J' on a command line arrives as
    ws = tmp_path / "w.zhalign"
    assert main(["new", str(ws)]) == 0
    assert main(["add", str(ws), *map(str, pair), "--fast", "--no-mt", "--title", title]) == 0
    assert "T\ufffd2J" in capsys.readouterr().out
    with Workspace.open(ws, readonly=True) as store:
        assert store.load(1).title == title
    assert main(["status", str(ws)]) == 0
    assert "T\ufffd2J" in capsys.readouterr().out


def test_an_export_shows_where_an_undecodable_byte_was(pair: tuple[Path, Path], tmp_path: Path) -> None:
    """Export formats cannot hold the raw byte: each becomes U+FFFD, so the name keeps its length and
    shows that something was there (the byte was dropped before, leaving ``.zh.txt``)."""
    from lxml import etree

    ws, tmx = tmp_path / "w.zhalign", tmp_path / "out.tmx"
    assert main(["new", str(ws)]) == 0
    title = os.fsdecode(b"T\x9b2J")
    assert main(["add", str(ws), *map(str, pair), "--fast", "--no-mt", "--title", title]) == 0
    assert main(["export", str(ws), "-f", "tmx", "-o", str(tmx)]) == 0
    props = {p.get("type"): p.text for p in etree.parse(str(tmx)).iter("prop")}
    assert props["x-title"] == "T\ufffd2J"
    assert props["x-source"] == "\ufffd" * len(GBK_NAME) + ".zh.txt"


def test_a_workspace_whose_own_name_is_undecodable_opens(pair: tuple[Path, Path], tmp_path: Path) -> None:
    ws = tmp_path / os.fsdecode(GBK_NAME + b".zhalign")
    assert main(["new", str(ws)]) == 0
    assert main(["add", str(ws), *map(str, pair), "--fast", "--no-mt"]) == 0
    assert main(["status", str(ws)]) == 0             # read-only: an SQLite URI made from the name
    with Workspace.open(ws, readonly=True) as store:
        assert len(store.documents()) == 1


def test_batch_records_the_name_and_a_rerun_skips_it(pair: tuple[Path, Path], tmp_path: Path,
                                                     capsys) -> None:
    out = tmp_path / "out"
    args = ["batch", str(pair[0].parent), "-o", str(out), "--fast", "--no-mt", "--format", "tsv"]
    assert main(args) == 0
    written = out / os.fsdecode(GBK_NAME + b".tsv")
    assert written.is_file()
    assert (out / ".zhen-align-done").read_bytes() == GBK_NAME + b"\n"
    written.unlink()
    capsys.readouterr()
    assert main(args) == 0
    assert "0 documents aligned, 1 done before" in capsys.readouterr().out
    assert not written.exists()                        # the finished document was not done again


def _one_to_one(pair, *, mt=None, **_) -> Document:
    zh, en = pair.zh.sentences, pair.en.sentences
    beads = [Bead((k,), (k,), 0.9) for k in range(min(len(zh), len(en)))]
    return Document.from_beads(zh[:len(beads)], en[:len(beads)], beads, title=pair.title,
                               source=str(pair.zh_path))


def test_edit_loads_and_reopens_the_article(pair: tuple[Path, Path], tmp_path: Path, monkeypatch) -> None:
    shown: list[int] = []

    async def drive(app: EditorApp) -> None:
        async with app.run_test(size=(140, 40)) as pilot:
            for _ in range(200):                      # the alignment worker stores the article
                await pilot.pause(0.02)
                if isinstance(app.screen, EditorScreen):
                    break
            await app.workers.wait_for_complete()
            assert isinstance(app.screen, EditorScreen), app.failure
            shown.append(app.screen.session.doc_id)

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr("cli.editor_cmd.has_terminal", lambda: True)   # the app runs headless below
    monkeypatch.setattr(EditorApp, "run", lambda self: asyncio.run(drive(self)))
    monkeypatch.setattr("corpora.pipeline.align_pair", _one_to_one)
    monkeypatch.setattr(EditorApp, "_notify_from_thread", lambda self, message: None)
    args = ["edit", *map(str, pair), "--engine", "gloss"]
    assert main(args) == 0
    assert main(args) == 0                            # found again by its name: reopened, not re-aligned
    ws = pair[0].parent / os.fsdecode(GBK_NAME + b".zhalign")
    with Workspace.open(ws, readonly=True) as store:
        assert [d.id for d in store.documents()] == [1] and shown == [1, 1]
