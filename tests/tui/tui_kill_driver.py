"""Run the editor headless on a workspace and confirm rows one by one, printing ``EDIT n`` after each.

Used by ``test_tui_kill.py``, which SIGKILLs this process in the middle of the edits.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from corpora.workspace import Workspace
from tui.app import EditorApp


async def main(path: Path, count: int) -> None:
    with Workspace.open(path) as ws:
        app = EditorApp(ws, 1)
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            for n in range(1, count + 1):
                await pilot.press("c", "j")
                print(f"EDIT {n}", flush=True)
            print("DONE", flush=True)
            await asyncio.sleep(3600)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), int(sys.argv[2])))
