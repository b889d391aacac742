"""Opening an SQLite file without writing to it or beside it (workspaces opened with ``--read-only``)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from aligner.errors import UserError


def _uri_path(path: Path) -> str:
    """``path`` made whole and percent-encoded for an SQLite URI, from its bytes, so that a name that is
    not valid UTF-8 (``os.fsdecode``'s surrogates) names the same file."""
    return quote(os.fsencode(path.resolve()))


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that never writes to ``path`` or beside it, so it works on read-only media.

    ``mode=ro`` first (it sees changes another process is making); where that cannot open (a read-only
    folder gives SQLite no room for its shared-memory file), ``immutable=1``, which reads the file as it
    is. ``sqlite3.Error`` when neither can read it.
    """
    path = Path(path)
    uri = f"file:{_uri_path(path)}"
    db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError:
        db.close()
    wal = path.with_name(path.name + "-wal")
    if wal.is_file() and wal.stat().st_size:  # immutable would not see what it holds
        raise UserError(f"{path}: its latest changes are in {wal.name}, which cannot be read from here (a "
                        "read-only folder or medium); copy both files to a folder you can write")
    db = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None,
                         check_same_thread=False)
    db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return db


def remove_side_files(path: Path) -> None:
    """Delete the empty ``-wal`` and ``-shm`` files a ``mode=ro`` connection leaves beside ``path`` when
    its folder is writable (a read-only connection cannot remove them on closing).

    SQLite does it: a read-write connection that closes last finds an empty log, has nothing to copy
    into the file, and deletes both; while another process (the editor) has the file open, SQLite's
    own locks keep them. A log holding changes is left for the next writer, so nothing is written into
    the workspace; where a read-write connection cannot open (read-only media), nothing happens.
    """
    path = Path(path)
    try:
        if path.with_name(path.name + "-wal").stat().st_size:
            return
    except OSError:  # no log: nothing to remove
        return
    with contextlib.suppress(sqlite3.Error):
        db = sqlite3.connect(f"file:{_uri_path(path)}?mode=rw", uri=True, isolation_level=None)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            db.close()
