"""XLIFF 1.2 (the strict schema), the exchange format Trados, memoQ, Phrase and OmegaT open.

One ``<file>`` per document (``original`` = its key, as in TMX), one ``<trans-unit>`` per row: the Chinese
as ``<source>``, the English as ``<target>`` whose ``state`` says how far the row has got (confirmed →
``final`` and ``approved="yes"``, edited → ``translated``, machine-aligned → ``needs-review-translation``,
no English → ``needs-translation``; English from MT adds ``state-qualifier="mt-suggestion"``). Notes from
``zhen-align`` give the alignment confidence of machine-aligned rows and each translation-check finding
(``annotates="target"``, priority 1 for errors, 5 for warnings). Multi-sentence sides are joined as in TMX.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from corpora.document import Document, Row
from corpora.edits import JOINERS
from corpora.fileio import atomic_write
from corpora.writers.common import (
    DEFAULT_OPTIONS,
    TOOL,
    ExportOptions,
    doc_keys,
    note_text,
    row_findings,
    sentences,
    tool_version,
)

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATES = {"confirmed": "final", "edited": "translated", "auto": "needs-review-translation"}
PRIORITY = {"error": "1", "warning": "5", "info": "9"}


def _element(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NS}}}{name}", attributes)
    element.text = text
    return element


def write_xliff(docs: Iterable[Document], out: Path, options: ExportOptions = DEFAULT_OPTIONS) -> list[Path]:
    """Write every document into one XLIFF 1.2 file ``out``; returns ``[out]``."""
    root = etree.Element(f"{{{NS}}}xliff", version="1.2", nsmap={None: NS})
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    docs = list(docs)
    for doc, key in zip(docs, doc_keys(docs), strict=True):
        file = _element(root, "file", original=str(key), datatype="plaintext", date=stamp)
        file.attrib.update({"source-language": options.src_lang, "target-language": options.tgt_lang,
                            "tool-id": TOOL})
        tool = _element(_element(file, "header"), "tool")
        tool.attrib.update({"tool-id": TOOL, "tool-name": TOOL, "tool-version": tool_version()})
        body = _element(file, "body")
        notes = row_findings(doc, options)
        for number, row in doc.numbered():
            _unit(body, number, row, notes.get(number, []), options)
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(out, "wb") as f:
        etree.ElementTree(root).write(f, encoding="utf-8", xml_declaration=True, pretty_print=True)
    return [out]


def _unit(body: etree._Element, number: int, row: Row, findings: list, options: ExportOptions) -> None:
    """The ``<trans-unit>`` of one row."""
    unit = _element(body, "trans-unit", id=str(number))
    if row.status == "confirmed" and row.en:
        unit.set("approved", "yes")
    _element(unit, "source", JOINERS["zh"].join(sentences(row, "zh"))).set(XML_LANG, options.src_lang)
    target = _element(unit, "target", JOINERS["en"].join(sentences(row, "en")) if row.en else None)
    target.set(XML_LANG, options.tgt_lang)
    target.set("state", STATES[row.status] if row.en else "needs-translation")
    if row.en_from_mt:
        target.set("state-qualifier", "mt-suggestion")
    if row.status == "auto" and row.confidence is not None:
        _element(unit, "note", f"alignment confidence {float(row.confidence):.2f}").set("from", TOOL)
    for finding in findings:
        note = _element(unit, "note", note_text(finding))
        note.attrib.update({"from": TOOL, "priority": PRIORITY[finding.severity], "annotates": "target"})
