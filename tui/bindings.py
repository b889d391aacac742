"""Every key of the app in one table, with stable ids for remapping.

Each action has a plain key that works in any terminal; Ctrl/Alt chords are extras (in a terminal
Ctrl+M is Enter, Ctrl+J a newline, and Ctrl+Enter or Ctrl+arrows need the Kitty keyboard protocol).
The ids are what a user's ``keys.toml`` names (see :mod:`tui.keymap`): the editor's keys
(:data:`EDITOR_KEYS`) and those of the dialogs and other screens (:data:`SCREEN_KEYS`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding
from textual.keys import REPLACED_KEYS, key_to_character


@dataclass(frozen=True)
class Key:
    """One action: its binding id, default keys, action name, label and help group."""

    id: str
    keys: str
    action: str
    description: str
    group: str
    footer: str = ""  # short label: the binding is shown in the footer when set
    #: A footer too narrow for every key leaves out those of the highest ``footer_drop`` first (0: never).
    footer_drop: int = 0
    priority: bool = False  # checked before the focused widget (e.g. a text editor) sees the key


EDITOR_KEYS: tuple[Key, ...] = (
    # rows
    Key("merge-up", "m", "merge_up", "Merge with row above", "Rows", "merge", footer_drop=3),
    Key("split-row", "x", "split_row", "Split row into sentence pairs", "Rows"),
    Key("shift-up", "u,ctrl+up", "shift_up", "Move side's first sentence up", "Rows"),
    Key("pop-down", "d,ctrl+down", "pop_down", "Move side's last sentence down", "Rows", "pop down",
        footer_drop=7),
    Key("insert-cell", "i,enter", "insert_cell", "Insert empty cell (push side down)", "Rows"),
    Key("column-up", "U,alt+up", "column_up", "Move side's column up", "Rows"),
    Key("column-down", "D,alt+down", "column_down", "Move side's column down", "Rows"),
    Key("delete-row", "delete", "delete_row", "Delete this row, both sides (boilerplate: breadcrumbs, share "
        "buttons...)", "Rows"),
    # sentences
    Key("split-sentence", "s", "split_sentence", "Split a sentence at the cursor", "Sentences"),
    Key("join-sentences", "J", "join_sentences", "Join two sentences", "Sentences"),
    Key("edit-sentence", "e,f2", "edit_sentence", "Edit sentence text", "Sentences"),
    Key("accept-mt", "a", "accept_mt", "Accept the MT suggestion (English; Chinese on an English-only row)",
        "Sentences", "accept MT", footer_drop=5),
    # status
    Key("confirm", "c,space", "confirm", "Confirm / unconfirm row", "Status", "confirm", footer_drop=1),
    Key("confirm-above", "C", "confirm_above", "Confirm this row and all above", "Status"),
    Key("bookmark", "b", "bookmark", "Toggle bookmark", "Status"),
    Key("ignore-finding", "I", "ignore_finding", "Ignore this check finding (again: report it again)",
        "Status"),
    # navigation
    Key("down", "j,down", "cursor(1)", "Next row", "Navigation"),
    Key("up", "k,up", "cursor(-1)", "Previous row", "Navigation"),
    Key("page-down", "pagedown,ctrl+d", "page(1)", "Page down", "Navigation"),
    Key("page-up", "pageup,ctrl+u", "page(-1)", "Page up", "Navigation"),
    Key("first", "g,home", "goto_edge(0)", "First row", "Navigation"),
    Key("last", "G,end", "goto_edge(1)", "Last row", "Navigation"),
    Key("goto-row", "colon,ctrl+g", "goto_row", "Go to row number (as check and exports number rows)",
        "Navigation"),
    Key("toggle-side", "tab,left,right", "toggle_side", "Switch side (中文 / English)", "Navigation", "side",
        footer_drop=4),
    Key("next-unconfirmed", "n", "jump('unconfirmed',1)", "Next unconfirmed row", "Navigation",
        "unconfirmed", footer_drop=9),
    Key("prev-unconfirmed", "N", "jump('unconfirmed',-1)", "Previous unconfirmed row", "Navigation"),
    Key("next-low", "l", "jump('low',1)", "Next low-confidence row", "Navigation"),
    Key("prev-low", "L", "jump('low',-1)", "Previous low-confidence row", "Navigation"),
    Key("next-uneven", "o", "jump('uneven',1)", "Next non-1-1 row", "Navigation"),
    Key("prev-uneven", "O", "jump('uneven',-1)", "Previous non-1-1 row", "Navigation"),
    Key("next-bookmark", "]", "jump('bookmark',1)", "Next bookmark", "Navigation"),
    Key("prev-bookmark", "[", "jump('bookmark',-1)", "Previous bookmark", "Navigation"),
    Key("next-finding", "f", "jump_finding(1)", "Next check finding", "Navigation", "finding", footer_drop=8),
    Key("prev-finding", "F", "jump_finding(-1)", "Previous check finding", "Navigation"),
    Key("only-findings", "v", "only_findings", "Show only rows with check findings (or all rows)",
        "Navigation"),
    Key("detail-down", "},shift+down", "detail(1)", "Scroll the detail pane down (a row taller than it)",
        "Navigation"),
    Key("detail-up", "{,shift+up", "detail(-1)", "Scroll the detail pane up", "Navigation"),
    Key("find", "slash,ctrl+f", "find", "Find text on either side", "Navigation", "find", footer_drop=2),
    Key("find-next", "asterisk,f3", "find_next(1)", "Next match", "Navigation"),
    Key("find-prev", "number_sign,shift+f3", "find_next(-1)", "Previous match", "Navigation"),
    # document
    Key("undo", "z,ctrl+z", "undo", "Undo", "Document", "undo", footer_drop=1),
    Key("redo", "Z,y,ctrl+y", "redo", "Redo", "Document"),
    Key("realign", "R", "realign", "Re-align from this row down", "Document"),
    Key("export", "X,ctrl+e", "export", "Export…", "Document", "export", footer_drop=6),
    Key("documents", "A", "documents", "Articles in this workspace", "Document"),
    Key("toggle-mt", "t", "toggle_mt", "Show / hide MT suggestions", "Document"),
    Key("help", "question_mark,f1", "help", "All keys", "Document", "keys"),
    Key("quit", "q", "app.quit", "Quit", "Document", "quit"),
)


#: The keys of the dialogs and of the screens other than the editor; ``group`` names the screen.
SCREEN_KEYS: tuple[Key, ...] = (
    Key("dialog-choose", "enter", "choose", "Split / join at the cursor", "Sentence editor"),
    Key("dialog-save", "ctrl+s,f2", "save", "Save the edited sentences (or split / join)",
        "Sentence editor", priority=True),
    Key("dialog-cancel", "escape", "cancel", "Cancel (asks first when the text was changed)",
        "Sentence editor"),
    Key("dialog-text-start", "ctrl+home,f8", "text_start", "Start of the text (Home: of the screen line)",
        "Sentence editor"),
    Key("dialog-text-end", "ctrl+end,f9", "text_end", "End of the text (End: of the screen line)",
        "Sentence editor"),
    Key("dialog-yes", "y,enter", "answer(True)", "Yes", "Yes/no question"),
    Key("dialog-no", "n,escape", "answer(False)", "No", "Yes/no question"),
    Key("find-next-match", "enter", "submit", "Go to the next match (and back to the rows)", "Find bar",
        "next match"),
    Key("find-close", "escape", "screen.close_find", "Close the find bar", "Find bar", "close"),
    Key("row-number-cancel", "escape", "dismiss(None)", "Cancel", "Go to row"),
    Key("export-run", "ctrl+s,f2", "export", "Export with these settings", "Export dialog", priority=True),
    Key("export-cancel", "escape", "dismiss(None)", "Cancel", "Export dialog"),
    Key("help-close", "escape,q,question_mark,f1", "dismiss(None)", "Close", "Keys (this screen)"),
    Key("documents-down", "j", "move(1)", "Next article (as ↓)", "Article list"),
    Key("documents-up", "k", "move(-1)", "Previous article (as ↑)", "Article list"),
    Key("documents-close", "escape", "close", "Back to the article being edited", "Article list", "back"),
    Key("documents-quit", "q", "app.quit", "Quit", "Article list", "quit"),
    Key("documents-help", "question_mark,f1", "app.keys_help", "All keys", "Article list", "keys"),
    Key("loading-quit", "q", "app.quit", "Quit", "While aligning", "quit"),
    Key("app-quit", "ctrl+q", "quit", "Quit", "Anywhere", priority=True),
)

#: Every remappable key.
ALL_KEYS: tuple[Key, ...] = EDITOR_KEYS + SCREEN_KEYS

_NAMES = {"question_mark": "?", "slash": "/", "asterisk": "*", "number_sign": "#", "space": "Space",
          "escape": "Esc", "enter": "Enter", "tab": "Tab", "pageup": "PgUp", "pagedown": "PgDn",
          "home": "Home", "end": "End", "delete": "Del", "up": "↑", "down": "↓", "left": "←", "right": "→"}


def _one_key(key: str) -> str:
    """One Textual key name as printed on a keyboard: ``ctrl+up`` → ``Ctrl+↑``, ``f2`` → ``F2``."""
    *modifiers, name = key.split("+")
    if name in _NAMES:
        name = _NAMES[name]
    elif (len(name) > 1 and name[0] == "f" and name[1:].isdigit()) or (modifiers and len(name) == 1):
        name = name.upper()  # F2; Ctrl+S (with a modifier the letter's case does not matter)
    return "+".join([*(m.capitalize() for m in modifiers), name])


def key_label(keys: str) -> str:
    """Keys as a person types them: ``u / Ctrl+↑``."""
    return " / ".join(_one_key(key) for key in keys.split(","))


def current_keys(key_id: str, keymap: dict[str, str]) -> str:
    """The keys bound to ``key_id`` now (the user's remapping if any), as a person types them."""
    return key_label(_bound(key_id, keymap))


def first_key(key_id: str, keymap: dict[str, str]) -> str:
    """The first of the keys bound to ``key_id`` now, as a person types it (``z`` for undo by default)."""
    return _one_key(_bound(key_id, keymap).split(",")[0])


def _bound(key_id: str, keymap: dict[str, str]) -> str:
    """The Textual key names bound to ``key_id`` now, comma-separated: the user's, else the default."""
    if key_id in keymap:
        return keymap[key_id]
    return next(k.keys for k in ALL_KEYS if k.id == key_id)


def to_bindings(keys: Iterable[Key]) -> list[Binding]:
    """Textual bindings for ``keys``, one per key with that key's label (each with its id, so
    ``App.set_keymap`` can remap it)."""
    return [Binding(key, k.action, k.footer or k.description, show=bool(k.footer), id=k.id,
                    tooltip=k.description, priority=k.priority, key_display=_one_key(key))
            for k in keys for key in k.keys.split(",")]


def typed(key: str) -> bool:
    """Whether ``key`` types a character (so a text box that has the focus takes it, not a binding)."""
    char = key_to_character(REPLACED_KEYS.get(key, key))
    return char is not None and char.isprintable()


def editor_bindings() -> list[Binding]:
    """The editor screen's ``BINDINGS``."""
    return to_bindings(EDITOR_KEYS)


def screen_bindings(group: str) -> list[Binding]:
    """The ``BINDINGS`` of one dialog or screen: the :data:`SCREEN_KEYS` of its ``group``."""
    return to_bindings(k for k in SCREEN_KEYS if k.group == group)
