"""Reading our line-based exports back: JSONL, TSV and Moses file pairs."""

from __future__ import annotations

import json
from pathlib import Path

from aligner.errors import UserError
from aligner.segment.script import without_surrogates
from corpora.document import Document, Row, every_sentence
from corpora.locations import source_of
from corpora.textio import read_text
from corpora.writers.lines import TSV_COLUMNS

_STATUSES = ("auto", "confirmed", "edited")


def _status(value: object) -> str:
    """A row's status as the file gives it; ``auto`` (not checked) when it gives none."""
    return value if value in _STATUSES else "auto"  # type: ignore[return-value]


def _document(key: object, title: str, path: Path, source: str = "") -> Document:
    """A document of an export file: its id when ``key`` is one, its recorded ``source`` (the file it was
    aligned from), else the export file itself."""
    doc_id = key if isinstance(key, int) and not isinstance(key, bool) else None
    return Document([], title=title, source=source or source_of(path), id=doc_id)


def _sentences(value: object) -> list[str]:
    """A side's sentences as a JSON record gives them (a list of strings, else ``TypeError``), with any
    lone surrogate (a ``\\ud800`` escape is valid JSON but no character) read as U+FFFD."""
    if not isinstance(value, list) or not all(isinstance(text, str) for text in value):
        raise TypeError("sentences must be a list of strings")
    return [without_surrogates(text) for text in value]


def _utf8_lines(path: Path) -> list[str]:
    """The lines of a UTF-8 file, split on ``\\n`` only (JSON may hold a raw U+2028)."""
    try:
        return path.read_text(encoding="utf-8-sig").split("\n")
    except FileNotFoundError:
        raise UserError(f"{path}: no such file; check the path") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: is not UTF-8; JSONL files must be UTF-8") from None


def read_jsonl(path: Path) -> list[Document]:
    """Documents from a JSONL export (``sentences`` when present, else the ``translation`` pair), each with
    the ``source`` its records give (a file written before JSONL had one: the JSONL file's path)."""
    docs: list[Document] = []
    last: object = object()
    for number, line in enumerate(_utf8_lines(path), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            pair = record.get("sentences") or {s: [t] if t.strip() else []
                                               for s, t in record["translation"].items()}
            zh, en = _sentences(pair.get("zh", [])), _sentences(pair.get("en", []))
        except (ValueError, KeyError, TypeError, AttributeError):
            raise UserError(f"{path}: line {number} is not a {{\"translation\": {{\"zh\": …, \"en\": …}}}} "
                            "JSON object; repair or remove that line") from None
        key = record.get("doc")
        if not docs or key != last:
            title = str(record.get("title") or (key if isinstance(key, str) else ""))
            source = record.get("source")   # absent from files written before it was
            docs.append(_document(key, without_surrogates(title), path,
                                  without_surrogates(source) if isinstance(source, str) else ""))
            last = key
        confidence = record.get("confidence")
        docs[-1].rows.append(Row(zh, en, _status(record.get("status")),  # type: ignore[arg-type]
                                 float(confidence) if isinstance(confidence, int | float) else None,
                                 headline=bool(record.get("headline")),
                                 bookmark=bool(record.get("bookmark")),
                                 en_mt=every_sentence(en) if record.get("en_origin") == "mt" else (),
                                 zh_mt=every_sentence(zh) if record.get("zh_origin") == "mt" else ()))
    if not docs:
        raise UserError(f"{path}: holds no rows; pass a JSONL export")
    return docs


def read_tsv(path: Path) -> list[Document]:
    """Documents from a TSV export (header ``zh en status confidence doc``); each side is one sentence."""
    lines = read_text(path).split("\n")
    header = tuple(lines[0].split("\t"))
    if header[:2] != TSV_COLUMNS[:2]:
        raise UserError(f"{path}: its first line is not the header {' '.join(TSV_COLUMNS)}; "
                        "pass a zhen-align TSV export")
    docs: list[Document] = []
    last = None
    for number, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        cells = dict(zip(header, line.split("\t"), strict=False))
        if "en" not in cells:
            raise UserError(f"{path}: line {number} has no tab between zh and en; repair that line")
        key = cells.get("doc", "")
        if not docs or key != last:
            doc_id = int(key) if key.isascii() and key.isdigit() else None
            docs.append(_document(key if doc_id is None else doc_id, key if doc_id is None else "", path))
            last = key
        try:
            confidence = float(cells["confidence"]) if cells.get("confidence") else None
        except ValueError:
            confidence = None
        docs[-1].rows.append(Row([cells["zh"]] if cells["zh"].strip() else [],
                                 [cells["en"]] if cells["en"].strip() else [],
                                 _status(cells.get("status")), confidence))  # type: ignore[arg-type]
    if not docs:
        raise UserError(f"{path}: holds no rows; pass a TSV export")
    return docs


def read_moses(zh_path: Path, en_path: Path) -> Document:
    """A line-aligned pair of files (Moses): one 1-1 row per line, ``auto`` (nothing says it was checked)."""
    zh = read_text(zh_path).removesuffix("\n").split("\n")
    en = read_text(en_path).removesuffix("\n").split("\n")
    if len(zh) != len(en):
        raise UserError(f"{en_path}: has {len(en)} lines but {zh_path} has {len(zh)}; Moses files must "
                        "have one line per row on both sides")
    return Document([Row([z], [e], "auto") for z, e in zip(zh, en, strict=True)],
                    title=zh_path.stem, source=source_of(zh_path))
