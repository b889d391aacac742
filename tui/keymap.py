"""The user's key map: ``keys.toml`` mapping binding ids to keys, applied with ``App.set_keymap``.

Example ``~/.config/zhen-align/keys.toml``::

    merge-up = "M"          # binding id = comma-separated keys
    pop-down = "ctrl+j,d"

Binding ids are listed on the help screen (``?``) and in :data:`tui.bindings.ALL_KEYS`: the editor's
keys and those of its dialogs (``dialog-save = "ctrl+w,f2"``, ``dialog-yes = "j,enter"``...).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from aligner.errors import UserError
from tui.bindings import ALL_KEYS


def default_keymap_path() -> Path:
    """``$XDG_CONFIG_HOME/zhen-align/keys.toml`` (default ``~/.config/zhen-align/keys.toml``)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "zhen-align" / "keys.toml"


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """The id → keys mapping from ``path`` (default location if ``None``); empty when the file is absent."""
    path = path or default_keymap_path()
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: not valid TOML ({exc}); fix it or delete it") from None
    known = {k.id for k in ALL_KEYS}
    keymap: dict[str, str] = {}
    for key_id, keys in data.items():
        if key_id not in known:
            raise UserError(f"{path}: unknown binding id {key_id!r}; the help screen (?) lists the ids")
        if isinstance(keys, list):
            keys = ",".join(str(k) for k in keys)
        if not isinstance(keys, str) or not keys.strip():
            raise UserError(f"{path}: {key_id} needs keys as a string such as \"m\" or \"ctrl+m,m\"")
        keymap[key_id] = keys.replace(" ", "")
    return keymap
