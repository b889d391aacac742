"""Reading bead files: ``NAME.align`` plus its sentence files.

The sentence files are looked for next to the bead file (``NAME.zh.txt`` / ``NAME.en.txt``, as
:mod:`corpora.writers.beads` writes them) and in the gold-set layout (``../zh/NAME.txt``,
``../en/NAME.txt`` beside ``gold/NAME.align``). A bead file does not say whether a person checked its
beads, so the rows come in as ``auto`` without a score, for the editor to confirm.
"""

from __future__ import annotations

from pathlib import Path

from aligner.beads import parse_beads
from aligner.errors import UserError
from corpora.document import SIDES, Document, Side
from corpora.locations import source_of
from corpora.textio import read_text


def sentence_file(align_path: Path, side: Side) -> Path:
    """Where the sentences of ``side`` are for this bead file; UserError when neither place has them."""
    stem = align_path.name.removesuffix(".align")
    candidates = (align_path.with_name(f"{stem}.{side}.txt"), align_path.parent.parent / side / f"{stem}.txt")
    for path in candidates:
        if path.is_file():
            return path
    raise UserError(f"{align_path}: its {side} sentences are missing; put them in {candidates[0]} "
                    "(one sentence per line)")


def _lines(path: Path) -> list[str]:
    text = read_text(path)
    return text.removesuffix("\n").split("\n")


def read_beads(path: Path) -> Document:
    """The document of a bead file and its two sentence files."""
    text = read_text(path)
    try:
        beads = parse_beads(text.split("\n"))
    except ValueError as exc:
        raise UserError(f"{path}: {exc}; each line must look like [0,1]:[2]") from None
    lines = {side: _lines(sentence_file(path, side)) for side in SIDES}
    for side in SIDES:
        used = [i for b in beads for i in (b.zh if side == "zh" else b.en)]
        if used and max(used) >= len(lines[side]):
            raise UserError(f"{path}: refers to {side} line {max(used)} but {sentence_file(path, side)} has "
                            f"{len(lines[side])} lines; pass the sentence files it was made with")
    doc = Document.from_beads(lines["zh"], lines["en"], beads, title=path.stem, source=source_of(path))
    for row in doc.rows:
        row.status, row.confidence = "auto", None
    return doc


def read_bead_files(path: Path) -> list[Document]:
    """:func:`read_beads` as a list, as the other readers of aligned files return (``corpora.formats``)."""
    return [read_beads(path)]
