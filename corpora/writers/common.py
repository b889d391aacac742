"""What every writer shares: options, text clean-up, row joining and per-document names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata

from corpora.document import Document, Row, Side
from corpora.edits import JOINERS

#: Characters XML 1.0 forbids (C0 controls other than TAB/LF/CR, lone surrogates, U+FFFE/U+FFFF).
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
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


@dataclass(frozen=True)
class ExportOptions:
    """Settings shared by the writers: the language codes written into TMX and InterText files, and
    whether a document's source is written as its full path (``full_paths``) or, by default, as its
    file name only, so that a shared corpus does not reveal the folders and user name it was made in."""

    src_lang: str = "zh-CN"
    tgt_lang: str = "en-US"
    full_paths: bool = False

    def source(self, doc: Document) -> str:
        """What an export says a document came from: its source path, or only that path's file name."""
        return doc.source if self.full_paths else re.split(r"[\\/]", doc.source)[-1]


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (also removed from the plain-text formats)."""
    return _XML_ILLEGAL.sub("", text)


def flatten(text: str) -> str:
    """``clean(text)`` on one line: runs of line breaks and tabs become one space."""
    return _BREAKS.sub(" ", clean(text))


def sentences(row: Row, side: Side) -> list[str]:
    """The cleaned sentences of one side of a row."""
    return [clean(s) for s in row.side(side)]


def joined(row: Row, side: Side, *, one_line: bool = False) -> str:
    """One side of a row as a single segment: no space between Chinese sentences, one between English."""
    text = JOINERS[side].join(sentences(row, side))
    return flatten(text) if one_line else text


def doc_keys(docs: list[Document]) -> list[int | str]:
    """What identifies each document in a corpus file: its workspace id, else its unique name
    (never all digits, so a reader can tell the two apart)."""
    names = unique_names(docs)
    return [doc.id if doc.id is not None else name for doc, name in zip(docs, names, strict=True)]


def doc_name(doc: Document, index: int) -> str:
    """A file-name-safe name: ``doc<id>`` for stored documents, else the title, else ``doc-<n>``."""
    if doc.id is not None:
        return f"doc{doc.id}"
    name = _NAME_UNSAFE.sub("_", doc.title).strip("._")[:80] or str(index + 1)
    return f"doc-{name}" if name.isdecimal() else name


def unique_names(docs: list[Document]) -> list[str]:
    """:func:`doc_name` for each document, with ``-2``, ``-3``… added where two would collide."""
    seen: dict[str, int] = {}
    names = []
    for i, doc in enumerate(docs):
        name = doc_name(doc, i)
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return names


DEFAULT_OPTIONS = ExportOptions()
