"""Parsing XML input safely, with one-line errors that name the file."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from aligner.errors import UserError


def parser() -> etree.XMLParser:
    """An XML parser that never loads DTDs, entities or anything from the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


def syntax_error(path: Path, exc: etree.XMLSyntaxError, fix: str) -> UserError:
    """The UserError for a file that is not well-formed XML."""
    line = f" at line {exc.lineno}" if exc.lineno else ""
    message = str(exc.msg or exc).splitlines()[0]
    return UserError(f"{path}: not well-formed XML{line} ({message}); {fix}")


def parse(path: Path, fix: str) -> etree._ElementTree:
    """Parse ``path``; UserError for a missing, unreadable or malformed file, ``fix`` saying what to do."""
    if not path.is_file():
        raise UserError(f"{path}: no such file; check the path")
    try:
        return etree.parse(str(path), parser())
    except etree.XMLSyntaxError as exc:
        raise syntax_error(path, exc, fix) from None
    except OSError as exc:
        raise UserError(f"{path}: cannot be read ({exc}); check the file") from None


def local(tag: object) -> str:
    """An element's tag without its namespace (comments and PIs give ``""``)."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""
