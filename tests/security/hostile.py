"""Hostile inputs, generated rather than kept as files: one kind per item of the hardening issue that a
careful attacker or an unlucky user hit (each test module names the item it pins)."""

from __future__ import annotations

import contextlib
import ctypes
import os
import random
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

#: Escape sequences a headline may carry to take over a terminal: set the window title (OSC 0, ended by
#: BEL), clear the screen, colour text, an OSC 8 hyperlink (ended by ST), and the 8-bit CSI (C1 0x9b).
TERMINAL_ATTACKS = (
    "\x1b]0;PWNED\x07",
    "\x1b[2J",
    "\x1b[31;1m",
    "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\",
    "\x9b31m",
)
#: Common Chinese characters without any sentence-ending punctuation.
_HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产"


def hostile_headline() -> str:
    """A Chinese headline with every attack of :data:`TERMINAL_ATTACKS` inside it."""
    return "新闻" + "".join(f"{attack}标题" for attack in TERMINAL_ATTACKS)


def run_on_line(chars: int, seed: int = 13) -> str:
    """``chars`` Chinese characters on one line with no sentence end (no 。！？ and no full stop)."""
    rng = random.Random(seed)
    return "".join(rng.choice(_HAN) for _ in range(chars))


def controls(text: str, allowed: str = "") -> list[str]:
    """The C0 and C1 control characters (and DEL) in ``text``, except those in ``allowed``."""
    return [c for c in text if (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F) and c not in allowed]


#: Linux capabilities that let root ignore file modes: DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER.
_OVERRIDES = (1, 2, 3)
_PR_CAPBSET_DROP = 24


def _obey_file_modes() -> None:
    """In a child about to exec: if we are root, give up the capabilities that ignore file modes, so that
    a folder of mode 555 is read-only to it as to anyone (a read-only medium, without mounting one)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in _OVERRIDES:
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "cannot drop root's file-mode override")


def run_cli(*args: object, file_size_limit: int | None = None, read_only_modes: bool = False,
            ) -> subprocess.CompletedProcess[str]:
    """``zhen-align ARGS`` in a child process. ``file_size_limit``: no file may grow past that many bytes
    (``RLIMIT_FSIZE``: the disk is full for this process only). ``read_only_modes``: file modes bind the
    child even when we are root (see :func:`seal`)."""
    def limits() -> None:
        if file_size_limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, it does not kill
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))
        if read_only_modes:
            _obey_file_modes()

    return subprocess.run([sys.executable, "-m", "cli", *map(str, args)], capture_output=True, text=True,
                          preexec_fn=limits, timeout=120, check=False)


@contextlib.contextmanager
def sealed(folder: Path) -> Iterator[list[str]]:
    """``folder`` and its files made read-only (mode 555/444) for the ``with`` body, which gets the file
    names; writable again afterwards, so that it can be cleaned up."""
    modes = {path: path.stat().st_mode for path in [folder, *folder.iterdir()]}
    for path in modes:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield sorted(p.name for p in folder.iterdir())
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


def add_memory(folder: Path, rows: str) -> Path:
    """A new workspace in ``folder`` holding ``memory.tsv`` (``rows``: ``zh<TAB>en`` lines) added once."""
    from cli import main

    tsv = folder / "memory.tsv"
    tsv.write_text("zh\ten\n" + rows, encoding="utf-8")
    ws = folder / "ws.zhalign"
    assert main(["new", str(ws)]) == 0
    assert main(["add", str(ws), str(tsv)]) == 0
    return ws
