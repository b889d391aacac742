"""Export writers: every format takes documents, an output path and :class:`ExportOptions`.

| format | ``OUT`` is | files |
|---|---|---|
| ``tmx`` | a file | one TMX 1.4b memory for all documents |
| ``xliff`` | a file | one XLIFF 1.2 file, a ``<file>`` per document |
| ``moses`` | a file stem or a directory | ``OUT.zh`` + ``OUT.en``, or ``OUT/corpus.zh`` + ``OUT/corpus.en`` |
| ``tsv`` | a file | ``zh en status confidence doc``, with a header row |
| ``jsonl`` | a file | one ``{"translation": {"zh", "en"}, ...}`` object per row |
| ``intertext`` | a directory | ``NAME.zh.xml``, ``NAME.en.xml``, ``NAME.zh.en.xml`` per document |
| ``beads`` | a directory | ``NAME.zh.txt``, ``NAME.en.txt``, ``NAME.align`` per document |

Rows whose English (Chinese) is machine translation (``Row.en_from_mt``, ``Row.zh_from_mt``) are left out by
the default filter; when a filter keeps them, TMX marks them with ``<prop type="x-en-origin">mt</prop>``
(``x-zh-origin``), XLIFF MT English with ``state-qualifier="mt-suggestion"``, and JSONL with ``"en_origin":
"mt"`` (``zh_origin``; ``"human"`` on every other row). Moses, TSV, InterText and beads cannot mark them.
TMX and XLIFF carry each row's translation-check findings as notes unless ``ExportOptions.check_notes`` is
off: those of ``check --fast`` (see :func:`corpora.writers.common.row_findings`).
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from aligner.display import count
from aligner.errors import UserError
from corpora.document import Document
from corpora.filters import ONE_SIDED, RowFilter
from corpora.formats import FORMATS, export_format
from corpora.writers.common import DEFAULT_OPTIONS, ExportOptions
from corpora.writers.lines import moses_lines

#: Every row except those whose English (Chinese) is machine translation, and one-sided rows in TMX and XLIFF.
DEFAULT_FILTER = RowFilter()
#: What keeps the one-sided rows an export or a batch leaves out (:data:`corpora.filters.ONE_SIDED`).
KEEP_ONE_SIDED = "--keep-unaligned keeps one-sided rows"


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote, and how many rows it left out and why (reason → rows)."""

    files: list[Path]
    documents: int
    rows: int
    left_out: Counter[str] = field(default_factory=Counter)

    def describe(self, where: str) -> str:
        """One line: ``exported 11 rows of 1 article to WHERE; left out 33 rows: 30 one-sided (...), ...``."""
        line = f"exported {count(self.rows, 'row')} of {count(self.documents, 'article')} to {where}"
        if self.left_out:
            line += f"; {left_out_phrase(self.left_out)}"
        return line


def left_out_phrase(left_out: Counter[str]) -> str:
    """``left out 33 rows: 30 one-sided, 3 English from MT``: rows left out, by reason (most first)."""
    return f"left out {count(sum(left_out.values()), 'row')}: {_reasons(left_out)}"


def _reasons(left_out: Counter[str]) -> str:
    """``30 one-sided, 3 English from MT``: the counts of rows left out, by reason, most first."""
    return ", ".join(f"{n} {reason}" for reason, n in left_out.most_common())


def filtered(docs: Sequence[Document], fmt: str,
             row_filter: RowFilter = DEFAULT_FILTER) -> tuple[list[Document], Counter[str]]:
    """``docs`` as format ``fmt`` writes them through ``row_filter`` (its one-sided default settled for
    ``fmt``), and the rows left out by reason, those the format cannot hold (``Format.cannot_hold``)
    included."""
    row_filter = row_filter.for_format(fmt)
    left_out = row_filter.left_out(docs)
    kept = row_filter.apply_all(docs)
    if dropped := format_left_out(fmt, kept):
        left_out[FORMATS[fmt].cannot_hold] += dropped
    return kept, left_out


def format_left_out(fmt: str, docs: Iterable[Document]) -> int:
    """How many rows of ``docs`` format ``fmt`` leaves out (see ``Format.cannot_hold``)."""
    if not FORMATS[fmt].cannot_hold:
        return 0
    return sum(1 for doc in docs for row in doc.rows if not row.is_empty and moses_lines(row) is None)


