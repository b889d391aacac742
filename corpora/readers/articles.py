"""Article text from .txt, .docx and .html files, and the Chinese and English parts of a mixed file.

Paragraphs come out one per line (the segmenter treats each line as a paragraph). Text files go through
:func:`corpora.textio.read_text`, so every encoding it knows is accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from aligner.errors import UserError
from aligner.segment.paragraphs import paragraph_lines
from corpora.textio import read_text, script_of

DOCX_SUFFIXES = frozenset({".docx"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
#: Elements whose text is never article text.
HTML_DROP = ("script", "style", "noscript", "template", "nav", "aside", "form", "iframe", "svg", "button",
             "select", "figure", "footer")
#: Dropped only outside <article>/<main> (an article's own <header> holds its headline).
HTML_DROP_OUTSIDE = ("header",)
#: Elements that start a new line of text.
HTML_BLOCKS = frozenset({
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd",
    "blockquote", "pre", "tr", "td", "th", "br", "hr", "figcaption", "caption", "address", "table",
})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")


@dataclass
class Article:
    """The text of one article file, one paragraph per line, and its title when the file has one."""

    text: str
    title: str = ""


def read_article(path: Path) -> Article:
    """The text of a .txt, .docx or .html article (by suffix; anything else is read as text)."""
    suffix = path.suffix.lower()
    if suffix in DOCX_SUFFIXES:
        return _read_docx(path)
    if suffix in HTML_SUFFIXES:
        return _read_html(path)
    return Article(read_text(path))


def _read_docx(path: Path) -> Article:
    """Paragraphs of the body, tables included, in reading order."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    if not path.is_file():
        raise UserError(f"{path}: no such file; check the path")
    try:
        with path.open("rb") as file:  # a file object, so that a URL (corpora.locations) works too
            document = docx.Document(file)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise UserError(f"{path}: is not a Word .docx file (an old .doc, or damaged); open it in Word and "
                        "save it as .docx or as plain text") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines += [p.text for row in block.rows for cell in row.cells for p in cell.paragraphs]
        else:
            lines.append(block.text)
    text = _tidy(lines)
    if not text:
        raise UserError(f"{path}: holds no text; pass the article")
    return Article(text, (document.core_properties.title or "").strip())


def _read_html(path: Path) -> Article:
    """Body text of a news page: the <article> (else <main>, else <body>) without navigation, the
    site's header, footers, asides, scripts and styles."""
    import lxml.html
    from lxml import etree

    source = _XML_DECLARATION.sub("", read_text(path))
    try:
        page = lxml.html.document_fromstring(source)
    except (etree.ParserError, ValueError):
        raise UserError(f"{path}: is not an HTML page; save the article as .html or plain text") from None
    title = (page.findtext(".//title") or "").strip()
    for element in page.xpath("|".join(f"//{tag}" for tag in HTML_DROP)):
        element.drop_tree()
    for element in page.xpath("|".join(f"//{tag}" for tag in HTML_DROP_OUTSIDE)):
        if not any(a.tag in ("article", "main") for a in element.iterancestors()):
            element.drop_tree()
    root = next(iter(page.xpath("//article") or page.xpath("//main") or page.xpath("//body")), page)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in HTML_BLOCKS:
            element.tail = "\n" + (element.tail or "")
            element.text = "\n" + (element.text or "")
    text = _tidy(root.text_content().split("\n"))
    if not text:
        raise UserError(f"{path}: has no article text in its <body>; save the article as plain text")
    return Article(text, title)


def _tidy(lines: list[str]) -> str:
    """One paragraph per line, spaces collapsed, empty lines dropped."""
    return "\n".join(line for line in (_SPACES.sub(" ", raw).strip() for raw in lines) if line)


def split_mixed(text: str) -> tuple[str, str]:
    """The Chinese lines and the English lines of a text, by script.

    Lines with neither script (dates, numbers, blank lines) follow the line before them; a switch of
    language starts a new paragraph on both sides, so alternating zh/en paragraphs stay paragraphs.
    """
    runs: dict[str, list[list[str]]] = {"zh": [], "en": []}
    current: str | None = None
    pending: list[str] = []  # neutral lines before the first line with a script
    for line in text.split("\n"):
        script = script_of(line)
        if script == "other":
            if current is None:
                pending.append(line)
            else:
                runs[current][-1].append(line)
            continue
        if script != current:
            runs[script].append([])
            current = script
        runs[script][-1] += pending
        pending = []
        runs[script][-1].append(line)
    zh, en = ("\n\n".join("\n".join(run).strip("\n") for run in runs[side]) for side in ("zh", "en"))
    return zh, en


def mixed_headline(text: str) -> str | None:
    """The Chinese headline of a mixed text: its first paragraph when that is one Chinese line and more
    text follows (as the Chinese headline of a Chinese file is; here the body may be all English)."""
    paragraphs = paragraph_lines(text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(paragraphs) > 1 and len(paragraphs[0]) == 1 and script_of(paragraphs[0][0]) == "zh":
        return paragraphs[0][0].strip()
    return None


def read_mixed(path: Path) -> tuple[str, str, str | None]:
    """The Chinese and the English text of one file holding both (e.g. a Chinese headline over the
    English body, or alternating zh/en paragraphs), and its Chinese headline (:func:`mixed_headline`);
    UserError when either language is missing."""
    text = read_article(path).text
    zh, en = split_mixed(text)
    if not zh.strip():
        raise UserError(f"{path}: has no Chinese text; pass the Chinese article with it (ZH EN)")
    if not en.strip():
        raise UserError(f"{path}: has no English text; pass the English translation as a second file")
    return zh, en, mixed_headline(text)
