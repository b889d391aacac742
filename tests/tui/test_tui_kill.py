"""Kill the editor (SIGKILL) in the middle of editing: every edit it reported is in the workspace."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from tui_support import stored_rows

from corpora.workspace import Workspace

DRIVER = Path(__file__).with_name("tui_kill_driver.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow  # a separate editor process, killed
def test_sigkill_mid_edit_keeps_every_reported_edit(workspace_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, str(DRIVER), str(workspace_path), "12"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    try:
        reported = 0
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("EDIT"):
                reported = int(line.split()[1])
                if reported == 5:
                    break
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert reported == 5
    rows = stored_rows(workspace_path)
    confirmed = [r.status == "confirmed" for r in rows]
    done = confirmed.index(False)
    assert done >= 5                                  # every reported edit survived
    assert not any(confirmed[done:])                  # and the rest is an untouched suffix
    with Workspace.open(workspace_path) as ws:        # the writer lock died with the process
        for _ in range(done):
            assert ws.undo(1) is not None
        assert ws.load(1).rows[0].status == "auto"
