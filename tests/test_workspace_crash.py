"""Killing an editing process at any moment loses no committed edit and leaves no half-applied one.

A child process edits a workspace in a loop (edits, undos and redos chosen by a seeded RNG from the current
rows) and prints the step number after each commit; the parent SIGKILLs it at a random moment, reopens the
file and replays the same steps in memory: the stored rows and undo state must be those after exactly the
reported steps or one more (killed between commit and print). Several rounds continue from each other.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from corpora.document import Document, Row
from corpora.edits import apply_change
from corpora.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent

STEPPER = '''
import random

from corpora import edits
from corpora.edits import EditError

OPS = ["merge_up", "split_row", "shift_up", "pop_down", "insert_cell", "move_column_up", "confirm",
       "confirm_above", "toggle_bookmark", "split_sentence", "join_sentences", "edit_sentence"]


def next_action(rows, rng):
    """("undo", None), ("redo", None) or ("edit", change), drawn from ``rng`` and the current rows."""
    roll = rng.random()
    if roll < 0.15:
        return "undo", None
    if roll < 0.25:
        return "redo", None
    while True:
        name, i, side = rng.choice(OPS), rng.randrange(len(rows)), rng.choice(["zh", "en"])
        k = rng.randrange(3)
        args = {"split_sentence": (rows, i, side, k, rng.randrange(1, 6)),
                "join_sentences": (rows, i, side, k),
                "edit_sentence": (rows, i, side, k, f"text {rng.randrange(10**6)}")}.get(name)
        if args is None:
            args = (rows, i) if name in ("merge_up", "split_row", "confirm", "confirm_above",
                                         "toggle_bookmark") else (rows, i, side)
        try:
            return "edit", getattr(edits, name)(*args)
        except EditError:
            continue
'''

CHILD = STEPPER + '''

import sys

from corpora.edits import apply_change
from corpora.workspace import Workspace

path, doc_id, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ws = Workspace.open(path)
rows = ws.load(doc_id).rows
rng = random.Random(seed)
for step in range(10**6):
    kind, change = next_action(rows, rng)
    if kind == "edit":
        ws.apply(doc_id, change)
    else:
        change = ws.undo(doc_id) if kind == "undo" else ws.redo(doc_id)
    if change is not None:
        apply_change(rows, change)
    print(step, flush=True)
'''


class Model:
    """The rows and undo/redo log as the workspace should hold them."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.done: list = []
        self.pos = 0

    def step(self, kind: str, change) -> None:
        if kind == "edit":
            apply_change(self.rows, change)
            del self.done[self.pos:]
            self.done.append(change)
            self.pos += 1
        elif kind == "undo" and self.pos:
            self.pos -= 1
            apply_change(self.rows, self.done[self.pos].inverse())
        elif kind == "redo" and self.pos < len(self.done):
            apply_change(self.rows, self.done[self.pos])
            self.pos += 1

    def copy(self) -> Model:
        other = Model([r.copy() for r in self.rows])
        other.done, other.pos = list(self.done), self.pos
        return other

    def snapshot(self) -> tuple:
        return [r.copy() for r in self.rows], self.pos, [c.label for c in self.done]


def stored(ws: Workspace, doc_id: int) -> tuple:
    db = ws._db
    pos = db.execute("SELECT undo_pos FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
    labels = [r[0] for r in db.execute(
        "SELECT json_extract(change, '$.label') FROM ops WHERE doc_id = ? ORDER BY seq", (doc_id,))]
    return ws.load(doc_id).rows, pos, labels


def test_sigkill_at_random_moments_loses_nothing_committed(tmp_path):
    namespace: dict = {}
    exec(STEPPER, namespace)
    next_action = namespace["next_action"]
    child = tmp_path / "child.py"
    child.write_text(CHILD)
    path = tmp_path / "crash.zhen"
    rows = [Row([f"第{i}句话，很长的一句。", f"另一句{i}。"], [f"Sentence number {i} here.", f"More {i}."],
                "auto", 0.5, {"length": 0.5}) for i in range(80)]
    with Workspace.create(path) as ws:
        doc_id = ws.add_document(Document(rows, "crash test"))
    model = Model([r.copy() for r in rows])
    chooser = random.Random(2026)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for round_ in range(4):
        with subprocess.Popen([sys.executable, str(child), str(path), str(doc_id), str(round_)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as proc:
            assert proc.stdout is not None and proc.stderr is not None
            first = proc.stdout.readline()
            assert first.strip() == "0", proc.stderr.read()
            time.sleep(chooser.uniform(0.0, 0.25))
            proc.send_signal(signal.SIGKILL)
            rest = proc.stdout.read()  # not communicate(): it would skip lines readline() already buffered
        lines = (first + rest).split("\n")
        reported = sum(1 for line in lines[:-1] if line.strip())  # complete lines only
        assert reported >= 1

        rng = random.Random(round_)
        models = [model.copy()]
        for _ in range(reported + 1):
            following = models[-1].copy()
            following.step(*next_action(following.rows, rng))
            models.append(following)

        with Workspace.open(path) as ws:  # the killed writer's lock is gone
            actual = stored(ws, doc_id)
        matches = [n for n in (reported, reported + 1) if models[n].snapshot() == actual]
        assert matches, f"round {round_}: stored state is not the one after {reported} reported steps"
        model = models[matches[-1]]  # the next round continues from the state found on disk
