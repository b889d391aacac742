"""``edit``, ``open`` and ``demo`` without a terminal: one line and exit 2, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tui_support import copy_sample_pair

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CONFIG_HOME": str(cwd / "config"), "ZHEN_ALIGN_CACHE": str(cwd / "cache")}
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize("command", ["edit", "open", "demo"])
def test_the_editor_refuses_to_start_without_a_terminal(tmp_path, command):
    zh, en = copy_sample_pair(tmp_path, "a.zh.txt", "a.en.txt")
    args = {"edit": ["edit", str(zh), str(en)], "open": ["open", str(tmp_path / "a.zhalign")],
            "demo": ["demo", "--dir", str(tmp_path / "demo")]}[command]
    before = sorted(tmp_path.iterdir())
    result = _run(args, tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and f"{command} opens an editor and needs a terminal" in lines[0]
    assert "zhen-align align" in lines[0]
    assert sorted(tmp_path.iterdir()) == before          # no workspace, lock or demo folder
