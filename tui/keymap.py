"""The user's key map: ``keys.toml`` mapping binding ids to keys, applied with ``App.set_keymap``.

Example ``~/.config/zhen-align/keys.toml``::

    merge-up = "M"          # binding id = comma-separated keys
    pop-down = "ctrl+j,d"

Binding ids are listed on the help screen (``?``) and in :data:`tui.bindings.ALL_KEYS`: the editor's
keys and those of its dialogs (``dialog-save = "ctrl+w,f2"``, ``dialog-yes = "j,enter"``...).

A key the file gives to one action while another action of the same screen has it by default goes to
the file's action (the user's binding wins); the displaced default is reported in one line. Two entries
of the file giving the same key to two actions, or a default action left with no key, refuse the file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from pathlib import Path

from aligner.errors import UserError
from tui.bindings import ALL_KEYS, EDITOR_KEYS, SCREEN_KEYS, Key, key_label


def default_keymap_path() -> Path:
    """``$XDG_CONFIG_HOME/zhen-align/keys.toml`` (default ``~/.config/zhen-align/keys.toml``)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "zhen-align" / "keys.toml"


def key_scopes() -> list[tuple[Key, ...]]:
    """The sets of keys that are active together: the editor's, and each other screen's, each with the
    keys that work anywhere."""
    anywhere = tuple(k for k in SCREEN_KEYS if k.group == "Anywhere")
    groups = dict.fromkeys(k.group for k in SCREEN_KEYS if k not in anywhere)
    return [EDITOR_KEYS + anywhere,
            *(tuple(k for k in SCREEN_KEYS if k.group == group) + anywhere for group in groups)]


def _settle_clashes(path: Path, keymap: dict[str, str], notify: Callable[[str], None]) -> dict[str, str]:
    """``keymap`` with each key it binds taken away from the default action of the same screen that had
    it (that action keeps its other keys), each such change reported through ``notify``."""
    settled = dict(keymap)
    reported: set[tuple[str, str]] = set()
    for scope in key_scopes():
        owner: dict[str, str] = {}
        for key in (k for k in scope if k.id in keymap):
            for typed in keymap[key.id].split(","):
                if owner.setdefault(typed, key.id) != key.id:
                    raise UserError(f"{path}: key {typed!r} is bound to both {owner[typed]} and {key.id}; "
                                    "keep it for one of them")
        for key in (k for k in scope if k.id not in keymap):
            defaults = key.keys.split(",")
            kept = [typed for typed in defaults if typed not in owner]
            if kept == defaults:
                continue
            if not kept:
                raise UserError(f"{path}: key {defaults[0]!r} is bound to {owner[defaults[0]]}, which leaves "
                                f"{key.id} ({key.description}) with no key; give {key.id} a key as well")
            settled[key.id] = ",".join(kept)
            for typed in (t for t in defaults if t in owner and (t, key.id) not in reported):
                reported.add((typed, key.id))
                notify(f"{path}: key {typed!r} now does {owner[typed]} (your binding) instead of {key.id} "
                       f"({key.description}); {key.id} keeps {key_label(','.join(kept))}")
    return settled


def load_keymap(path: Path | None = None, notify: Callable[[str], None] | None = None) -> dict[str, str]:
    """The id → keys mapping from ``path`` (default location if ``None``); empty when the file is absent.

    A key the file binds is taken from the default action that had it on the same screen, and
    ``notify`` (if given) gets one line for each such key; see the module's docstring."""
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
    return _settle_clashes(path, keymap, notify or (lambda line: None))
