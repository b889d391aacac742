"""Aligned documents as Apache Parquet (pyarrow, in the ``scale`` extra): one row per bead.

Columns: ``doc`` (what identifies the document, as in the other formats' files: its workspace id, else
its name; :func:`corpora.writers.common.doc_keys`), ``source`` (the file it was aligned from, as TMX's
``x-source`` and JSONL's ``source``: its name, or its whole path with ``ExportOptions.full_paths``),
``row`` (the row's number in its document, from 1, as the editor shows it), ``zh``, ``en`` (sentences
joined as in the other formats: no space in Chinese, one in English), ``shape`` (``1-1``, ``2-1``,
``0-1``...), ``confidence`` (null on rows without a machine score), ``status`` (``auto``, ``edited``,
``confirmed``) and ``en_from_mt`` (the English is machine translation).

A batch writes its rows in parts, ``part-00000.parquet``, ``part-00001.parquet``... in one folder, so
pandas (``pd.read_parquet(OUT)``), DuckDB (``SELECT * FROM 'OUT/*.parquet'``) and Hugging Face datasets
(``load_dataset("parquet", data_files="OUT/*.parquet")``) read the folder as one table. Each part is
written to a hidden temporary name beside it and renamed when complete (``corpora.fileio.atomic_write``),
so a killed run never leaves half a part, and the documents of a part count as done only once it is
renamed. Each part names the pairs it holds in its schema's metadata (:data:`NAMES_KEY`, a JSON list),
which is how a resumed batch knows them, whatever ``doc`` holds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from corpora.document import Document
from corpora.fileio import atomic_write
from corpora.writers.common import DEFAULT_OPTIONS, ExportOptions, clean, doc_keys, joined

if TYPE_CHECKING:
    import pyarrow as pa

COLUMNS = ("doc", "source", "row", "zh", "en", "shape", "confidence", "status", "en_from_mt")
PART_NAME = re.compile(r"^part-(\d+)\.parquet$")
#: Rows buffered before a part is written (about 1,000 news articles; a few MB of memory).
ROWS_PER_PART = 20_000
#: The key of a part's schema metadata that lists the names of the pairs it holds.
NAMES_KEY = b"zhen-align:documents"


def schema() -> pa.Schema:
    """The table's columns and types."""
    import pyarrow as pa

    return pa.schema([("doc", pa.string()), ("source", pa.string()), ("row", pa.int32()),
                      ("zh", pa.string()), ("en", pa.string()),
                      ("shape", pa.string()), ("confidence", pa.float64()), ("status", pa.string()),
                      ("en_from_mt", pa.bool_())])


def bead_rows(doc: Document, options: ExportOptions = DEFAULT_OPTIONS) -> dict[str, list]:
    """The columns for one document's non-empty rows: ``doc`` its key as TMX, XLIFF, TSV and JSONL write
    it (its workspace id, else its name), its source as ``options`` say."""
    numbered = doc.numbered()
    rows = [row for _, row in numbered]
    return {
        "doc": [clean(str(doc_keys([doc])[0]))] * len(rows),
        "source": [clean(options.source(doc))] * len(rows),
        "row": [number for number, _ in numbered],
        "zh": [joined(row, "zh") for row in rows],
        "en": [joined(row, "en") for row in rows],
        "shape": [row.kind for row in rows],
        "confidence": [row.confidence for row in rows],
        "status": [row.status for row in rows],
        "en_from_mt": [row.en_from_mt for row in rows],
    }


class ParquetParts:
    """Buffers documents and writes them to ``folder`` as numbered parts of at most about
    ``rows_per_part`` rows. :meth:`add` and :meth:`flush` return the names of the documents a newly
    written part holds (none while they are only buffered). ``options`` say how a source is written."""

    def __init__(self, folder: Path, rows_per_part: int | None = None,
                 options: ExportOptions = DEFAULT_OPTIONS):
        self.folder, self.rows_per_part, self.options = folder, rows_per_part or ROWS_PER_PART, options
        self.columns: dict[str, list] = {column: [] for column in COLUMNS}
        self.names: list[str] = []
        numbers = [int(m.group(1)) for p in folder.glob("part-*.parquet") if (m := PART_NAME.match(p.name))]
        self.next_part = max(numbers, default=-1) + 1

    def written_documents(self) -> set[str]:
        """The names of the documents in the parts already in the folder (from an earlier run): as each
        part's metadata lists them; a part an earlier version wrote, without that list, by its ``doc``
        column (which then held the names)."""
        import pyarrow.parquet as pq

        done: set[str] = set()
        for part in sorted(self.folder.glob("part-*.parquet")):
            if PART_NAME.match(part.name) and part.is_file() and not part.is_symlink():
                metadata = pq.read_schema(part).metadata or {}
                if NAMES_KEY in metadata:
                    done.update(json.loads(metadata[NAMES_KEY]))
                else:
                    done.update(pq.read_table(part, columns=["doc"]).column("doc").unique().to_pylist())
        return done

    def add(self, name: str, doc: Document) -> list[str]:
        """Buffer the document of pair ``name`` (identified in ``doc`` as :func:`bead_rows` says); write a
        part when the buffer is full."""
        for column, values in bead_rows(doc, self.options).items():
            self.columns[column] += values
        self.names.append(name)
        return self.flush() if len(self.columns["doc"]) >= self.rows_per_part else []

    def flush(self) -> list[str]:
        """Write the buffered documents as the next part (nothing when the buffer is empty)."""
        if not self.names:
            return []
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table(self.columns, schema=schema().with_metadata({NAMES_KEY: json.dumps(self.names)}))
        with atomic_write(self.folder / f"part-{self.next_part:05d}.parquet", "wb") as file:
            pq.write_table(table, file, compression="zstd")
        self.next_part += 1
        names, self.names = self.names, []
        self.columns = {column: [] for column in COLUMNS}
        return names
