"""Editor latency on a long document: open time, and key press → screen updated for common edits.

    python bench/editor_bench.py [--rows 2000] [--presses 50]
    python bench/editor_bench.py --realign ZH EN [--times 3] [--answer-after 0]

A workspace of ``--rows`` beads is built from the bundled sample article (repeated). The app runs
headless through Textual's pilot; a frame counts as "on screen" when the app hands its compositor update
to the display, which this script also serialises to terminal codes so that cost is included. Latency
of a key is the time from sending it to the last frame it caused. Targets: < 50 ms per key, < 1 s open.
Keys are timed once the translation checks of the whole article, which run in a process of their own
after the first frame, are done ("checks" is how long that took). A row an edit changes is checked again
in that process and its findings drawn in a later frame: for edits the table gives the key's first frame
(the edit on screen) and, on the line below, its last (the findings drawn too).

A long document's row heights are estimated when it opens and measured in the background (see
``tui/widgets/grid.py``): a few keys are pressed while that runs (timed to their first frame, since the
last frame before the app is idle is the background's, and the checks run beside them), then the
benchmark waits until every row is measured ("every row measured", from the start) and the checks are
done, and times the keys.

``--realign ZH EN`` (two files, one sentence per line): ``zhen-align new`` and ``add`` store the article
in a workspace in another process (the first alignment, which keeps the sentence vectors there); then an
editor opened on it re-aligns the whole article (``R`` on row 1) ``--times`` times: milliseconds from the
key that answers the question (``y``, sent ``--answer-after`` seconds after the question appeared; 0: at
once) to the first frame after the re-alignment was applied (it finds the same rows, so the frame is its
"changes nothing" note). The re-alignment starts with ``R``, so an answer that takes a person a second
finds it done. The aligner's modules and dictionaries are loaded by the editor once its rows are on
screen (``aligner.api.warm_up``); the first ``R`` is sent when that is done, as a person reading the rows
first would, and the table gives how long after the first frame it was. No re-alignment encodes a
sentence (checked).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from collections.abc import AsyncIterator, Callable  # noqa: E402

from textual import events  # noqa: E402
from textual.pilot import Pilot  # noqa: E402

from corpora.document import Document, Row  # noqa: E402
from corpora.workspace import Workspace  # noqa: E402
from tui.app import EditorApp  # noqa: E402
from tui.screens.dialogs import ConfirmDialog  # noqa: E402
from tui.screens.editor import EditorScreen  # noqa: E402

SAMPLE = ROOT / "tui" / "sample"
SIZE = (160, 45)


def long_document(n_rows: int) -> Document:
    """``n_rows`` 1-1 rows made of the sample's sentences (numbered so no two are the same)."""
    zh = [s for s in (SAMPLE / "article.zh.txt").read_text(encoding="utf-8").splitlines() if s.strip()]
    en = [s for s in (SAMPLE / "article.en.txt").read_text(encoding="utf-8").splitlines() if s.strip()]
    rows = [Row([f"{zh[i % len(zh)]}（{i}）"], [f"{en[i % len(en)]} ({i})"], "auto", 0.4 + (i % 7) / 10,
                {"length": 0.8, "embedding": 0.7}) for i in range(n_rows)]
    return Document(rows, title=f"benchmark, {n_rows} rows")


class FrameClock:
    """Records when the app puts a frame on the (headless) screen."""

    def __init__(self, app: EditorApp) -> None:
        self.times: list[float] = []
        self.editor_times: list[float] = []
        original = app._display

        def display(screen, renderable) -> None:
            if renderable is not None:
                renderable.render_segments(app.console)   # what a real terminal would be sent
                now = time.perf_counter()
                self.times.append(now)
                if isinstance(screen, EditorScreen):
                    self.editor_times.append(now)
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]


@contextlib.asynccontextmanager
async def editor(path: Path, before_run: Callable[[EditorApp], None] | None = None,
                 ) -> AsyncIterator[tuple[EditorApp, Pilot, FrameClock, EditorScreen]]:
    """The app on document 1 of the workspace ``path`` (given to ``before_run`` first), headless, once
    the editor's first frame is out."""
    with Workspace.open(path) as ws:
        app = EditorApp(ws, 1)
        if before_run is not None:
            before_run(app)
        clock = FrameClock(app)
        async with app.run_test(size=SIZE) as pilot:
            while not clock.editor_times:
                await pilot.pause()
            screen = app.screen
            assert isinstance(screen, EditorScreen)
            yield app, pilot, clock, screen


