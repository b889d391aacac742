"""Writing files so that a kill, a full disk or a planted symlink never leaves a half-made file.

Every file the project writes goes through :func:`atomic_write`: the content is written to a temporary
file in the target's own folder, flushed and fsynced, then renamed over the target (``os.replace``,
atomic on POSIX). The rename replaces a symlink at the target instead of writing through it, so a link
planted in an output folder never redirects a write. On any error the temporary file is removed and
the previous file, if there was one, is left whole.

A writer of many small files in a few folders may put the folders' fsyncs off (:class:`SyncBatch`):
each file is still written beside its target, fsynced and renamed over it, so a kill or a full disk
never leaves a half-made file nor loses the previous one, but the fsync that makes the renames in a
folder durable waits for :meth:`SyncBatch.sync`, which the writer calls before it records the files as
finished (``batch`` syncs before rewriting its record of finished documents, so after a power cut every
document it lists is on disk and the others are redone).

A target that is a character device or a pipe (``/dev/null``, a FIFO), and any path under /dev or /proc
(``/dev/stdout``, even when standard output is redirected to a file), is a stream the user named: it is
written in place, never replaced. Elsewhere a symlink to anything but a regular file, and anything
else that is not a regular file, is refused, so a link planted in an output folder can never aim a
write at a device.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Literal, overload

from aligner.errors import UserError


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Read once at import (reading it means setting it, which is not thread-safe later on).
_UMASK = _read_umask()


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class SyncBatch:
    """Folders of files written by :func:`atomic_write` inside :meth:`deferring` (in this thread), whose
    fsyncs wait for :meth:`sync`: one per folder instead of one per file. Each file itself is fsynced
    before its rename, as always."""

    def __init__(self) -> None:
        self.folders: dict[Path, None] = {}

    @contextlib.contextmanager
    def deferring(self) -> Iterator[SyncBatch]:
        """Within the block, atomic writes leave their folders' fsyncs to this batch."""
        token = _deferred.set(self)
        try:
            yield self
        finally:
            _deferred.reset(token)

    def sync(self) -> None:
        """Make the renames of every file written so far durable (an fsync of each folder)."""
        for folder in self.folders:
            fsync_dir(folder)
        self.folders.clear()


_deferred: contextvars.ContextVar[SyncBatch | None] = contextvars.ContextVar("zhen_align_sync_batch",
                                                                              default=None)


def write_error(path: Path, exc: OSError) -> UserError:
    """The one-line error for a failed write of ``path``, naming the cause and what to do."""
    if exc.errno == errno.ENOSPC:
        why = "the disk is full; free some space and run the command again"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "cannot write there (permission or read-only medium); choose another place"
    else:
        why = f"{exc.strerror or exc}; choose another place"
    return UserError(f"{path}: could not be written: {why}")


def os_error(exc: OSError) -> UserError:
    """The one-line error for a failed file operation the command did not expect (making a folder, reading
    a file): the file (when the error names one), the cause and what to do."""
    if exc.errno == errno.ENOSPC:
        why = "the disk is full; free some space and run the command again"
    elif exc.errno == errno.EROFS:
        why = "the medium is read-only; choose another place"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        why = "permission denied; check its permissions or choose another place"
    else:
        why = f"{exc.strerror or exc}; check the path"
    return UserError(why if exc.filename is None else f"{exc.filename}: {why}")


