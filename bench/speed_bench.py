"""Start-up speed and memory of the command line and the editor, each measured in a fresh process.

    python -m bench.speed_bench [--runs 5] [--skip-long] [--shared DIR]

The project's bytecode is compiled first (as an installed package has it). Every case starts a new
process and is timed from just before the start to its exit (after its last byte of output), or, for
the editor, to its first frame (the loading screen) and to the first frame showing the aligned rows.
Peak memory and CPU time are the process's own (``wait4``; CPU time counts all its threads and is
steadier than wall time on a busy machine). The benchmark process itself imports nothing heavy, so a
child's peak is its own. Medians of ``--runs`` runs, with the range; the load average is printed with
them, since on a shared machine times are upper bounds.

Cases (the 60-sentence article is the first wmt22-news documents cut at 60 lines a side, as in
``bench/align_speed.py``; ``--presegmented`` keeps it at 60 sentences):

- ``zhen-align --help``; ``translate --engine gloss`` of 3 lines;
- ``align`` of the article, default and ``--fast`` (MT as configured on this machine), and ``--fast``
  with an empty cache directory (the first run ever, building the derived resources);
- Gale-Church on the same article in the same run, as a reference;
- ``demo`` and ``edit`` of the article: first screen and rows on screen (Textual's headless pilot in
  place of the terminal, everything else as the command runs it);
- ``R`` (re-align) of the whole article in an editor opened on a workspace where ``add`` stored it with
  its sentence vectors: when the editor had loaded the aligner (it does so on its own once the rows are
  on screen), then the first ``R`` of the process, sent after that, and a second one, each answered at
  once, from the key to the frame after it (``bench/editor_bench.py --realign``; the child's wall and
  CPU time include the ``new`` and ``add`` processes that prepare the workspace);
- long cases (``--skip-long`` leaves them out): Bible part 001 (5,000 en × 6,301 zh) default,
  ``--fast`` and Gale-Church; the editor at 20,000 rows (open, key press to frame).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BIBLE_PART = Path("eval") / "bertalign-bible" / "data" / "bible"
GLOSS_LINES = ["中国经济去年增长了百分之六。", "北京今天下雨。", "他说，会议将在下周举行。"]
EDITOR_SIZE = (160, 45)
LONG_EDITOR_ROWS = 20_000
PACKAGES = ("aligner", "corpora", "qa", "tui", "cli", "bench")  # compiled before timing


# ----------------------------------------------------------------------------- the benchmark process

def zhen_align() -> list[str]:
    """The installed console script beside this interpreter, else ``python -m cli``."""
    script = Path(sys.executable).with_name("zhen-align")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cli"]


def run_once(command: list[str], *, env: dict[str, str] | None = None, timeout: float = 900) -> dict:
    """Run ``command``; wall and CPU seconds to exit, the child's peak memory, and its last JSON line."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start_wall, start = time.time(), time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err, env={**os.environ, **(env or {})})
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        killer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        lines = out.read().decode("utf-8", "replace").strip().splitlines()
        if proc.returncode != 0:
            last = (err.read().decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
            return {"error": f"exit {proc.returncode}: {last}"}
    result = {"wall_s": seconds, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}
    if lines and lines[-1].startswith("{"):
        child = json.loads(lines[-1])
        for key in ("first_screen_at", "rows_at"):   # child wall clock → seconds since the start
            if key in child:
                child[key.removesuffix("_at") + "_s"] = child.pop(key) - start_wall
        result.update(child)
    return result


def compile_project() -> None:
    """Write the project's bytecode, as ``pip install`` does and a first run would: without it a session
    with ``PYTHONDONTWRITEBYTECODE=1`` compiles every module from source at each start (0.1–0.2 s before
    the editor's first frame), which no user's second run does."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", *PACKAGES], cwd=ROOT, check=True)


def child(*args: str) -> list[str]:
    """A child of this module (``--child ...``)."""
    return [sys.executable, "-m", "bench.speed_bench", "--child", *args]


def write_article(folder: Path, shared: Path) -> tuple[Path, Path]:
    """The 60-sentence article as two files, one sentence per line."""
    from bench import align_speed

    zh, en = align_speed.article(shared / "eval" / "zhen" / "wmt22-news")
    if len(zh) < align_speed.ARTICLE_SENTENCES:
        raise SystemExit(f"{shared}: wmt22-news not found; pass --shared DIR (the team's evaluation data)")
    paths = folder / "article.zh.txt", folder / "article.en.txt"
    for path, lines in zip(paths, (zh, en), strict=True):
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def cases(folder: Path, shared: Path, long: bool) -> list[tuple[str, list[str], dict[str, str]]]:
    """(label, command, extra environment) of every measurement."""
    zh, en = write_article(folder, shared)
    gloss = folder / "gloss.zh.txt"
    gloss.write_text("\n".join(GLOSS_LINES) + "\n", encoding="utf-8")
    cli = zhen_align()
    align = [*cli, "align", str(zh), str(en), "--presegmented"]
    out = [
        ("`zhen-align --help`", [*cli, "--help"], {}),
        ("`translate --engine gloss`, 3 lines", [*cli, "translate", "--engine", "gloss", str(gloss)], {}),
        ("`align` article, default", align, {}),
        ("`align` article, `--fast`", [*align, "--fast"], {}),
        ("`align` article, `--fast`, empty cache (first run)", [*align, "--fast"], {"ZHEN_ALIGN_CACHE": ""}),
        ("Gale-Church, article (cold process)", child("galechurch", str(zh), str(en)), {}),
        ("`demo`", child("editor", "demo", "--dir", str(folder / "demo")), {}),
        ("`edit` article", child("editor", "edit", str(zh), str(en), "--presegmented"), {}),
        ("`R` re-align of the article in a reopened editor", child("editor-realign", str(zh), str(en)), {}),
    ]
    if long:
        bible = shared / BIBLE_PART
        out += [
            ("Bible part 001, default", child("bible", str(bible)), {}),
            ("Bible part 001, `--fast`", child("bible", str(bible), "--fast"), {}),
            ("Bible part 001, Gale-Church", child("bible", str(bible), "--galechurch"), {}),
            (f"editor, {LONG_EDITOR_ROWS:,} rows", child("editor-rows", str(LONG_EDITOR_ROWS)), {}),
        ]
    return out


def summary(values: list[float]) -> str:
    """``median (min–max)``."""
    if not values:
        return "—"
    median = statistics.median(values)
    return f"{median:.2f}" if len(values) == 1 else f"{median:.2f} ({min(values):.2f}–{max(values):.2f})"


def report(label: str, results: list[dict]) -> str:
    """One markdown table row: wall time, CPU time, the case's own figures, peak memory."""
    good = [r for r in results if "error" not in r]
    if not good:
        return f"| {label} | {results[0]['error']} | | | |"
    own = []
    for key, name in (("first_screen_s", "first screen"), ("rows_s", "rows"), ("align_s", "aligning"),
                      ("open_s", "open"), ("measured_s", "every row measured")):
        if key in good[0]:
            own.append(f"{name} {summary([r[key] for r in good])} s")
    for key in good[0]:
        if key.startswith("key_"):
            own.append(f"{key[4:]} {summary([r[key] for r in good])} ms")
    if "strict_f1" in good[0]:
        own.append(f"strict F1 {good[0]['strict_f1']:.3f}")
    failed = f" ({len(results) - len(good)} failed)" if len(good) < len(results) else ""
    wall, cpu, peak = (summary([r[key] for r in good]) for key in ("wall_s", "cpu_s", "peak_mb"))
    return f"| {label} | {wall}{failed} | {cpu} | {'; '.join(own)} | {peak} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per case (default 5); medians reported")
    parser.add_argument("--skip-long", action="store_true",
                        help="leave out the Bible part and the editor at 20,000 rows")
    parser.add_argument("--shared", type=Path, default=SHARED, help=f"the team's data (default {SHARED})")
    parser.add_argument("--only", metavar="TEXT", help="run only the cases whose label contains TEXT")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return run_child(args.child)
    compile_project()
    with tempfile.TemporaryDirectory(prefix="zhen-align-speed-") as tmp:
        folder = Path(tmp)
        todo = [c for c in cases(folder, args.shared, not args.skip_long)
                if not args.only or args.only in c[0]]
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.runs} runs; "
              f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}\n")
        print("| case | wall s, median (range) | CPU s | the case's own figures | peak MB |")
        print("|---|---:|---:|---|---:|")
        for label, command, env in todo:
            results = []
            for run in range(args.runs):
                if env.get("ZHEN_ALIGN_CACHE") == "":   # a new empty cache directory for every run
                    env = {**env, "ZHEN_ALIGN_CACHE": str(folder / f"empty-cache-{run}")}
                    results.append(run_once(command, env=env))
                    env["ZHEN_ALIGN_CACHE"] = ""
                else:
                    results.append(run_once(command, env=env))
            print(report(label, results), flush=True)
        print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


