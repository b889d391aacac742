"""Export writers: every format takes documents, an output path and :class:`ExportOptions`.

| format | ``OUT`` is | files |
|---|---|---|
| ``tmx`` | a file | one TMX 1.4b memory for all documents |
| ``moses`` | a file stem or a directory | ``OUT.zh`` + ``OUT.en``, or ``OUT/corpus.zh`` + ``OUT/corpus.en`` |
| ``tsv`` | a file | ``zh en status confidence doc``, with a header row |
| ``jsonl`` | a file | one ``{"translation": {"zh", "en"}, ...}`` object per row |
| ``intertext`` | a directory | ``NAME.zh.xml``, ``NAME.en.xml``, ``NAME.zh.en.xml`` per document |
| ``beads`` | a directory | ``NAME.zh.txt``, ``NAME.en.txt``, ``NAME.align`` per document |

Rows whose English is machine translation (``Row.en_from_mt``) are left out by the default filter; when a
filter keeps them, TMX marks them with ``<prop type="x-en-origin">mt</prop>`` and JSONL with
``"en_origin": "mt"`` (``"human"`` on every other row). Moses, TSV, InterText and beads cannot mark them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from aligner.errors import UserError
from corpora.document import Document
from corpora.filters import RowFilter
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
#: Every row except those whose English is machine translation.
DEFAULT_FILTER = RowFilter()
#: Formats whose ``OUT`` is a directory holding files per document.
DIRECTORY_FORMATS = frozenset({"intertext", "beads"})
#: File suffix of the single-file formats (Moses adds ``.zh`` / ``.en`` itself).
SUFFIXES = {"tmx": ".tmx", "tsv": ".tsv", "jsonl": ".jsonl", "moses": ""}


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote."""

    files: list[Path]
    documents: int
    rows: int


def write_documents(docs: Iterable[Document], fmt: str, out: Path,
                    options: ExportOptions = DEFAULT_OPTIONS) -> list[Path]:
    """Write ``docs`` in format ``fmt`` to ``out``; returns the files written (see the table above)."""
    return WRITERS[fmt](docs, out, options)


def export_workspace(workspace: Path, fmt: str, out: Path, *, doc_ids: Sequence[int] | None = None,
                     row_filter: RowFilter = DEFAULT_FILTER, options: ExportOptions = DEFAULT_OPTIONS,
                     ) -> ExportReport:
    """Export the documents ``doc_ids`` (default: all) of a workspace, filtered; read-only, so it works
    while the editor has the workspace open. UserError for an unknown id or an unusable ``out``."""
    from corpora.workspace import Workspace

    check_target(fmt, out)
    with Workspace.open(workspace, readonly=True) as ws:
        ids = list(doc_ids) if doc_ids else [info.id for info in ws.documents()]
        docs = []
        for doc_id in ids:
            try:
                docs.append(row_filter.apply(ws.load(doc_id)))
            except KeyError:
                raise UserError(f"{workspace}: has no article {doc_id}; list them with "
                                f"`zhen-align status {workspace}`") from None
    if not docs:
        raise UserError(f"{workspace}: has no articles to export; add some with `zhen-align add`")
    files = write_documents(docs, fmt, out, options)
    return ExportReport(files, len(docs), sum(len(d.rows) for d in docs))


def check_target(fmt: str, out: Path) -> None:
    """UserError when ``out`` cannot take format ``fmt`` (a file where a folder is needed, or back)."""
    if fmt not in WRITERS:
        raise UserError(f"{fmt}: unknown format; choose one of {', '.join(WRITERS)}")
    if fmt in DIRECTORY_FORMATS and out.exists() and not out.is_dir():
        raise UserError(f"{out}: is a file, but {fmt} export writes several files; give a folder")
    if fmt not in DIRECTORY_FORMATS and fmt != "moses" and out.is_dir():
        raise UserError(f"{out}: is a folder; give a file name such as {out / ('corpus' + SUFFIXES[fmt])}")


__all__ = ["DIRECTORY_FORMATS", "SUFFIXES", "WRITERS", "ExportOptions", "ExportReport", "check_target",
           "export_workspace", "write_documents"]
