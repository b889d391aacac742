"""Quitting: Ctrl+C names the quit keys, and SIGTERM / SIGHUP quit as `q` does, giving the terminal back
(user test 4, items 9 and 17)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest
from tui_support import SIZE, settle

from tui.app import EditorApp

ROOT = Path(__file__).resolve().parents[2]


async def test_ctrl_c_names_the_quit_keys_without_markup(open_app):
    app = open_app(keymap={"quit": "Q"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        said: list[tuple[str, str]] = []
        shown = app.notify
        app.notify = lambda message, **kw: (said.append((message, kw.get("title", ""))), shown(message, **kw))
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert app.return_code is None
    assert said == [("Press Q or Ctrl+Q to quit the app", "Do you want to quit?")]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
async def test_a_signal_quits_the_app_as_q_does(open_app, signum):
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("only the main thread's event loop takes signals, and this test runs in another thread")
    app: EditorApp = open_app()
    missed: list[int] = []                               # the signal reached no handler of the app
    before = signal.signal(signum, lambda number, frame: missed.append(number))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            os.kill(os.getpid(), signum)
            await settle(pilot)
            assert app.return_code == 128 + signum
    finally:
        signal.signal(signum, before)
    assert not missed


def _read_until(fd: int, wanted: bytes | None, timeout: float) -> bytes:
    """What the terminal shows until ``wanted`` appears (None: until the program closes it)."""
    out, end = b"", time.monotonic() + timeout
    while time.monotonic() < end and (wanted is None or wanted not in out):
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:                                  # the program closed the terminal
                break
            if not chunk:
                break
            out += chunk
    return out


@pytest.mark.slow  # the real command in a pseudo-terminal
def test_sigterm_gives_the_terminal_back(workspace_path):
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}
    command = [sys.executable, "-m", "cli", "open", str(workspace_path), "--engine", "gloss"]
    child = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
                             start_new_session=True)
    os.close(slave)
    try:
        shown = _read_until(master, b"saved", 60)
        assert b"\x1b[?1049h" in shown and b"saved" in shown    # the editor is on the alternate screen
        child.send_signal(signal.SIGTERM)
        after = _read_until(master, None, 30)
        assert child.wait(timeout=30) == 128 + signal.SIGTERM
    finally:
        if child.poll() is None:
            child.kill()
        os.close(master)
    assert b"\x1b[?1049l" in after                            # back from the alternate screen
    assert b"\x1b[?1000l" in after                            # mouse reporting off
    assert b"Traceback" not in after and b"leaked" not in after
