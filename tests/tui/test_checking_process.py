"""The editor's checks run in the checking process, not in a thread of the editor, when the process can
start. Run in a new interpreter: multiprocessing's resource tracker, once running in a process (another
test may have started it), hides what this is about, which is its start from inside the app."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_EDITOR = """
import asyncio, json, sys
from corpora.document import Document, Row
from corpora.workspace import Workspace
from tui import findings
from tui.app import EditorApp

in_thread = []
check_here = findings.RowFindings.check_here

def counted(self, work, glossary):
    in_thread.append(len(work))
    return check_here(self, work, glossary)

findings.RowFindings.check_here = counted
rows = [Row([f"第{i}句，共有{i}个人。"], [f"Sentence {i} has {i + 1} people."], "auto", 0.8)
        for i in range(30)]
with Workspace.create(sys.argv[1]) as ws:
    ws.add_document(Document(rows))

async def main():
    with Workspace.open(sys.argv[1]) as ws:
        app = EditorApp(ws, 1)
        async with app.run_test() as pilot:
            while not all(app.screen.findings.checked):
                await pilot.pause(0.05)
            return app.screen.findings.total()

total = asyncio.run(main())
print(json.dumps({"in_thread": sum(in_thread), "findings": total}))
"""


@pytest.mark.slow   # a new interpreter, the editor and the checking process: about 5 s
def test_the_article_is_checked_in_the_checking_process(tmp_path):
    child = subprocess.run([sys.executable, "-c", _EDITOR, str(tmp_path / "w.zhalign")], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr
    result = json.loads(child.stdout.splitlines()[-1])
    assert result["in_thread"] == 0   # the process started inside the app, where stderr has no fd
    assert result["findings"] > 0     # and its findings came back (the numbers differ a side)


_ABANDONED = """
import os, sys
from pathlib import Path
from tui import findings
Path(sys.argv[1]).write_text(str(findings._process().submit(os.getpid).result()))
os._exit(0)   # gone without a word to its pool, as an editor killed or exiting mid-start
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.slow   # a new interpreter and its checking process
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_the_checking_process_ends_when_its_editor_is_gone(tmp_path):
    import time

    pid_file = tmp_path / "worker.pid"
    # no pipes: the checking process inherits the editor's output, and would hold a pipe open
    child = subprocess.run([sys.executable, "-c", _ABANDONED, str(pid_file)], cwd=ROOT, timeout=120,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert child.returncode == 0
    worker = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = _alive(worker)
    if alive:
        import os
        import signal

        os.kill(worker, signal.SIGKILL)
    assert not alive
