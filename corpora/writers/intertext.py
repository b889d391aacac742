"""InterText XML, the layout of the gold sets: per document a text file for each language
(``NAME.zh.xml``, ``NAME.en.xml``: ``<text><p id="1"><s id="1:1">``) and a link file ``NAME.zh.en.xml``
(``<linkGrp fromDoc=zh toDoc=en>``; each ``<link xtargets="EN-IDS;ZH-IDS">`` lists the toDoc ids first,
as InterText does). Status: ``confirmed`` → ``man``, ``auto`` → ``auto``, ``edited`` → ``plain``;
bookmarks → ``mark="1"``. Two attributes of our own, which :mod:`corpora.readers.intertext` reads back:
the article's title as ``<linkGrp title="...">`` and its headline row as ``<link headline="1">``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from corpora.document import Document, Side
from corpora.fileio import atomic_write
from corpora.writers.common import DEFAULT_OPTIONS, ExportOptions, clean, file_names

STATUS_TO_INTERTEXT = {"confirmed": "man", "auto": "auto", "edited": "plain"}


def write_intertext(docs: Iterable[Document], out: Path,
                    options: ExportOptions = DEFAULT_OPTIONS) -> list[Path]:
    """Write three XML files per document into the directory ``out``; returns the link files."""
    docs = list(docs)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for doc, name in zip(docs, file_names(docs), strict=True):
        files = {side: f"{name}.{side}.xml" for side in ("zh", "en")}
        for side in ("zh", "en"):
            _write(_text_file(doc, side), out / files[side])
        link_path = out / f"{name}.zh.en.xml"
        _write(_link_file(doc, files), link_path)
        written.append(link_path)
    return written


def _write(tree: etree._ElementTree, path: Path) -> None:
    with atomic_write(path, "wb") as f:
        tree.write(f, encoding="utf-8", xml_declaration=True)


def _text_file(doc: Document, side: Side) -> etree._ElementTree:
    """One language version: every sentence as ``<s id="1:N">`` in one paragraph."""
    text = etree.Element("text")
    text.text = "\n  "
    p = etree.SubElement(text, "p", id="1")
    p.text = "\n    "
    p.tail = "\n"
    s = None
    for n, sentence in enumerate(doc.sentences(side), 1):
        s = etree.SubElement(p, "s", id=f"1:{n}")
        s.text = clean(sentence)
        s.tail = "\n    "
    if s is not None:
        s.tail = "\n  "
    return etree.ElementTree(text)


def _link_file(doc: Document, files: dict[str, str]) -> etree._ElementTree:
    """The alignment: one ``<link>`` per non-empty row."""
    group = etree.Element("linkGrp", toDoc=files["en"], fromDoc=files["zh"])
    if doc.title:
        group.set("title", clean(doc.title))
    group.text = "\n"
    i = j = 0
    for row in doc.rows:
        if row.is_empty:
            continue
        zh_ids = [f"1:{n}" for n in range(i + 1, i + 1 + len(row.zh))]
        en_ids = [f"1:{n}" for n in range(j + 1, j + 1 + len(row.en))]
        i, j = i + len(row.zh), j + len(row.en)
        link = etree.SubElement(group, "link", type=f"{len(en_ids)}-{len(zh_ids)}",
                                xtargets=f"{' '.join(en_ids)};{' '.join(zh_ids)}",
                                status=STATUS_TO_INTERTEXT[row.status])
        if row.bookmark:
            link.set("mark", "1")
        if row.headline:
            link.set("headline", "1")
        link.tail = "\n"
    return etree.ElementTree(group)
