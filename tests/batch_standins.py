"""Stand-in aligners for the batch engine tests: importable by name, so spawned pool workers and Dask
workers unpickle them (a class defined in a test function or in ``python -c`` would not be)."""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from aligner.errors import UserError
from corpora.batch import PairAligner
from corpora.document import Document, Row
from corpora.readers.pairs import PairPaths
from corpora.textio import read_text


def line_document(pair: PairPaths) -> Document:
    """Line i of the Chinese file with line i of the English one; ``BROKEN`` in the Chinese is bad input."""
    zh, en = read_text(pair.zh).split("\n"), read_text(pair.en).split("\n")
    if "BROKEN" in zh:
        raise UserError(f"{pair.zh}: broken on purpose")
    rows = [Row([z], [e], "auto", 0.9 if z != "低" else 0.1) for z, e in zip(zh, en, strict=False)]
    return Document(rows, title=pair.name)


@dataclass(frozen=True)
class LineAligner:
    """:func:`line_document` after ``delay`` seconds. ``log`` (a folder): each model load leaves a file
    named ``PID-RANDOM`` there, so a test can count the loads per process and find the workers."""

    delay: float = 0.0
    log: str | None = None

    def warm_up(self) -> None:
        if self.log is not None:
            Path(self.log, f"{os.getpid()}-{uuid.uuid4().hex}").touch()

    def __call__(self, pair: PairPaths) -> Document:
        time.sleep(self.delay)
        return line_document(pair)


@dataclass(frozen=True)
class SlowPairAligner(PairAligner):
    """What the CLI builds (``PairAligner``'s options), aligning lines slowly and loading no model."""

    def warm_up(self) -> None:
        pass

    def __call__(self, pair: PairPaths) -> Document:  # type: ignore[override]
        time.sleep(0.3)
        return line_document(pair)


def make_pairs(folder: Path, count: int, lines: int = 3) -> Path:
    """``count`` pairs ``dNN.zh.txt`` / ``dNN.en.txt`` of ``lines`` lines in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(count):
        zh = "\n".join(f"第{k}篇{i}" for i in range(lines))
        (folder / f"d{k:02d}.zh.txt").write_text(zh, encoding="utf-8")
        (folder / f"d{k:02d}.en.txt").write_text("\n".join(f"doc {k} line {i}" for i in range(lines)),
                                                 encoding="utf-8")
    return folder


@dataclass(frozen=True)
class PoisonAligner(LineAligner):
    """Kills the worker process it runs in on a pair whose Chinese file says ``POISON`` (as a crash in a
    native library would). Only for cluster workers: never call it in the test's own process."""

    def __call__(self, pair: PairPaths) -> Document:
        if read_text(pair.zh).strip() == "POISON":
            os._exit(70)
        return super().__call__(pair)


@dataclass(frozen=True)
class UnevenAligner(LineAligner):
    """:func:`line_document`, after ``delay`` seconds for the pairs named in ``slow`` only, so that the
    workers finish the others first."""

    slow: tuple[str, ...] = ()

    def __call__(self, pair: PairPaths) -> Document:
        if pair.name in self.slow:
            time.sleep(self.delay)
        return line_document(pair)