# ----------------------------------------------------------------------------- the children

def run_child(argv: list[str]) -> int:
    """Run one measured case in this (fresh) process and print its figures as one JSON line."""
    name, rest = argv[0], argv[1:]
    if name == "galechurch":
        result = galechurch_article(Path(rest[0]), Path(rest[1]))
    elif name == "editor":
        result = editor_start(rest)
    elif name == "bible":
        result = bible_part(Path(rest[0]), fast="--fast" in rest, galechurch="--galechurch" in rest)
    elif name == "editor-rows":
        result = editor_rows(int(rest[0]))
    elif name == "editor-realign":
        result = editor_realign(Path(rest[0]), Path(rest[1]))
    else:
        raise SystemExit(f"unknown child {name!r}")
    print(json.dumps(result))
    return 0


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def galechurch_article(zh: Path, en: Path) -> dict:
    """Gale-Church on two files (the process is timed by the parent; this times the call)."""
    from bench.peers import galechurch_align

    zh_lines, en_lines = _lines(zh), _lines(en)
    start = time.perf_counter()
    galechurch_align(zh_lines, en_lines)
    return {"align_s": time.perf_counter() - start}


def editor_start(argv: list[str]) -> dict:
    """``zhen-align demo`` / ``edit`` exactly as the command runs, with Textual's headless pilot in
    place of the terminal: wall-clock times of the first frame and of the first frame showing rows."""
    import asyncio

    from tui.app import EditorApp

    marks: dict[str, float] = {}

    async def drive(app: EditorApp) -> None:
        original = app._display

        def display(screen, renderable) -> None:
            if renderable is not None:
                renderable.render_segments(app.console)   # what a real terminal would be sent
                marks.setdefault("first_screen_at", time.time())
                # the editor screen's class once the app's worker has imported it (after the first frame):
                # importing it here up front would count that import in the first screen, which the
                # command does not; the module may be half imported yet, without the class
                editor_screen = getattr(sys.modules.get("tui.screens.editor"), "EditorScreen", None)
                if editor_screen is not None and isinstance(screen, editor_screen) and screen.grid.rows:
                    marks.setdefault("rows_at", time.time())
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]
        async with app.run_test(size=EDITOR_SIZE) as pilot:
            deadline = time.monotonic() + 300
            while "rows_at" not in marks and time.monotonic() < deadline:
                await pilot.pause(0.01)
            app.exit()

    EditorApp.run = lambda self, *a, **k: asyncio.run(drive(self))  # type: ignore[method-assign]
    import cli.editor_cmd
    from cli import main

    cli.editor_cmd.has_terminal = lambda: True   # the pilot stands in for the terminal the command asks for

    with tempfile.TemporaryDirectory() as tmp:
        if argv[0] == "edit":
            argv = [*argv, "-w", str(Path(tmp) / "article.zhalign")]
        code = main(argv)
    if code != 0 or "rows_at" not in marks:
        raise SystemExit(f"editor did not show rows (exit {code})")
    return marks


