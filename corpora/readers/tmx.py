"""Reading TMX memories (any TMX 1.4 with zh*/en* variants) into Documents.

Our own export comes back whole: documents (``x-document``), their metadata, row status, confidence,
headline and bookmark flags, and the sentences of multi-sentence segments (``x-zh-lengths``). In a
foreign memory each translation unit is one row of one sentence per side, ``auto`` without a score (a
memory does not say that anyone checked it here), and the whole file one document titled after the file.

A foreign memory's segments lose the layout of a pretty-printed file (:func:`without_layout`); ours, whose
header names zhen-align as its creation tool, and any ``<seg>`` under ``xml:space="preserve"``, are read
exactly as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from aligner.errors import UserError
from corpora.document import SIDES, Document, Row, Side, every_sentence
from corpora.edits import JOINERS
from corpora.readers.xml import local, refuse_entities, syntax_error
from corpora.writers.common import TOOL
from corpora.writers.tmx import (
    DOC_PROPS,
    PROP_BOOKMARK,
    PROP_CONFIDENCE,
    PROP_DOC,
    PROP_EN_ORIGIN,
    PROP_HEADLINE,
    PROP_STATUS,
    PROP_ZH_ORIGIN,
    XML_LANG,
    lengths_prop,
)

_FIX = "re-export it, or repair the file"
_STATUSES = ("auto", "confirmed", "edited")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: Layout: a line break with the spaces and tabs around it (and any further line breaks in the run).
_LAYOUT = re.compile(r"[ \t]*[\r\n][ \t\r\n]*")


def read_tmx(path: Path) -> list[Document]:
    """Every document of a TMX file, in file order; UserError for a file we cannot use."""
    docs: list[Document] = []
    keys: list[str | None] = []
    langs_seen: set[str] = set()
    for key, props, segs in _units(path, langs_seen):
        if not docs or key != keys[-1]:
            docs.append(_new_document(path, key, props))
            keys.append(key)
        docs[-1].rows.append(_row(props, segs))
    if not any(doc.rows for doc in docs):
        raise UserError(f"{path}: holds no translation unit with Chinese or English text; "
                        "export a memory with zh and en variants")
    for side in SIDES:
        if not any(row.side(side) for doc in docs for row in doc.rows):
            found = ", ".join(sorted(langs_seen)) or "none"
            raise UserError(f"{path}: has no {side}* variant (languages found: {found}); "
                            "export the memory with Chinese and English")
    return docs


def _units(path: Path, langs_seen: set[str]) -> Iterator[tuple[str | None, dict[str, str], dict[Side, str]]]:
    """(document key, props, zh/en segment texts) of each ``<tu>``, streamed."""
    if not path.is_file():
        raise UserError(f"{path}: no such file; check the path")
    if path.stat().st_size == 0:
        raise UserError(f"{path}: is empty; pass a TMX file")
    events = etree.iterparse(str(path), events=("start", "end"), resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=True)
    try:
        _, root = next(events)
        if local(root.tag) != "tmx":
            raise UserError(f"{path}: is not a TMX file (its root element is <{local(root.tag)}>); "
                            "pass a .tmx translation memory")
        ours = False   # written by our own export: segments read exactly
        for event, element in events:
            if event == "end" and local(element.tag) == "header":
                ours = element.get("creationtool") == TOOL
            if event != "end" or local(element.tag) != "tu":
                continue
            props = {}
            for prop in (p for p in element if local(p.tag) == "prop"):
                refuse_entities(path, prop)   # only what is read: a note or a third language may hold one
                props[prop.get("type", "")] = prop.text or ""
            segs: dict[Side, str] = {}
            for tuv in element:
                if local(tuv.tag) != "tuv":
                    continue
                lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower()
                langs_seen.add(lang)
                side = _side_of(lang)
                seg = next((c for c in tuv if local(c.tag) == "seg"), None)
                if side and side not in segs and seg is not None:
                    refuse_entities(path, seg)
                    text = _seg_text(seg)
                    segs[side] = text if ours or _preserved(seg) else without_layout(text)
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]
            if any(text.strip() for text in segs.values()):
                yield props.get(PROP_DOC), props, segs
    except etree.XMLSyntaxError as exc:
        raise syntax_error(path, exc, _FIX) from None


def _side_of(lang: str) -> Side | None:
    """``zh`` for zh, zh-CN, zh_Hant…, ``en`` for en, en-US…; None for other languages."""
    base = lang.replace("_", "-").split("-")[0]
    return "zh" if base == "zh" else "en" if base == "en" else None


def _seg_text(seg: etree._Element) -> str:
    """The text of a ``<seg>``: inline codes (bpt, ept, ph, it) are dropped, highlighted text kept."""
    parts = [seg.text or ""]
    for child in seg:
        if local(child.tag) in ("hi", "sub"):
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _preserved(seg: etree._Element) -> bool:
    """Whether the nearest ``xml:space`` on the ``<seg>`` or around it says ``preserve``."""
    for element in (seg, *seg.iterancestors()):
        if (space := element.get(XML_SPACE)) is not None:
            return space == "preserve"
    return False


def without_layout(text: str) -> str:
    """A segment's text without the layout of a pretty-printed file: each line break, with the spaces
    and tabs around it, is removed at either end of the segment, and inside it becomes one space, or
    nothing next to a wide (CJK) character, which Chinese writes without spaces. Spaces and tabs that
    touch no line break are text, kept as they are (so is U+3000, the ideographic space that indents a
    Chinese paragraph)."""

    def replace(match: re.Match[str]) -> str:
        start, end = match.span()
        if start == 0 or end == len(text):
            return ""
        return "" if _wide(text[start - 1]) or _wide(text[end]) else " "

    return _LAYOUT.sub(replace, text)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _new_document(path: Path, key: str | None, props: dict[str, str]) -> Document:
    """An empty document carrying the metadata of its first unit."""
    meta = {attr: props.get(prop, "") for prop, attr in DOC_PROPS.items()}
    if key is None:
        meta["title"] = meta["title"] or path.stem
    doc_id = int(key) if key is not None and key.isascii() and key.isdigit() else None
    return Document([], id=doc_id, **meta)


def _row(props: dict[str, str], segs: dict[Side, str]) -> Row:
    """One row from a unit's props and segments."""
    status = props.get(PROP_STATUS, "auto")
    try:
        confidence = float(props[PROP_CONFIDENCE]) if PROP_CONFIDENCE in props else None
    except ValueError:
        confidence = None
    zh = _split(segs.get("zh", ""), "zh", props.get(lengths_prop("zh"), ""))
    en = _split(segs.get("en", ""), "en", props.get(lengths_prop("en"), ""))
    return Row(   # an MT origin is the row's: every sentence of that side
        zh, en,
        status=status if status in _STATUSES else "auto",  # type: ignore[arg-type]
        confidence=confidence,
        headline=props.get(PROP_HEADLINE) == "1",
        bookmark=props.get(PROP_BOOKMARK) == "1",
        en_mt=every_sentence(en) if props.get(PROP_EN_ORIGIN) == "mt" else (),
        zh_mt=every_sentence(zh) if props.get(PROP_ZH_ORIGIN) == "mt" else (),
    )


def _split(text: str, side: Side, lengths: str) -> list[str]:
    """The sentences of a segment: split by our recorded lengths when they still fit the text."""
    if not text.strip():
        return []
    try:
        sizes = [int(n) for n in lengths.split()]
    except ValueError:
        sizes = []
    joiner = JOINERS[side]
    if len(sizes) < 2 or sum(sizes) + len(joiner) * (len(sizes) - 1) != len(text):
        return [text]
    out, start = [], 0
    for size in sizes:
        out.append(text[start:start + size])
        start += size
        if start < len(text) and text[start:start + len(joiner)] != joiner:
            return [text]
        start += len(joiner)
    return out