def same_file(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` both exist and are one file (same device and inode: through a symlink or
    a hard link too)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def refuse_inputs(output: Path, inputs: Iterable[Path | None], what: str = "an input of this command",
                  fix: str = "give another output") -> None:
    """UserError when ``output`` is one of ``inputs`` (None entries are skipped): writing it would destroy
    ``what`` the command reads."""
    for path in inputs:
        if path is not None and same_file(output, path):
            same = "" if str(output) == str(path) else f" ({path})"
            raise UserError(f"{output}: is {what}{same}; writing the output there would destroy it; {fix}")


_kept: contextvars.ContextVar[tuple[tuple[Path, str, str], ...]] = contextvars.ContextVar(
    "zhen_align_kept_files", default=())


@contextlib.contextmanager
def keeping(inputs: Iterable[Path | None], what: str = "an input of this command",
            fix: str = "give another output") -> Iterator[None]:
    """Within the block (in this thread), :func:`atomic_write` refuses, with the one line of
    :func:`refuse_inputs`, a target that is one of ``inputs``."""
    kept = tuple((path, what, fix) for path in inputs if path is not None)
    token = _kept.set(_kept.get() + kept)
    try:
        yield
    finally:
        _kept.reset(token)


def _names_a_stream(path: Path) -> bool:
    """True for a path under /dev or /proc (``/dev/stdout``, ``/dev/null``, ``/proc/self/fd/1``): a stream
    the user named, written through in place and never replaced."""
    return Path(os.path.abspath(path)).parts[1:2] in (("dev",), ("proc",))


def _stream_target(path: Path) -> bool:
    """True when ``path`` is to be written in place (a character device, a pipe, or a stream the user
    named under /dev or /proc); UserError for a target that must not be written at all (a folder, a
    block device, a socket, a link elsewhere to anything but a regular file)."""
    try:
        own = path.lstat()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise write_error(path, exc) from None
    if _names_a_stream(path):
        try:
            target = path.stat().st_mode
        except OSError as exc:
            raise write_error(path, exc) from None
        if stat.S_ISCHR(target) or stat.S_ISFIFO(target) or stat.S_ISREG(target):
            return True
        raise UserError(f"{path}: is not a file, a pipe or a terminal; give a file name")
    if stat.S_ISLNK(own.st_mode):
        try:
            target = path.stat().st_mode
        except OSError:
            return False   # a dangling link: replaced like any other
        if not stat.S_ISREG(target):
            raise UserError(f"{path}: is a link to a folder or device, not to a file; give a file name "
                            "(- writes to standard output)")
        return False
    if stat.S_ISDIR(own.st_mode):
        raise UserError(f"{path}: is a folder; give a file name")
    if stat.S_ISCHR(own.st_mode) or stat.S_ISFIFO(own.st_mode):
        return True
    if not stat.S_ISREG(own.st_mode):
        raise UserError(f"{path}: is not a regular file; give a file name")
    return False


@contextlib.contextmanager
def _write_stream(path: Path, mode: str, encoding: str, newline: str | None) -> Iterator[IO]:
    """Write a device or pipe in place (it has no previous content to keep)."""
    try:
        with open(path, mode, encoding=None if mode == "wb" else encoding,
                  newline=None if mode == "wb" else newline) as handle:
            yield handle
    except OSError as exc:
        raise write_error(path, exc) from None


@overload
def atomic_write(path: Path, mode: Literal["w"] = "w", *, encoding: str = "utf-8",
                 newline: str | None = "\n") -> contextlib.AbstractContextManager[IO[str]]: ...
@overload
def atomic_write(path: Path, mode: Literal["wb"], *, encoding: str = "utf-8",
                 newline: str | None = "\n") -> contextlib.AbstractContextManager[IO[bytes]]: ...


@contextlib.contextmanager
def atomic_write(path: Path, mode: str = "w", *, encoding: str = "utf-8",
                 newline: str | None = "\n") -> Iterator[IO]:
    """Open a temporary file beside ``path`` for writing; on a clean exit it replaces ``path``.

    ``mode`` is ``"w"`` (text, ``encoding`` and ``newline`` apply) or ``"wb"``. An ``OSError`` while
    writing or renaming becomes a :class:`UserError` naming ``path``; any exception removes the
    temporary file and leaves the previous ``path`` untouched. A folder at ``path`` is refused; so are
    other targets that are not regular files (see the module's notes on devices and pipes). Inside
    :meth:`SyncBatch.deferring` the folder's fsync is left to the batch (the file's is not).
    """
    path = Path(path)
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_write mode must be 'w' or 'wb', not {mode!r}")
    for kept, what, fix in _kept.get():
        refuse_inputs(path, [kept], what, fix)
    if _stream_target(path):
        with _write_stream(path, mode, encoding, newline) as handle:
            yield handle
        return
    folder = path.parent
    batch = _deferred.get()
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=folder)
    except OSError as exc:
        raise write_error(path, exc) from None
    tmp = Path(tmp_name)
    try:
        if mode == "w":
            handle: IO = os.fdopen(fd, "w", encoding=encoding, newline=newline)
        else:
            handle = os.fdopen(fd, "wb")
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise write_error(path, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if batch is None:
        fsync_dir(folder)
    else:
        batch.folders[folder] = None


def write_text(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` atomically (see :func:`atomic_write`)."""
    with atomic_write(path, "w", encoding=encoding) as f:
        f.write(text)


def write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (see :func:`atomic_write`)."""
    with atomic_write(path, "wb") as f:
        f.write(data)


TEMPORARY_SUFFIX = ".tmp"
#: The name of the temporary file :func:`atomic_write` writes ``NAME`` through: ``.NAME.``, the eight
#: characters ``tempfile.mkstemp`` draws (lower-case letters, digits, ``_``), ``.tmp``.
_TEMPORARY_NAME = re.compile(r"\.(?P<target>.+)\.[a-z0-9_]{8}" + re.escape(TEMPORARY_SUFFIX))


def remove_stale_temporaries(folder: Path, is_target: Callable[[str], bool]) -> int:
    """Delete the temporary files :func:`atomic_write` left in ``folder`` when a run was killed before it
    renamed them (only regular files named by its pattern whose target name ``is_target`` accepts);
    return how many were removed."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        match = _TEMPORARY_NAME.fullmatch(entry.name)
        if match is None or not is_target(match.group("target")) or not entry.is_file(follow_symlinks=False):
            continue
        with contextlib.suppress(FileNotFoundError):
            os.unlink(entry.path)
            removed += 1
    return removed
