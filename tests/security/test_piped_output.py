"""Item 7 of the user test: control characters from a file reach standard output by the same rule
whether it is a terminal or a pipe (``| cat``, ``| less -R``), for every command: plain text
(``translate``) shows them as symbols; the data formats keep the text faithful where they can escape
(JSON ``\\uXXXX``, XML ``&#x…;``) and drop them where they cannot (TSV, Moses), ESC, BEL, the C1 CSI,
DEL and the bidirectional controls alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli import main
from corpora.document import Document, Row
from corpora.workspace import Workspace

#: ESC, BEL, the one-byte CSI (C1 0x9b), DEL, a right-to-left override and a left-to-right isolate.
CONTROLS = ("\x1b", "\x07", "\x9b", "\x7f", "\u202e", "\u2066")
ZH = "中国" + "".join(f"{c}新闻{k}" for k, c in enumerate(CONTROLS)) + "。"
EN = "China" + "".join(f"{c}news{k}" for k, c in enumerate(CONTROLS)) + "."


def _raw(text: str) -> list[str]:
    """The control characters of :data:`CONTROLS` (and any other C0 but TAB and LF) left in ``text``."""
    return [c for c in text if c in CONTROLS or (ord(c) < 0x20 and c not in "\t\n")]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "ws.zhalign"
    with Workspace.create(path) as ws:
        ws.add_document(Document([Row([ZH], [EN], "confirmed", None)], title=f"title{CONTROLS[2]}x"))
    return path


def test_translate_into_a_pipe_shows_every_control(tmp_path: Path, capsys) -> None:
    source = tmp_path / "ctrl.zh.txt"
    source.write_text(ZH + "\n", encoding="utf-8")
    mt = tmp_path / "ctrl.mt.txt"
    mt.write_text(EN + "\n", encoding="utf-8")
    assert main(["translate", str(source), "--engine", "file", "--mt-file", str(mt), "--no-cache"]) == 0
    out = capsys.readouterr().out   # standard output that is not a terminal
    assert out == "China␛news0␇news1�news2␡news3�news4�news5.\n"


def test_translate_gloss_into_a_pipe_sends_no_control(tmp_path: Path, capsys) -> None:
    source = tmp_path / "ctrl.zh.txt"
    source.write_text(ZH + "\n", encoding="utf-8")
    assert main(["translate", str(source), "--engine", "gloss", "--no-cache"]) == 0
    out = capsys.readouterr().out   # standard output that is not a terminal
    assert out.strip() and _raw(out) == []


@pytest.mark.parametrize("fmt", ["tsv", "moses"])
def test_line_formats_drop_every_control_as_they_drop_esc(workspace: Path, tmp_path: Path, fmt: str,
                                                          capsys) -> None:
    moses = tmp_path / "out"
    assert main(["export", str(workspace), "-f", fmt, "-o", "-" if fmt == "tsv" else str(moses)]) == 0
    out = capsys.readouterr().out   # standard output that is not a terminal
    text = out if fmt == "tsv" else moses.with_name("out.en").read_text(encoding="utf-8")
    assert _raw(text) == [] and "Chinanews0news1news2news3news4news5." in text


def test_jsonl_to_a_pipe_escapes_every_control_and_reads_back_the_same(workspace: Path,
                                                                        capsys) -> None:
    assert main(["export", str(workspace), "-f", "jsonl", "-o", "-"]) == 0
    out = capsys.readouterr().out   # standard output that is not a terminal
    assert _raw(out) == []
    record = json.loads(out)
    assert record["translation"]["en"] == EN.replace("\x1b", "").replace("\x07", "")   # C0 as before
    assert record["title"] == f"title{CONTROLS[2]}x"


def test_tmx_to_a_pipe_writes_character_references(workspace: Path, capsys) -> None:
    assert main(["export", str(workspace), "-f", "tmx", "-o", "-"]) == 0
    out = capsys.readouterr().out   # standard output that is not a terminal
    text = out
    assert _raw(text) == []
    assert "news1&#x9b;news2&#x7f;news3&#x202e;news4&#x2066;news5" in text


def test_check_json_escapes_every_control(tmp_path: Path, capsys) -> None:
    zh, en = tmp_path / "c.zh.txt", tmp_path / "c.en.txt"
    zh.write_text(ZH + "\n", encoding="utf-8")
    en.write_text(EN + " 2024\n", encoding="utf-8")     # a number only in English: one finding at least
    assert main(["check", str(zh), str(en), "--no-mt", "--fast", "--format", "json"]) == 1   # findings
    out = capsys.readouterr().out   # standard output that is not a terminal
    assert _raw(out) == [] and "\\u009b" in out and "\\u202e" in out
    (article,) = json.loads(out)
    assert EN in article["findings"][0]["en"]   # the escapes read back as the stored sentence


def test_align_tsv_into_a_pipe_drops_every_control(tmp_path: Path, capsys) -> None:
    zh, en = tmp_path / "c.zh.txt", tmp_path / "c.en.txt"
    zh.write_text(ZH + "\n", encoding="utf-8")
    en.write_text(EN + "\n", encoding="utf-8")
    assert main(["align", str(zh), str(en), "--fast", "-f", "tsv", "--no-mt"]) == 0
    out = capsys.readouterr().out   # standard output that is not a terminal
    assert _raw(out) == [] and out.startswith("中国新闻0新闻1新闻2新闻3新闻4新闻5。\tChinanews0")


@pytest.mark.parametrize("fmt", ["tsv", "jsonl", "tmx"])
def test_exports_drop_whole_escape_sequences_not_only_their_esc(tmp_path: Path, fmt: str, capsys) -> None:
    """USERTEST4 entry 16: the exports dropped ESC but kept ``[2J`` and ``[31m`` as text."""
    path = tmp_path / "esc.zhalign"
    zh, en = "地震\x1b]0;PWNED\x07造成损失。\x1b[2J", "Quake\x1b]0;PWNED\x07 hits.\x1b[31m RED\x1b[0m"
    with Workspace.create(path) as ws:
        ws.add_document(Document([Row([zh], [en], "confirmed", None)], title="t\x1b[2J"))
    assert main(["export", str(path), "-f", fmt, "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert "地震造成损失。" in out and "Quake hits. RED" in out
    assert not any(left in out for left in ("[2J", "[31m", "[0m", "PWNED", "]0;"))
