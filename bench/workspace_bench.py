"""Workspace speed on a long document: load, apply (one keystroke's edit), undo, redo.

Run: ``python -m bench.workspace_bench [--rows 2000] [--dir DIR]``. Targets: apply well under 50 ms,
load under 0.2 s. The document is synthetic (numbered sentences of news-like length); the figures are
medians over several edits of each kind, on the disk holding ``--dir`` (fsync included).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from corpora import edits
from corpora.document import Document, Row
from corpora.workspace import Workspace


def synthetic_rows(n: int) -> list[Row]:
    """``n`` 1-1 rows with sentences of typical news length and a score."""
    return [Row([f"这是第{i}句新闻，报道了某地某日发生的一件事情，内容比较长一些。"],
                [f"This is news sentence number {i}, reporting something that happened somewhere."],
                "auto", (i % 100) / 100, {"length": 0.5, "embedding": 0.7}) for i in range(n)]


def _ms(fn: Callable[[], object]) -> tuple[tuple[float, float], object]:
    """((wall ms, CPU ms), result): CPU time shows the cost on a machine busy with other work."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return ((time.perf_counter() - wall) * 1e3, (time.process_time() - cpu) * 1e3), out


def _median(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def run(rows: int, folder: Path, repeat: int = 7) -> dict[str, dict[str, tuple[float, float]]]:
    """Median (wall, CPU) milliseconds per operation kind, keyed by kind, then apply/undo/redo."""
    path = folder / "bench.zhen"
    results: dict[str, dict[str, tuple[float, float]]] = {}
    with Workspace.create(path) as ws:
        doc_id = ws.add_document(Document(synthetic_rows(rows), "bench"))
        results["load"] = {"load": _median([_ms(lambda: ws.load(doc_id))[0] for _ in range(repeat)])}
        current = ws.load(doc_id).rows
        kinds: dict[str, Callable[[int], edits.Change]] = {
            "merge (top)": lambda k: edits.merge_up(current, 1 + k),
            "shift up (middle)": lambda k: edits.shift_up(current, rows // 2 + k, "en"),
            "edit sentence": lambda k: edits.edit_sentence(current, rows // 2 + k, "en", 0, f"Edited {k}."),
            "confirm": lambda k: edits.confirm(current, rows // 2 + k),
            "insert cell (top, whole column)": lambda k: edits.insert_cell(current, k, "en"),
            "confirm above (all rows)": lambda k: edits.confirm_above(current, rows - 1 - k),
        }
        for name, make in kinds.items():
            times: dict[str, list[tuple[float, float]]] = {"apply": [], "undo": [], "redo": []}
            for k in range(repeat):
                change = make(k)
                took, _ = _ms(lambda change=change: ws.apply(doc_id, change))
                times["apply"].append(took)
                edits.apply_change(current, change)
                took, back = _ms(lambda: ws.undo(doc_id))
                times["undo"].append(took)
                edits.apply_change(current, back)
                took, again = _ms(lambda: ws.redo(doc_id))
                times["redo"].append(took)
                edits.apply_change(current, again)
                edits.apply_change(current, ws.undo(doc_id))  # back to the start for the next round
            results[name] = {kind: _median(values) for kind, values in times.items()}
        assert ws.load(doc_id).rows == current, "workspace and in-memory rows diverged"
    return results


def main() -> None:
    """Print the figures as a small table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--dir", type=Path, default=None, help="folder for the temporary workspace")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        results = run(args.rows, Path(folder))
    print(f"workspace, {args.rows}-row document (median ms, wall / CPU)")
    for name, figures in results.items():
        print(f"  {name:34s} " + "  ".join(f"{k} {w:6.1f} /{c:5.1f}" for k, (w, c) in figures.items()))


if __name__ == "__main__":
    main()
