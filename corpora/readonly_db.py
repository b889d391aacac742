"""Opening an SQLite file without writing to it or beside it (workspaces opened with ``--read-only``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from aligner.errors import UserError


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that never writes to ``path`` or beside it, so it works on read-only media.

    ``mode=ro`` first (it sees changes another process is making); where that cannot open (a read-only
    folder gives SQLite no room for its shared-memory file), ``immutable=1``, which reads the file as it
    is. ``sqlite3.Error`` when neither can read it.
    """
    path = Path(path)
    uri = f"file:{quote(str(path.resolve()))}"
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
