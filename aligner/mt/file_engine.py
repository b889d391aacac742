"""The ``file`` engine: translations prepared elsewhere, given as the lines of a text file.

Two layouts are understood:

* one translation per line, line *i* translating source sentence *i* (blank lines between paragraphs
  may be kept or left out). Given the ``sources`` the file was made for, it becomes a lookup by Chinese
  text like the TSV layout, so any subset of the sentences, in any order, gets its own translations;
  without them, line *i* answers input *i* of each call;
* TSV ``zh<TAB>en`` (every non-blank line has a tab), looked up by the Chinese text.

A sentence the file has no translation for gets an empty string, and ``notify`` says how many. The file
itself is read by :func:`corpora.readers.mtfile.read_mt_file` (encoding detection, clear errors): this
package reads no input file.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike

from aligner.errors import UserError
from aligner.mt.base import Notify, notify_stderr


class FileTranslator:
    """Looks translations up in a prepared file (one per line, or TSV zh<TAB>en)."""

    is_gloss = False

    def __init__(self, lines: Sequence[str], origin: str | PathLike[str], *,
                 sources: Sequence[str] | None = None, notify: Notify = notify_stderr) -> None:
        """The translations in ``lines``, the lines of the file ``origin`` (named in messages; a Path or
        a UPath); ``notify`` reports gaps."""
        self.path = origin
        self.notify = notify
        filled = [line for line in lines if line.strip()]
        self.is_tsv = bool(filled) and all("\t" in line for line in filled)
        self.lines = [line.strip() for line in lines]
        self.table: dict[str, str] = {}
        if self.is_tsv:
            for line in filled:
                zh, en = line.split("\t", 1)
                self.table.setdefault(zh.strip(), en.strip())
        elif sources is not None:
            self.table = {zh.strip(): en for zh, en in zip(sources, self._per_source(len(sources)),
                                                           strict=True)}
            self.is_tsv = True  # from here on, a lookup by text
        self.name = "file"

    def _per_source(self, count: int) -> list[str]:
        """The file's lines matched to ``count`` source sentences: every line (a blank one is a missing
        translation), or else the non-blank lines (blank lines between paragraphs, as in the article)."""
        if len(self.lines) == count:
            return self.lines
        filled = [line for line in self.lines if line]
        if len(filled) == count:
            return filled
        raise UserError(f"{self.path} has {len(filled)} translations for {count} Chinese sentences: give "
                        "one line per sentence (see --presegmented), or a TSV of zh<TAB>en")

    def translate(self, texts: list[str]) -> list[str]:
        """Translations of ``texts`` from the file; missing entries are empty strings."""
        if self.is_tsv:
            out = [self.table.get(text.strip(), "") for text in texts]
        else:
            out = [self.lines[i] if i < len(self.lines) else "" for i in range(len(texts))]
        missing = sum(1 for text, en in zip(texts, out, strict=True) if text.strip() and not en)
        if missing:
            self.notify(f"{self.path}: no translation for {missing} of {len(texts)} sentences (left empty)")
        if not self.is_tsv and len(self.lines) > len(texts) and any(self.lines[len(texts):]):
            self.notify(f"{self.path}: {len(self.lines)} lines for {len(texts)} sentences; "
                        "one-per-line files must follow the input line by line")
        return out
