"""Parsing XML input safely, with one-line errors that name the file.

XML is parsed without entities or network: a DTD is never loaded, and an entity it declares (``&co;``,
internal or ``SYSTEM``) is neither expanded nor fetched. Such a reference would vanish from the text
without a word, so a file that uses one is refused (:func:`refuse_entities`); the five predefined
entities and character references (``&amp;``, ``&#20013;``) are not entities of a DTD and read as usual.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from aligner.errors import UserError

#: What to do with a file that uses an entity of a DTD.
ENTITY_FIX = "save it with the entities expanded (and without a DTD subset <!DOCTYPE ... [ ... ]>)"


def parser() -> etree.XMLParser:
    """An XML parser that never loads DTDs, entities or anything from the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


def refuse_entities(path: Path, element: etree._Element) -> None:
    """UserError naming the first entity reference inside ``element`` (which the parser left unexpanded)
    and how to save the file without it; nothing when there is none."""
    entity = next(element.iter(etree.Entity), None)
    if entity is not None:
        raise UserError(f"{path}: uses the entity &{entity.name}; (from a DTD), which is not expanded: XML "
                        f"is read without entities, so its text would be lost; {ENTITY_FIX}")


def syntax_error(path: Path, exc: etree.XMLSyntaxError, fix: str) -> UserError:
    """The UserError for a file that is not well-formed XML."""
    line = f" at line {exc.lineno}" if exc.lineno else ""
    message = str(exc.msg or exc).splitlines()[0]
    return UserError(f"{path}: not well-formed XML{line} ({message}); {fix}")


def parse(path: Path, fix: str) -> etree._ElementTree:
    """Parse ``path``; UserError for a missing, unreadable or malformed file (``fix`` saying what to do)
    and for one that uses an entity of its DTD."""
    if not path.is_file():
        raise UserError(f"{path}: no such file; check the path")
    try:
        tree = etree.parse(str(path), parser())
    except etree.XMLSyntaxError as exc:
        raise syntax_error(path, exc, fix) from None
    except OSError as exc:
        raise UserError(f"{path}: cannot be read ({exc}); check the file") from None
    refuse_entities(path, tree.getroot())
    return tree


def local(tag: object) -> str:
    """An element's tag without its namespace (comments and PIs give ``""``)."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""