def bible_part(folder: Path, *, fast: bool, galechurch: bool) -> dict:
    """The time of one alignment of Bible part 001 (zh 6,301 × en 5,000 sentences) in this process."""
    zh, en = _lines(folder / "zh" / "001"), _lines(folder / "en" / "001")
    start = time.perf_counter()
    if galechurch:
        from bench.peers import galechurch_align

        galechurch_align(zh, en)
    else:
        from aligner.api import AlignConfig, align

        align(zh, en, config=AlignConfig.fast() if fast else AlignConfig())
    return {"align_s": time.perf_counter() - start}


def editor_rows(rows: int) -> dict:
    """Open time and key latencies of the editor on a workspace of ``rows`` rows (bench/editor_bench)."""
    import asyncio

    from bench.editor_bench import long_document, measure
    from corpora.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.zhalign"
        with Workspace.create(path) as ws:
            ws.add_document(long_document(rows))
        results = asyncio.run(measure(path, 20))
    out: dict[str, float] = {"open_s": results.pop("open")[0] / 1000,
                             "measured_s": results.pop("every row measured")[0] / 1000}
    for name in ("move down (j)", "pop down (d)", "merge (m)", "undo (z)"):
        out[f"key_{name.split()[0]} worst"] = max(results[name])
    return out


def editor_realign(zh: Path, en: Path) -> dict:
    """Milliseconds of ``R`` over the article, answered at once: the first of a process and again."""
    import asyncio

    from bench.editor_bench import measure_realign, realign_workspace

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "article.zhalign"
        realign_workspace(zh, en, path)
        results = asyncio.run(measure_realign(path, 2))
    return {"key_aligner loaded after the first frame": results["aligner loaded, after the first frame"][0],
            "key_R first": results["first R of the process"][0], "key_R again": results["R again"][0]}


if __name__ == "__main__":
    raise SystemExit(main())
