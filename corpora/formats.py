"""Every aligned-corpus format in one table: the CLI's ``--format`` choices, the export dialog, the
batch, the writers and the readers of aligned files all read :data:`FORMATS`.

Adding a format touches two files besides tests: its reader/writer module (``corpora/writers/``,
``corpora/readers/``) and its row here. Writers and readers are named as ``module:function`` and
imported when used, so reading this table (``zhen-align --help``) loads no XML or Arrow library.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Format:
    """One format: its name (``--format``), its label in the export dialog, where it writes, and how."""

    name: str
    label: str
    #: ``module:function`` taking (documents, out, ExportOptions) and returning the files written;
    #: None for a format only the batch writes (it has its own writer).
    writer: str | None
    #: Suffix of the file written for a single-file format (Moses adds ``.zh`` / ``.en`` itself).
    suffix: str = ""
    #: ``OUT`` is a folder holding files per document.
    folder: bool = False
    #: Several files beside one another from a file stem (Moses): neither one file nor a folder.
    stem: bool = False
    #: ``module:function`` reading a file of this format into a list of Documents, and the suffixes it takes.
    reader: str | None = None
    reads: tuple[str, ...] = ()
    #: Rows this format cannot hold, by the reason export reports ("" = it holds every row).
    cannot_hold: str = ""
    #: One-sided rows (1-0, 0-1) are left out unless asked for (``RowFilter.for_format``): a CAT tool
    #: takes a TMX unit with one ``<tuv>`` or an XLIFF unit with an empty ``<source>`` badly.
    one_sided_out: bool = False

    @property
    def one_file(self) -> bool:
        """True when ``OUT`` is one file, so standard output can take it."""
        return not (self.folder or self.stem)

    def write(self, *args: Any) -> list[Path]:
        """Run this format's writer (``ValueError`` for a batch-only format)."""
        if self.writer is None:
            raise ValueError(f"{self.name} is written by the batch only")
        return _resolve(self.writer)(*args)

    def read(self, path: Path) -> list:
        """The Documents of a file of this format."""
        if self.reader is None:
            raise ValueError(f"{self.name} has no reader")
        return _resolve(self.reader)(path)


def _resolve(name: str) -> Callable[..., Any]:
    module, function = name.split(":")
    return getattr(importlib.import_module(module), function)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("tmx", "TMX 1.4b (translation memory, check findings as notes)", "corpora.writers.tmx:write_tmx",
           suffix=".tmx", reader="corpora.readers.tmx:read_tmx", reads=(".tmx",), one_sided_out=True),
    Format("xliff", "XLIFF 1.2 (Trados, memoQ, Phrase, OmegaT; findings as notes)",
           "corpora.writers.xliff:write_xliff", suffix=".xlf", one_sided_out=True),
    Format("moses", "Moses / OPUS plain text (.zh + .en)", "corpora.writers.lines:write_moses", stem=True,
           cannot_hold="one-sided (Moses files cannot hold an empty line)"),
    Format("tsv", "TSV (zh, en, status, confidence)", "corpora.writers.lines:write_tsv", suffix=".tsv",
           reader="corpora.readers.lines:read_tsv", reads=(".tsv",)),
    Format("jsonl", "JSON Lines (Hugging Face style)", "corpora.writers.lines:write_jsonl", suffix=".jsonl",
           reader="corpora.readers.lines:read_jsonl", reads=(".jsonl",)),
    Format("intertext", "InterText XML (folder)", "corpora.writers.intertext:write_intertext", folder=True,
           reader="corpora.readers.intertext:read_intertext", reads=(".xml",)),
    Format("beads", "Sentences + bead file (folder)", "corpora.writers.beads:write_beads", folder=True,
           reader="corpora.readers.beads:read_bead_files", reads=(".align",)),
    Format("parquet", "Parquet parts of every article (batch)", None, folder=True),
)}

#: The formats one export writes (``zhen-align export -f``, the export dialog).
EXPORT_FORMATS: tuple[str, ...] = tuple(name for name, f in FORMATS.items() if f.writer is not None)
#: Input suffix -> the format whose reader takes it (``zhen-align add``).
READABLE: dict[str, Format] = {suffix: f for f in FORMATS.values() for suffix in f.reads}


def export_format(name: str) -> Format:
    """The export format ``name``; ``UserError`` naming the choices when there is none."""
    from aligner.errors import UserError

    if name not in EXPORT_FORMATS:
        raise UserError(f"{name}: unknown format; choose one of {', '.join(EXPORT_FORMATS)}")
    return FORMATS[name]
