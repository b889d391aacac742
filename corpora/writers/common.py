"""What every writer shares: options, text clean-up, row joining and per-document names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import metadata
from typing import TYPE_CHECKING, Protocol

from aligner.display import ESCAPE_SEQUENCE, without_controls
from corpora.document import Document, Row, Side
from corpora.edits import JOINERS

if TYPE_CHECKING:
    from qa.findings import Finding
    from qa.glossary import Glossary

#: Characters XML 1.0 forbids (C0 controls other than TAB/LF/CR, U+FFFE/U+FFFF), lone surrogates aside.
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ud800-\udfff\ue000-\ufffd\U00010000-\U0010ffff]")
#: A lone surrogate: a byte of a file name that is not UTF-8, or a broken escape in a JSON input.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Everything ``str.splitlines`` treats as a line break, plus TAB: flattened in line-based formats.
_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
_NAME_UNSAFE = re.compile(r"[^\w.-]+")

TOOL = "zhen-align"


def tool_version() -> str:
    """The installed version of zhen-align (``0`` when run from an uninstalled tree)."""
    try:
        return metadata.version(TOOL)
    except metadata.PackageNotFoundError:
        return "0"


class RowProgress(Protocol):
    """Where an export reports its checking of rows for notes (the CLI's progress bar on a terminal)."""

    def expect(self, rows: int) -> None:
        """``rows`` more rows may be checked (told before the writing starts)."""

    def advance(self) -> None:
        """One more row checked."""


@dataclass(frozen=True)
class ExportOptions:
    """Settings shared by the writers: the language codes written into TMX, XLIFF and InterText files;
    whether a document's source is written as its full path (``full_paths``) or, by default, as its file
    name only, so that a shared corpus does not reveal the folders and user name it was made in; and
    whether TMX and XLIFF carry the translation-check findings of each row as notes (checked with
    ``glossary``; findings ignored in the editor are left out), and where that checking reports each row
    done (``progress``: it takes minutes on tens of thousands of rows)."""

    src_lang: str = "zh-CN"
    tgt_lang: str = "en-US"
    full_paths: bool = False
    check_notes: bool = True
    glossary: Glossary | None = None
    progress: RowProgress | None = field(default=None, compare=False, repr=False)

    def source(self, doc: Document) -> str:
        """What an export says a document came from: its source path, or only that path's file name."""
        return doc.source if self.full_paths else re.split(r"[\\/]", doc.source)[-1]


def row_findings(doc: Document, options: ExportOptions) -> dict[int, list[Finding]]:
    """The findings that are not ignored, by row number (``Document.numbered``; none when
    ``options.check_notes`` is off). A selection of a document's rows is checked as the whole document,
    so that a finding's "in rows ..." names the rows the editor and ``check`` show.

    Checked without sentence embeddings (the dictionary-only checks of ``check --fast``), so that an
    export does not load the sentence encoder.
    """
    out: dict[int, list[Finding]] = {}
    rows = doc.whole if doc.whole is not None else doc.rows
    if options.check_notes and rows:
        from qa.run import active, check_document

        advance = options.progress.advance if options.progress is not None else None
        for finding in active(check_document(rows, options.glossary, embeddings=False, progress=advance),
                              rows):
            out.setdefault(finding.row + 1, []).append(finding)
    return out


def note_text(finding: Finding) -> str:
    """A finding as one line of a TMX or XLIFF note: ``[error] numbers: number differs: ...``."""
    return clean(f"[{finding.severity}] {finding.check}: {finding.message}")


def clean(text: str) -> str:
    """``text`` without terminal escape sequences (whole: dropping only the ``ESC`` of ``ESC[31m`` would
    leave ``[31m`` as text) and the characters XML 1.0 forbids (also removed from the plain-text formats),
    a lone surrogate written as U+FFFD instead (the byte of a file name that is not UTF-8 is then still
    seen to be there, as the terminal shows it, and the name keeps its length)."""
    return _SURROGATE.sub("\ufffd", _XML_ILLEGAL.sub("", ESCAPE_SEQUENCE.sub("", text)))


def flatten(text: str) -> str:
    """``clean(text)`` on one line: runs of line breaks and tabs become one space, and the control
    characters XML allows but a terminal would obey (DEL, C1, bidirectional controls) go as the C0 ones
    did, since a line format has no way to escape them."""
    return without_controls(_BREAKS.sub(" ", clean(text)))


def sentences(row: Row, side: Side) -> list[str]:
    """The cleaned sentences of one side of a row."""
    return [clean(s) for s in row.side(side)]


def joined(row: Row, side: Side, *, one_line: bool = False) -> str:
    """One side of a row as a single segment: no space between Chinese sentences, one between English."""
    text = JOINERS[side].join(sentences(row, side))
    return flatten(text) if one_line else text


def doc_keys(docs: list[Document]) -> list[int | str]:
    """What identifies each document in a corpus file (TMX ``tuid`` ``KEY-ROW`` and ``x-doc``, XLIFF
    ``<file original>``, JSONL and TSV ``doc``): its workspace id, else its unique name (:func:`doc_name`:
    a batch's pair name, else from its title; never all digits, so a reader can tell the two apart)."""
    names = _distinct([doc_name(doc, i) for i, doc in enumerate(docs)])
    return [doc.id if doc.id is not None else name for doc, name in zip(docs, names, strict=True)]


def doc_name(doc: Document, index: int) -> str:
    """A file-name-safe name: a batch's pair name (``Document.name``), else ``doc<id>`` for stored
    documents, else the title (:func:`clean`, so no escape sequence leaves ``2J`` in it), else ``doc-<n>``;
    ``doc-`` goes before a name of digits only (a key made of it must not look like an id; files take
    :func:`file_names`)."""
    if doc.id is not None and not doc.name:
        return f"doc{doc.id}"
    name = _NAME_UNSAFE.sub("_", clean(doc.name or doc.title)).strip("._")[:80] or str(index + 1)
    return f"doc-{name}" if name.isdecimal() else name


def file_names(docs: list[Document]) -> list[str]:
    """What the files of each document are named (``NAME.align``, ``NAME.zh.xml``...): a batch's pair
    name exactly as it is, as the batch names every format's files (``NAME.tmx``) and its record of
    finished pairs (an all-digit name too: only a key inside a file must not look like an id), else
    :func:`doc_name`; ``-2``, ``-3``… added where two would collide."""
    return _distinct([doc.name or doc_name(doc, i) for i, doc in enumerate(docs)])


def _distinct(names: list[str]) -> list[str]:
    """``names`` with ``-2``, ``-3``… added to the second, third… of a name."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return out


DEFAULT_OPTIONS = ExportOptions()
