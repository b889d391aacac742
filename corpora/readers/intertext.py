"""Reading InterText alignments (the gold sets' format): a link file and the two text files it names.

The link file is a ``<linkGrp fromDoc=… toDoc=…>`` (alone or inside a TEI document) whose
``<link xtargets="TO-IDS;FROM-IDS">`` lists the toDoc ids first. Which text is Chinese is told by
the file names (``NAME.zh.xml``, ``NAME.001_zh.xml``), else by the script of the sentences.
Alignable elements are those with an ``id`` and no descendant with one (``<s>`` inside ``<p>``;
``xml:id`` counts too).
Sentences no link mentions become one-sided rows where they occur.
Status ``man`` → ``confirmed``, ``auto`` → ``auto``, anything else → ``edited``; ``mark="1"`` → bookmark.
Our own export's ``<linkGrp title="...">`` is the title (else the link file's name) and
``<link headline="1">`` the headline row.
The text files must be inside the link file's folder: an absolute ``fromDoc``, a ``../`` or a symlink
leading out of it is refused, so an alignment file cannot make us import any file it names.
"""

from __future__ import annotations

import re
from pathlib import Path

from aligner.errors import UserError
from corpora.document import Document, Row, Side
from corpora.locations import source_of
from corpora.readers.xml import local, parse
from corpora.textio import script_of

_STATUS = {"man": "confirmed", "auto": "auto"}
_LANG_IN_NAME = re.compile(r"[._-](zh|en)(?:[._-]|$)")
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_FIX = "re-export it from InterText, or repair the file"


def read_intertext(path: Path) -> list[Document]:
    """One Document per ``linkGrp`` of the link file ``path``."""
    root = parse(path, _FIX).getroot()
    groups = [el for el in root.iter() if local(el.tag) == "linkGrp"]
    if not groups:
        raise UserError(f"{path}: has no <linkGrp>, so it is not an InterText alignment file; pass the "
                        "alignment (NAME.zh.en.xml), not one of its text files")
    return [_read_group(path, group) for group in groups]


def _text_file(link_path: Path, group, attr: str) -> tuple[Path, list[tuple[str, str]]]:
    name = group.get(attr)
    if not name:
        raise UserError(f"{link_path}: its <linkGrp> has no {attr} attribute; add the text file's name")
    folder = link_path.parent.resolve()
    path = link_path.parent / name
    if Path(name).is_absolute() or not path.resolve().is_relative_to(folder):
        raise UserError(f"{link_path}: its {attr} {name!r} is outside the link file's folder; move the "
                        "text file into that folder and name it relative to it")
    if not path.is_file():
        raise UserError(f"{path}: missing ({link_path} names it as {attr}); put it next to the link file")
    root = parse(path, _FIX).getroot()
    units = []
    for el in root.iter():
        uid = _id(el)
        if uid is None or any(_id(d) is not None for d in el.iterdescendants()):
            continue
        units.append((uid, "".join(el.itertext()).strip()))
    if not units:
        raise UserError(f"{path}: holds no elements with an id to align; pass an InterText text file")
    return path, units


def _named_language(path: Path) -> str | None:
    """``zh`` or ``en`` when the file name says so (``x.zh.xml``, ``x.001_en.xml``), else None."""
    match = _LANG_IN_NAME.search(path.name.lower())
    return match.group(1) if match else None


def _id(element) -> str | None:
    """An element's ``id`` (or TEI ``xml:id``); None for comments and elements without one."""
    if not isinstance(element.tag, str):
        return None
    return element.get("id", element.get(_XML_ID))


def _is_chinese(units: list[tuple[str, str]]) -> bool:
    return script_of(" ".join(text for _, text in units[:200])) == "zh"


def _read_group(path: Path, group) -> Document:
    from_path, from_units = _text_file(path, group, "fromDoc")
    to_path, to_units = _text_file(path, group, "toDoc")
    named = {_named_language(from_path), _named_language(to_path)}
    if named == {"zh", "en"}:
        zh_is_from = _named_language(from_path) == "zh"
    elif _is_chinese(from_units) != _is_chinese(to_units):
        zh_is_from = _is_chinese(from_units)
    else:  # neither names nor scripts tell: InterText's habit, fromDoc is the source
        zh_is_from = True
    texts: dict[Side, list[tuple[str, str]]] = {"zh": from_units if zh_is_from else to_units,
                                                "en": to_units if zh_is_from else from_units}
    index = {side: {uid: i for i, (uid, _) in enumerate(units)} for side, units in texts.items()}
    done: dict[Side, int] = {"zh": 0, "en": 0}
    rows: list[Row] = []

    def fill(side: Side, upto: int) -> None:
        """One-sided rows for the sentences of ``side`` before ``upto`` that no link has taken."""
        while done[side] < upto:
            text = texts[side][done[side]][1]
            rows.append(Row([text], [], "auto") if side == "zh" else Row([], [text], "auto"))
            done[side] += 1

    for link in group:
        if local(link.tag) != "link":
            continue
        targets = link.get("xtargets", "")
        if ";" not in targets:
            raise UserError(f"{path}: line {link.sourceline}: xtargets {targets!r} has no ';'; "
                            "repair the link (TO-IDS;FROM-IDS)")
        to_ids, from_ids = (part.split() for part in targets.split(";", 1))
        ids: dict[Side, list[str]] = {"zh": from_ids if zh_is_from else to_ids,
                                      "en": to_ids if zh_is_from else from_ids}
        positions: dict[Side, list[int]] = {}
        for side, side_ids in ids.items():
            try:
                positions[side] = [index[side][uid] for uid in side_ids]
            except KeyError as exc:
                raise UserError(f"{path}: line {link.sourceline}: id {exc.args[0]} is not in the "
                                f"{side} text; repair the link") from None
            if positions[side]:
                fill(side, positions[side][0])
                done[side] = max(done[side], positions[side][-1] + 1)
        status = _STATUS.get(link.get("status", ""), "edited")
        rows.append(Row([texts["zh"][i][1] for i in positions["zh"]],
                        [texts["en"][i][1] for i in positions["en"]], status,  # type: ignore[arg-type]
                        bookmark=link.get("mark") == "1", headline=link.get("headline") == "1"))
    fill("zh", len(texts["zh"]))
    fill("en", len(texts["en"]))
    title = group.get("title") or path.name.removesuffix(".xml").removesuffix(".zh.en")
    return Document([r for r in rows if not r.is_empty], title=title, source=source_of(path))