async def measure(path: Path, presses: int) -> dict[str, list[float]]:
    """Open time and per-key latencies in milliseconds."""
    results: dict[str, list[float]] = {}
    start = time.perf_counter()
    async with editor(path) as (app, pilot, clock, screen):
        results["open"] = [(clock.editor_times[0] - start) * 1000]
        grid = screen.grid
        # keys while a long document's rows are still being measured: latency to the first frame
        for _ in range(min(presses, 10)):
            if grid.measured:
                break
            before = len(clock.times)
            sent = time.perf_counter()
            await pilot.press("j")
            if len(clock.times) > before:
                results.setdefault("move down (j) while measuring, first frame", []).append(
                    (clock.times[before] - sent) * 1000)
        while not grid.measured:
            await pilot.pause(0.01)
        results["every row measured"] = [(time.perf_counter() - start) * 1000]
        await app.workers.wait_for_complete()
        results["checks"] = [(time.perf_counter() - start) * 1000]

        async def timed(name: str, key: str) -> None:
            before = len(clock.times)
            sent = time.perf_counter()
            await pilot.press(key)
            await app.workers.wait_for_complete()   # its row check: not timed with the next key
            await pilot.pause()
            frames = clock.times[before:]
            if frames:
                results.setdefault(name, []).append((frames[0] - sent) * 1000)
                if name != "move down (j)":
                    results.setdefault(f"{name}, findings drawn", []).append((frames[-1] - sent) * 1000)

        grid.cursor = len(grid.rows) // 2
        await pilot.pause()
        for _ in range(presses):
            await timed("move down (j)", "j")
        grid.cursor = len(grid.rows) // 2
        await pilot.pause()
        for _ in range(presses):                  # pop the last English sentence down, follow it
            await timed("pop down (d)", "d")
            await pilot.press("j")
        for _ in range(presses):
            await timed("merge (m)", "m")
        for _ in range(presses):
            await timed("undo (z)", "z")
        results["rows"] = [len(grid.rows)]
    return results


def realign_workspace(zh: Path, en: Path, path: Path) -> None:
    """``zhen-align new`` and ``add`` (no MT) in other processes: the article aligned and stored with its
    sentence vectors, as a user's earlier session left it."""
    cli = [sys.executable, "-m", "cli"]
    for command in (["new", str(path)], ["add", str(path), str(zh), str(en), "--presegmented", "--no-mt"]):
        subprocess.run([*cli, *command], cwd=ROOT, check=True, capture_output=True)


async def measure_realign(path: Path, times: int, answer_after: float = 0.0) -> dict[str, list[float]]:
    """Milliseconds from the answer to ``R`` to the frame after the re-alignment, ``times`` times; the
    first ``R`` once the editor has loaded the aligner (it does so on its own once the rows are on
    screen, and that time after the first frame is given too)."""
    import aligner.embedders

    encoder = aligner.embedders.get_embedder().inner   # what every re-alignment here encodes with
    encoded: list[str] = []
    encode = encoder.encode
    encoder.encode = lambda texts: (encoded.extend(texts), encode(texts))[1]  # type: ignore[method-assign]
    results: dict[str, list[float]] = {}
    loaded: list[float] = []

    def watch_warm_up(app: EditorApp) -> None:
        warm_up = app.warm_up_aligner

        def timed() -> None:
            warm_up()
            loaded.append(time.perf_counter())

        app.warm_up_aligner = timed  # type: ignore[method-assign]

    async with editor(path, watch_warm_up) as (app, pilot, clock, screen):
        deadline = time.perf_counter() + 120
        while not loaded and time.perf_counter() < deadline:   # a person reads the rows before R
            await asyncio.sleep(0.005)
        if not loaded:
            raise SystemExit("the editor did not load the aligner ahead of R")
        results["aligner loaded, after the first frame"] = [(loaded[0] - clock.editor_times[0]) * 1000]
        applied: list[float] = []
        finish = screen._realign_finished

        def finished(result) -> None:
            finish(result)
            applied.append(time.perf_counter())

        screen._realign_finished = finished  # type: ignore[method-assign]
        driver = app._driver
        assert driver is not None
        for k in range(times):
            driver.send_message(events.Key("R", "R"))
            while not isinstance(app.screen, ConfirmDialog):
                await asyncio.sleep(0.001)
            await asyncio.sleep(answer_after)
            sent = time.perf_counter()
            driver.send_message(events.Key("y", "y"))
            while len(applied) <= k:
                await asyncio.sleep(0.001)
            while not any(t > applied[k] for t in clock.times):
                await asyncio.sleep(0.001)
            shown = next(t for t in clock.times if t > applied[k])
            results.setdefault("first R of the process" if k == 0 else "R again", []).append(
                (shown - sent) * 1000)
            await pilot.pause()
    if encoded:
        raise SystemExit(f"the re-alignments encoded {len(encoded)} texts: the workspace's vectors were not "
                         "used")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--presses", type=int, default=50)
    parser.add_argument("--realign", nargs=2, type=Path, metavar=("ZH", "EN"),
                        help="time R on this article instead (one sentence per line)")
    parser.add_argument("--times", type=int, default=3, help="re-alignments with --realign (default 3)")
    parser.add_argument("--answer-after", type=float, default=0.0, metavar="S",
                        help="with --realign: seconds before the question is answered (default 0)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.zhalign"
        if args.realign:
            realign_workspace(*args.realign, path)
            results = asyncio.run(measure_realign(path, args.times, args.answer_after))
            print(f"re-align of {args.realign[0].name} (R on row 1, answered after {args.answer_after:g} s; "
                  "ms from the answer)\n")
        else:
            with Workspace.create(path) as ws:
                ws.add_document(long_document(args.rows))
            results = asyncio.run(measure(path, args.presses))
            print(f"{args.rows} rows, {args.presses} presses per key, terminal {SIZE[0]}x{SIZE[1]}\n")
    print("| measure | median ms | p90 ms | worst ms | n |")
    print("|---|---:|---:|---:|---:|")
    for name, values in results.items():
        if name == "rows":
            continue
        p90 = statistics.quantiles(values, n=10, method="inclusive")[-1] if len(values) > 1 else values[0]
        print(f"| {name} | {statistics.median(values):.1f} | {p90:.1f} | {max(values):.1f} | {len(values)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
