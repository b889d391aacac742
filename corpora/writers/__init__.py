"""Export writers: every format takes documents, an output path and :class:`ExportOptions`.

| format | ``OUT`` is | files |
|---|---|---|
| ``tmx`` | a file | one TMX 1.4b memory for all documents |
| ``moses`` | a file stem or a directory | ``OUT.zh`` + ``OUT.en``, or ``OUT/corpus.zh`` + ``OUT/corpus.en`` |
| ``tsv`` | a file | ``zh en status confidence doc``, with a header row |
| ``jsonl`` | a file | one ``{"translation": {"zh", "en"}, ...}`` object per row |
| ``intertext`` | a directory | ``NAME.zh.xml``, ``NAME.en.xml``, ``NAME.zh.en.xml`` per document |
| ``beads`` | a directory | ``NAME.zh.txt``, ``NAME.en.txt``, ``NAME.align`` per document |
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from corpora.document import Document
from corpora.writers.beads import write_beads
from corpora.writers.common import DEFAULT_OPTIONS, ExportOptions
from corpora.writers.intertext import write_intertext
from corpora.writers.lines import write_jsonl, write_moses, write_tsv
from corpora.writers.tmx import write_tmx

Writer = Callable[[Iterable[Document], Path, ExportOptions], list[Path]]

WRITERS: dict[str, Writer] = {
    "tmx": write_tmx,
    "moses": write_moses,
    "tsv": write_tsv,
    "jsonl": write_jsonl,
    "intertext": write_intertext,
    "beads": write_beads,
}
#: Formats whose ``OUT`` is a directory holding files per document.
DIRECTORY_FORMATS = frozenset({"intertext", "beads"})
#: File suffix of the single-file formats (Moses adds ``.zh`` / ``.en`` itself).
SUFFIXES = {"tmx": ".tmx", "tsv": ".tsv", "jsonl": ".jsonl", "moses": ""}


def write_documents(docs: Iterable[Document], fmt: str, out: Path,
                    options: ExportOptions = DEFAULT_OPTIONS) -> list[Path]:
    """Write ``docs`` in format ``fmt`` to ``out``; returns the files written (see the table above)."""
    return WRITERS[fmt](docs, out, options)


__all__ = ["DIRECTORY_FORMATS", "SUFFIXES", "WRITERS", "ExportOptions", "write_documents"]