def write_documents(docs: Iterable[Document], fmt: str, out: Path,
                    options: ExportOptions = DEFAULT_OPTIONS) -> list[Path]:
    """Write ``docs`` in format ``fmt`` to ``out``; returns the files written (see the table above)."""
    if str(out) == "-":
        raise UserError("-: standard output takes one file; use "
                        "`zhen-align export WS -f tmx|xliff|tsv|jsonl -o -`")
    return export_format(fmt).write(docs, out, options)


def export_documents(docs: Sequence[Document], fmt: str, out: Path, *, row_filter: RowFilter = DEFAULT_FILTER,
                     options: ExportOptions = DEFAULT_OPTIONS, source: Path | str = "") -> ExportReport:
    """Filter ``docs`` and write them, counting what is left out and why. UserError, and nothing
    written, when no row is left to write (``source`` names what was exported in that message). One-sided
    rows are left out of TMX and XLIFF unless ``row_filter.drop_unaligned`` is False (see
    ``RowFilter.for_format``)."""
    passed, left_out = filtered(docs, fmt, row_filter)
    # an article none of whose rows pass is no article of the corpus (XLIFF would hold an empty <file>)
    kept = [doc for doc in passed if any(not row.is_empty for row in doc.rows)]
    rows = sum(1 for doc in kept for row in doc.rows if not row.is_empty)
    dropped = left_out[FORMATS[fmt].cannot_hold] if FORMATS[fmt].cannot_hold else 0
    if rows - dropped <= 0:
        why = _reasons(left_out) or "there are none"
        fix = KEEP_ONE_SIDED if left_out[ONE_SIDED] else "change the filters"
        raise UserError(f"{source or out}: nothing to export: no row is left ({why}); {fix}")
    if options.progress is not None and options.check_notes:   # rows TMX and XLIFF check for their notes
        options.progress.expect(sum(len(doc.whole if doc.whole is not None else doc.rows) for doc in kept))
    files = write_documents(kept, fmt, out, options)
    return ExportReport(files, len(kept), rows - dropped, left_out)


def export_workspace(workspace: Path, fmt: str, out: Path, *, doc_ids: Sequence[int] | None = None,
                     row_filter: RowFilter = DEFAULT_FILTER, options: ExportOptions = DEFAULT_OPTIONS,
                     ) -> ExportReport:
    """Export the documents ``doc_ids`` (default: all) of a workspace, filtered; read-only, so it works
    while the editor has the workspace open. UserError for an unknown id or an unusable ``out``, and
    for an ``out`` that would replace the workspace or one of its side files (nothing is written)."""
    from corpora.workspace import Workspace

    check_target(fmt, out)
    with Workspace.open(workspace, readonly=True) as ws:
        if options.check_notes and options.glossary is None:
            options = replace(options, glossary=ws.glossary())
        ids = list(doc_ids) if doc_ids else [info.id for info in ws.documents()]
        docs = []
        for doc_id in ids:
            try:
                docs.append(ws.load(doc_id))
            except KeyError:
                raise UserError(f"{workspace}: has no article {doc_id}; list them with "
                                f"`zhen-align status {workspace}`") from None
    if not docs:
        raise UserError(f"{workspace}: has no articles to export; add some with `zhen-align add`")
    with keeping_what_is_exported(Path(workspace), docs, "give -o another name"):
        return export_documents(docs, fmt, out, row_filter=row_filter, options=options, source=workspace)


@contextlib.contextmanager
def keeping_what_is_exported(workspace: Path, docs: Sequence[Document], fix: str) -> Iterator[None]:
    """Within the block (in this thread), no file written replaces the workspace, one of its side files, or
    the file an exported article was read from (its recorded source): each is refused with one line
    naming it and ``fix``, before anything is written."""
    from corpora.fileio import keeping
    from corpora.locations import is_url
    from corpora.workspace import workspace_files

    sources = sorted({Path(doc.source) for doc in docs if doc.source and not is_url(doc.source)})
    with keeping(workspace_files(workspace), "the workspace being exported", fix), \
            keeping(sources, "the file an exported article was read from", fix):
        yield


def check_target(fmt: str, out: Path) -> None:
    """UserError when ``out`` cannot take format ``fmt`` (a file where a folder is needed, or back)."""
    form = export_format(fmt)
    if form.folder and out.exists() and not out.is_dir():
        raise UserError(f"{out}: is a file, but {fmt} export writes several files; give a folder")
    if form.one_file and out.is_dir():
        raise UserError(f"{out}: is a folder; give a file name such as {out / ('corpus' + form.suffix)}")


__all__ = ["KEEP_ONE_SIDED", "ExportOptions", "ExportReport", "check_target", "export_documents",
           "export_workspace", "filtered", "keeping_what_is_exported", "left_out_phrase", "write_documents"]
