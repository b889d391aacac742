"""Where input files live: a local path, or an fsspec URL (``s3://``, ``gcs://``, ``file://``, ``memory://``).

A URL becomes a ``upath.UPath`` (universal-pathlib, in the ``scale`` extra): it offers the parts of the
``pathlib.Path`` interface the readers use (``name``, ``stem``, ``suffix``, ``parent``, ``/``,
``is_file``, ``is_dir``, ``iterdir``, ``stat``, ``read_bytes``), so every reader takes either. Both
pickle, so a Dask worker given a location reads the file itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from aligner.errors import UserError

if TYPE_CHECKING:
    from upath import UPath

    Location: TypeAlias = Path | UPath
else:
    Location: TypeAlias = Any

_URL = re.compile(r"^(?P<protocol>[A-Za-z][A-Za-z0-9+.-]*)://")
SCALE_EXTRA = "pip install 'zhen-align[scale]'"


def is_url(text: str | Location) -> bool:
    """True for ``PROTOCOL://...`` (a Windows drive letter such as ``C:\\`` is not a URL)."""
    return isinstance(text, str) and _URL.match(text) is not None


def as_location(value: str | Location) -> Location:
    """``value`` as a location: a URL string becomes a UPath, any other string a Path; locations pass."""
    if not isinstance(value, str):
        return value
    if not is_url(value):
        return Path(value)
    try:
        from upath import UPath
    except ImportError:
        raise UserError(f"{value}: reading URLs needs the scale extra; {SCALE_EXTRA}") from None
    try:
        return UPath(value)
    except (ValueError, ImportError) as exc:  # unknown protocol, or its fsspec backend is not installed
        raise UserError(f"{value}: cannot be opened ({' '.join(str(exc).split())}); install the fsspec "
                        "backend for this protocol (s3fs, gcsfs, ...) or check the URL") from None


def source_of(location: Location) -> str:
    """What a document records as the file it came from: a local file's whole path (resolved, so that it
    names the file from any working directory: ``export --full-paths`` and ``edit`` read it later), a
    URL as it is."""
    return str(location.resolve()) if isinstance(location, Path) else str(location)
