"""Machine translations prepared elsewhere: an MT file read into the ``file`` engine."""

from __future__ import annotations

from collections.abc import Sequence

from aligner.mt.base import Notify, notify_stderr
from aligner.mt.file_engine import FileTranslator
from corpora.locations import Location
from corpora.textio import read_text


def read_mt_file(path: Location, *, sources: Sequence[str] | None = None,
                 notify: Notify = notify_stderr) -> FileTranslator:
    """The ``file`` engine over ``path`` (one translation per line, or TSV zh<TAB>en), read with encoding
    detection; ``UserError`` if it is missing or not text. ``sources``, the Chinese sentences a
    one-per-line file was made for, turns it into a lookup by text; ``notify`` reports gaps."""
    return FileTranslator(read_text(path).splitlines(), path, sources=sources, notify=notify)
