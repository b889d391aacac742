"""Items 5 and 6: a killed or failing write leaves the previous file whole; a full disk or a dead device
is one line and exit code 2, with nothing half-made left behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from cli import main
from corpora.document import Document, Row
from corpora.workspace import Workspace
from tests.security.hostile import run_cli

#: Bytes any file of the child may reach: a workspace needs more, so its disk is "full".
TINY_DISK = 3000


def _workspace(path: Path, rows: int = 300) -> Path:
    with Workspace.create(path) as ws:
        rows_ = [Row([f"第{k}句。" * 20], [f"Sentence {k} of the article." * 10], "confirmed", None)
                 for k in range(rows)]
        ws.add_document(Document(rows_, title="长文"))
    return path


_KILLED_EXPORT = """
import os, signal, sys
import corpora.writers.tmx as tmx
written = []
def tu_then_die(*args):
    written.append(1)
    if len(written) == 250:          # near the end of the file: kill -9, no clean-up can run
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args)
real, tmx._tu = tmx._tu, tu_then_die
from cli import main
main(sys.argv[1:])
"""


@pytest.mark.slow  # an export process, killed
def test_kill_9_during_an_export_leaves_the_previous_file_whole(tmp_path: Path) -> None:
    ws = _workspace(tmp_path / "ws.zhalign")
    out = tmp_path / "corpus.tmx"
    assert main(["export", str(ws), "-f", "tmx", "-o", str(out)]) == 0
    previous = out.read_bytes()
    killed = subprocess.run([sys.executable, "-c", _KILLED_EXPORT, "export", str(ws), "-f", "tmx", "-o",
                             str(out)], capture_output=True, check=False)
    assert killed.returncode == -9
    assert out.read_bytes() == previous
    assert len(etree.parse(str(out)).getroot().findall(".//tu")) == 300


def test_export_to_a_full_disk_is_one_line_and_keeps_the_previous_file(tmp_path: Path) -> None:
    ws = _workspace(tmp_path / "ws.zhalign")
    out = tmp_path / "corpus.tsv"
    out.write_text("previous export\n", encoding="utf-8")
    result = run_cli("export", ws, "-f", "tsv", "-o", out, file_size_limit=TINY_DISK)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and f"{out}: could not be written" in result.stderr
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]   # no half-made file


def test_export_to_dev_full_is_one_line(tmp_path: Path, capsys) -> None:
    ws = _workspace(tmp_path / "ws.zhalign", rows=3)
    assert main(["export", str(ws), "-f", "jsonl", "-o", "/dev/full"]) == 2
    assert capsys.readouterr().err == ("zhen-align: /dev/full: could not be written: the disk is full; free "
                                       "some space and run the command again\n")
    assert Path("/dev/full").is_char_device()   # written in place, never replaced by a file


def test_new_on_a_full_disk_leaves_nothing(tmp_path: Path) -> None:
    ws = tmp_path / "news.zhalign"
    result = run_cli("new", ws, file_size_limit=TINY_DISK)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and f"{ws}: could not be written" in result.stderr
    assert list(tmp_path.iterdir()) == []
    assert main(["new", str(ws)]) == 0      # and the name is free for a real try


def test_add_on_a_full_disk_is_one_line_and_keeps_the_workspace(tmp_path: Path) -> None:
    ws = _workspace(tmp_path / "ws.zhalign", rows=1)
    tsv = tmp_path / "memory.tsv"
    tsv.write_text("zh\ten\n" + "".join(f"第{k}句很长很长。\tSentence {k} is long.\n" for k in range(3000)),
                   encoding="utf-8")
    size = ws.stat().st_size
    result = run_cli("add", ws, tsv, file_size_limit=size + 20_000)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and f"{ws}: could not be written" in result.stderr
    with Workspace.open(ws, readonly=True) as store:
        assert [d.rows for d in store.documents()] == [1]
