"""Bead files, the layout of ``zhen-align eval``'s gold sets: per document ``NAME.zh.txt`` and
``NAME.en.txt`` (one sentence per line; line breaks inside a sentence become spaces) and ``NAME.align``
(one bead per line, ``[zh ids]:[en ids]``, 0-based line numbers)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from aligner.beads import format_bead
from corpora.document import SIDES, Document
from corpora.fileio import write_text
from corpora.writers.common import DEFAULT_OPTIONS, ExportOptions, file_names, flatten


def write_beads(docs: Iterable[Document], out: Path, options: ExportOptions = DEFAULT_OPTIONS) -> list[Path]:
    """Write the three files of each document into the directory ``out``; returns the ``.align`` files."""
    docs = list(docs)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for doc, name in zip(docs, file_names(docs), strict=True):
        for side in SIDES:
            lines = "".join(flatten(s) + "\n" for s in doc.sentences(side))
            write_text(out / f"{name}.{side}.txt", lines)
        align = out / f"{name}.align"
        write_text(align, "".join(format_bead(b) + "\n" for b in doc.beads()))
        written.append(align)
    return written
