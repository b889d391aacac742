"""TMX 1.4b: one translation unit per row, our metadata in ``<prop type="x-...">``.

Every header attribute the DTD requires is written. A multi-sentence side is one ``<seg>`` (Chinese
sentences joined with no space, English with one); ``x-zh-lengths`` / ``x-en-lengths`` give the sentence
lengths so that :func:`corpora.readers.tmx.read_tmx` can split it again. A one-sided row (1-0 or 0-1),
when an export keeps it (``--keep-unaligned``), has a ``<tuv>`` for its filled side only. The
translation-check findings of a row are notes of its unit (see :func:`corpora.writers.common.row_findings`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from corpora.document import SIDES, Document, Row
from corpora.edits import JOINERS
from corpora.fileio import atomic_write
from corpora.writers.common import (
    DEFAULT_OPTIONS,
    TOOL,
    ExportOptions,
    clean,
    doc_keys,
    note_text,
    row_findings,
    sentences,
    tool_version,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: The prop types we write (and read back).
PROP_DOC, PROP_TITLE, PROP_SOURCE, PROP_DATE, PROP_URL = (
    "x-document", "x-title", "x-source", "x-date", "x-url")
PROP_STATUS, PROP_CONFIDENCE, PROP_HEADLINE, PROP_BOOKMARK = (
    "x-status", "x-confidence", "x-headline", "x-bookmark")
#: Written as ``mt`` on rows whose English (Chinese) is machine translation; absent on human translation.
PROP_EN_ORIGIN, PROP_ZH_ORIGIN = "x-en-origin", "x-zh-origin"
DOC_PROPS = {PROP_TITLE: "title", PROP_SOURCE: "source", PROP_DATE: "date", PROP_URL: "url"}


def lengths_prop(side: str) -> str:
    """The prop type holding the sentence lengths of one side."""
    return f"x-{side}-lengths"


def write_tmx(docs: Iterable[Document], out: Path, options: ExportOptions = DEFAULT_OPTIONS) -> list[Path]:
    """Write every document into one TMX file ``out``; returns ``[out]``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    header = etree.Element("header", {
        "creationtool": TOOL, "creationtoolversion": tool_version(), "segtype": "sentence",
        "o-tmf": TOOL, "adminlang": "en-US", "srclang": options.src_lang, "datatype": "PlainText",
        "creationdate": stamp,
    })
    langs = {"zh": options.src_lang, "en": options.tgt_lang}
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(out, "wb") as f, etree.xmlfile(f, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("tmx", version="1.4"):
            xf.write("\n", header, "\n")
            with xf.element("body"):
                xf.write("\n")
                docs = list(docs)
                for doc, key in zip(docs, doc_keys(docs), strict=True):
                    notes = row_findings(doc, options)
                    for number, row in doc.numbered():
                        xf.write(_tu(doc, key, number, row, langs, options, notes.get(number, [])), "\n")
    return [out]


def _tu(doc: Document, key: int | str, number: int, row: Row, langs: dict[str, str],
        options: ExportOptions, findings: list) -> etree._Element:
    """The ``<tu>`` of one row (its document's source as ``options`` says: file name or full path), its
    findings as notes."""
    tu = etree.Element("tu", tuid=f"{key}-{number}")
    for finding in findings:
        etree.SubElement(tu, "note").text = note_text(finding)
    props = [(PROP_DOC, str(key))]
    meta = {attr: options.source(doc) if prop == PROP_SOURCE else getattr(doc, attr)
            for prop, attr in DOC_PROPS.items()}
    props += [(prop, clean(meta[attr])) for prop, attr in DOC_PROPS.items() if meta[attr]]
    props.append((PROP_STATUS, row.status))
    if row.confidence is not None:
        props.append((PROP_CONFIDENCE, repr(float(row.confidence))))
    if row.headline:
        props.append((PROP_HEADLINE, "1"))
    if row.bookmark:
        props.append((PROP_BOOKMARK, "1"))
    if row.en_from_mt:
        props.append((PROP_EN_ORIGIN, "mt"))
    if row.zh_from_mt:
        props.append((PROP_ZH_ORIGIN, "mt"))
    for side in SIDES:
        if len(row.side(side)) > 1:
            props.append((lengths_prop(side), " ".join(str(len(s)) for s in sentences(row, side))))
    for kind, value in props:
        etree.SubElement(tu, "prop", type=kind).text = value
    for side in SIDES:
        if row.side(side):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: langs[side]})
            etree.SubElement(tuv, "seg").text = JOINERS[side].join(sentences(row, side))
    return tu
