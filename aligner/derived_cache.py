"""Resources derived from package data (the cleaned CC-CEDICT table, jieba's prefix dictionary), built
once and kept in the per-user cache directory so that later processes load them instead of rebuilding.

A resource is stored under a key made of its name and a fingerprint of the files it is derived from
(size and modification time of each, including the module that builds it), so a new version of a
source package or of our own cleaning code makes a new entry and the old one is removed. Values are
plain data (dicts, tuples, strings, numbers) stored with ``marshal`` behind a SHA-256 of the payload:
loading never runs code from the file, and a damaged file is detected and rebuilt. Any failure to read
or write the cache (corrupt file, read-only or missing home) falls back to building in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: Environment variable naming zhen-align's cache directory (default: the platform's user cache dir).
CACHE_ENV = "ZHEN_ALIGN_CACHE"
#: Bumped when the file layout below changes.
FORMAT = 1
_MAGIC = b"zhen-align derived %d\n" % FORMAT
_DIGEST = hashlib.sha256().digest_size
_SUFFIX = ".marshal"
_MISSING = object()


def cache_home() -> Path:
    """zhen-align's cache directory: ``$ZHEN_ALIGN_CACHE``, else the user cache dir of ``platformdirs``
    (``$XDG_CACHE_HOME/zhen-align``, default ``~/.cache/zhen-align`` on Linux)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser().absolute()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("zhen-align", appauthor=False))


def fingerprint(*files: str | Path) -> str:
    """What identifies the sources of a resource: each file's path, size and modification time."""
    parts = []
    for file in files:
        try:
            info = os.stat(file)
            parts.append(f"{file}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            parts.append(f"{file}:missing")
    return "\n".join(parts)


def entry_path(name: str, sources: str) -> Path:
    """The file holding resource ``name`` built from ``sources`` (a ``fingerprint``)."""
    key = hashlib.sha256(f"{FORMAT}\0{sys.version_info[:2]}\0{marshal.version}\0{name}\0{sources}"
                         .encode()).hexdigest()[:24]
    return cache_home() / "derived" / f"{name}-{key}{_SUFFIX}"


def load_or_build(name: str, sources: str, build: Callable[[], T]) -> T:
    """The resource ``name`` from the cache if a sound entry for ``sources`` is there; otherwise
    ``build()``, stored for next time when the cache directory can be written."""
    path = entry_path(name, sources)
    if not path.is_absolute():  # no home directory: ``~`` could not be expanded
        return build()
    value = _read(path)
    if value is not _MISSING:
        return value
    value = build()
    with contextlib.suppress(OSError, ValueError):  # read-only, full or missing: keep it in memory
        _write(path, marshal.dumps(value))
        for stale in path.parent.glob(f"{name}-*{_SUFFIX}"):
            if stale != path:
                stale.unlink(missing_ok=True)
    return value


def _read(path: Path):
    """The value stored at ``path``, or ``_MISSING`` when it is missing, unreadable or damaged."""
    try:
        data = path.read_bytes()
    except OSError:
        return _MISSING
    body = len(_MAGIC) + _DIGEST
    payload = memoryview(data)[body:]
    if data[:len(_MAGIC)] != _MAGIC or hashlib.sha256(payload).digest() != data[len(_MAGIC):body]:
        return _MISSING
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return _MISSING


def _write(path: Path, payload: bytes) -> None:
    """Replace ``path`` atomically: a temporary file in the same folder, fsync, rename.

    (``aligner`` cannot use ``corpora.fileio``; this is the same mechanism for a file nobody reads
    as output: failures are the caller's to ignore rather than a ``UserError``.)
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
