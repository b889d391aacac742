"""Line-based corpora: Moses (two files), TSV and JSONL — one row per line, one file for all documents."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from aligner.display import json_escaped
from corpora.document import SIDES, Document, Row
from corpora.edits import JOINERS
from corpora.fileio import atomic_write
from corpora.writers.common import (
    DEFAULT_OPTIONS,
    ExportOptions,
    clean,
    doc_keys,
    flatten,
    joined,
    sentences,
)

TSV_COLUMNS = ("zh", "en", "status", "confidence", "doc")


def moses_paths(out: Path) -> tuple[Path, Path]:
    """Where the Moses files go: ``OUT/corpus.zh`` + ``OUT/corpus.en`` when OUT is a directory
    (existing, or written with a trailing slash), else ``OUT.zh`` + ``OUT.en``."""
    if out.is_dir() or str(out).endswith(("/", "\\")):
        return out / "corpus.zh", out / "corpus.en"
    return out.with_name(out.name + ".zh"), out.with_name(out.name + ".en")


def moses_lines(row: Row) -> tuple[str, str] | None:
    """The Chinese and English lines of a row in Moses files; None when a side is empty (Moses files may
    not hold empty lines, so such a row is left out)."""
    zh_line, en_line = joined(row, "zh", one_line=True), joined(row, "en", one_line=True)
    return (zh_line, en_line) if zh_line.strip() and en_line.strip() else None


def write_moses(docs: Iterable[Document], out: Path, options: ExportOptions = DEFAULT_OPTIONS) -> list[Path]:
    """Two files with the same number of lines and no empty line: rows with an empty side are left out,
    line breaks and tabs inside sentences become spaces."""
    zh_path, en_path = moses_paths(out)
    zh_path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(zh_path) as zh, atomic_write(en_path) as en:
        for doc in docs:
            for row in doc.rows:
                if (lines := moses_lines(row)) is not None:
                    zh.write(lines[0] + "\n")
                    en.write(lines[1] + "\n")
    return [zh_path, en_path]


def write_tsv(docs: Iterable[Document], out: Path, options: ExportOptions = DEFAULT_OPTIONS) -> list[Path]:
    """UTF-8, a header row ``zh en status confidence doc``, no quoting: tabs and line breaks inside
    sentences become spaces; ``confidence`` is empty for rows without a machine score."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(out) as f:
        f.write("\t".join(TSV_COLUMNS) + "\n")
        docs = list(docs)
        for doc, key in zip(docs, doc_keys(docs), strict=True):
            key = flatten(str(key))
            for row in doc.rows:
                if row.is_empty:
                    continue
                confidence = "" if row.confidence is None else repr(float(row.confidence))
                cells = (joined(row, "zh", one_line=True), joined(row, "en", one_line=True), row.status,
                         confidence, key)
                f.write("\t".join(cells) + "\n")
    return [out]


def write_jsonl(docs: Iterable[Document], out: Path, options: ExportOptions = DEFAULT_OPTIONS) -> list[Path]:
    """One JSON object per row: the Hugging Face ``translation`` pair plus ``doc``, ``title``, ``source``
    (the file the article came from, as TMX's ``x-source``: its name, or its whole path with
    ``ExportOptions.full_paths``; ``""`` when none is known), ``row``, ``status``, ``confidence``,
    ``headline``, ``bookmark``, the ``sentences`` of each side and
    ``en_origin`` / ``zh_origin`` (``"mt"`` when that side is machine translation, else ``"human"``; every
    record has them, so the file loads as one table). DEL, C1 and bidirectional controls are written as
    ``\\uXXXX`` escapes, never raw."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(out) as f:
        docs = list(docs)
        for doc, key in zip(docs, doc_keys(docs), strict=True):
            title, source = clean(doc.title), clean(options.source(doc))
            for number, row in doc.numbered():
                cleaned = {side: sentences(row, side) for side in SIDES}  # cleaned once for both fields
                record = {
                    "translation": {side: JOINERS[side].join(cleaned[side]) for side in SIDES},
                    "doc": key, "title": title, "source": source, "row": number, "status": row.status,
                    "confidence": None if row.confidence is None else float(row.confidence),
                    "headline": row.headline, "bookmark": row.bookmark,
                    "sentences": cleaned,
                    "en_origin": "mt" if row.en_from_mt else "human",
                    "zh_origin": "mt" if row.zh_from_mt else "human",
                }
                f.write(json_escaped(json.dumps(record, ensure_ascii=False)) + "\n")
    return [out]
