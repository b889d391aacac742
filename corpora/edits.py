"""Edit operations on the rows of a document, as invertible changes (pure: no I/O).

Every operation validates its arguments against the current rows, raises :class:`EditError` with a short
message for the person at the keyboard when it cannot apply, and otherwise returns a :class:`Change`
without touching the rows. :func:`apply_change` applies a change in place; ``change.inverse()`` undoes it.

The vocabulary follows InterText (see ``docs`` in the shared research notes):

- row level: :func:`merge_up`, :func:`split_row`, :func:`delete_row`, :func:`shift_up` (InterText "shift
  first up"),
  :func:`pop_down` ("pop last down"), :func:`insert_cell` / :func:`move_column_down` ("move text down"),
  :func:`move_column_up` ("move text up");
- sentence level: :func:`split_sentence`, :func:`join_sentences`, :func:`edit_sentence`;
- status: :func:`confirm`, :func:`unconfirm`, :func:`confirm_above`, :func:`toggle_bookmark`.

Rows whose sentences change become ``edited`` and lose their machine score (``confidence`` and ``parts``
described the old grouping); rows left with no sentence on either side are removed in the same change.
Confirming keeps a row's score, so unconfirming a machine row nobody changed makes it ``auto`` again.

Machine-translated text is tracked per sentence (``Row.en_mt``, and ``Row.zh_mt`` for Chinese filled from an
en→zh suggestion: the indices of a side's MT sentences), and the mark follows its sentence: when an edit
regroups a column (merge, split, shift, pop, column moves, insert; :func:`follow_mt`, which re-alignment
uses too) each sentence keeps its own origin wherever it lands. So a row merged from a flagged and a human
row holds one MT and one human sentence, and splitting it again gives back one flagged and one human row.
A row counts as MT on a side (``Row.en_from_mt``, what exports filter and mark) when any sentence of that
side is. Editing, splitting or joining a sentence by hand keeps its origin (post-edited MT is still
MT-derived; a join of an MT and a human sentence is MT); a sentence added by hand is human; accepting an
MT suggestion marks exactly the sentences it puts in.

Ignored translation-check findings (``Row.ignored``) stay with a row whose text is edited in place and are
pooled when rows merge; :func:`ignore_finding` and :func:`unignore_finding` are edits like any other, so
ignoring a finding is logged and undone with the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import zip_longest
from typing import Literal

from corpora.document import SIDES, Row, Side, Status, mt_indices

#: How two sentences of one side are joined: Chinese needs no space, English one.
JOINERS: dict[str, str] = {"zh": "", "en": " "}


class EditError(ValueError):
    """An operation that does not apply here; the message is short and meant for the editor's status line."""


class RowsMismatch(ValueError):
    """A change met rows other than the ones it was made for (in the workspace: another process wrote
    them)."""


@dataclass(frozen=True)
class Change:
    """Replace ``rows[start:start + len(old)]`` by ``new``, then put the cursor on row ``cursor``."""

    start: int
    old: tuple[Row, ...]
    new: tuple[Row, ...]
    cursor: int
    label: str

    def inverse(self) -> Change:
        """The change that undoes this one; its cursor is the first row it restores."""
        cursor = self.start if self.old else max(self.start - 1, 0)
        return Change(self.start, self.new, self.old, cursor, self.label)


def check_fits(rows: Sequence[Row], change: Change) -> None:
    """``RowsMismatch`` unless ``rows`` hold the rows ``change`` was made for."""
    end = change.start + len(change.old)
    if change.start < 0 or end > len(rows) or tuple(rows[change.start:end]) != change.old:
        raise RowsMismatch(f"change {change.label!r} does not match the rows at {change.start}")


def apply_change(rows: list[Row], change: Change) -> None:
    """Apply ``change`` to ``rows`` in place; ``RowsMismatch`` if the rows are not those it was made for."""
    check_fits(rows, change)
    rows[change.start:change.start + len(change.old)] = [r.copy() for r in change.new]


# ---------------------------------------------------------------------------------------------- helpers

def _check_row(rows: Sequence[Row], i: int) -> Row:
    if not 0 <= i < len(rows):
        raise EditError(f"no row {i + 1}")
    return rows[i]


def _check_side(side: str) -> None:
    if side not in ("zh", "en"):
        raise ValueError(f"side must be 'zh' or 'en', not {side!r}")


def _reshaped(base: Row, zh: list[str], en: list[str]) -> Row:
    """``base`` with new sentences: unchanged rows are kept as they are, changed ones become ``edited``.
    The MT marks are ``base``'s: callers whose sentences are not only regrouped set them (see
    :func:`follow_mt`)."""
    if zh == base.zh and en == base.en:
        return base.copy()
    return Row(list(zh), list(en), "edited", None, {}, base.bookmark, base.headline, base.en_mt,
               base.zh_mt, base.ignored)


def _with_side(base: Row, side: Side, sentences: list[str], origins: Sequence[bool] | None = None) -> Row:
    """``base`` with ``sentences`` as its side ``side``; ``origins`` (one flag per sentence, True for MT)
    when the sentences are not only regrouped (else :func:`follow_mt` gives them their marks)."""
    zh, en = (sentences, base.en) if side == "zh" else (base.zh, sentences)
    row = _reshaped(base, list(zh), list(en))
    return row if origins is None else replace(row, **{MT_MARKS[side]: mt_indices(origins)})


#: The Row field holding the indices of a side's machine-translated sentences.
MT_MARKS: dict[Side, str] = {"zh": "zh_mt", "en": "en_mt"}


def follow_mt(old: Sequence[Row], new: list[Row]) -> list[Row]:
    """``new`` with ``zh_mt`` / ``en_mt`` following each side's sentences out of ``old`` (see the module
    notes).

    When a side's column is only regrouped (the same sentences in the same order), each sentence of
    ``new`` takes the origin of the same sentence in ``old``; otherwise (sentences edited inside one row)
    the rows keep the marks the edit gave them, less any past the end of the side. Public for other
    regroupings of rows (re-alignment).
    """
    for side in SIDES:
        if [s for row in new for s in row.side(side)] == [s for row in old for s in row.side(side)]:
            origins = [machine for row in old for machine in row.origins(side)]
            wanted, taken = [], 0
            for row in new:
                wanted.append(mt_indices(origins[taken:taken + len(row.side(side))]))
                taken += len(row.side(side))
        else:
            wanted = [mt_indices(row.origins(side)) for row in new]
        new = [row if row.mt(side) == want else replace(row, **{MT_MARKS[side]: want})
               for row, want in zip(new, wanted, strict=True)]
    return new


def _change(rows: Sequence[Row], start: int, end: int, new: list[Row], cursor: int, label: str) -> Change:
    """Build the change replacing ``rows[start:end]`` by ``new``.

    ``zh_mt`` and ``en_mt`` are set on ``new`` by :func:`follow_mt`; then empty rows in ``new``
    are dropped, rows identical at both ends are trimmed off, and ``cursor`` (an index into ``new``) is
    moved to the nearest surviving row.
    """
    new = follow_mt(rows[start:end], new)
    kept = [r for r in new if not r.is_empty]
    before = sum(1 for r in new[:cursor] if not r.is_empty)
    length_after = len(rows) - (end - start) + len(kept)
    cursor_abs = min(start + before, length_after - 1) if length_after else 0
    old = list(rows[start:end])
    while old and kept and old[0] == kept[0]:
        old.pop(0)
        kept.pop(0)
        start += 1
    while old and kept and old[-1] == kept[-1]:
        old.pop()
        kept.pop()
    if not old and not kept:
        raise EditError("nothing changes")
    return Change(start, tuple(old), tuple(kept), max(cursor_abs, 0), label)


# ------------------------------------------------------------------------------------- row operations

def merge_up(rows: Sequence[Row], i: int) -> Change:
    """Merge row ``i`` into the row above it (InterText "merge segments")."""
    cur = _check_row(rows, i)
    if i == 0:
        raise EditError("nothing above to merge with")
    prev = rows[i - 1]
    merged = Row(prev.zh + cur.zh, prev.en + cur.en, "edited", None, {},
                 prev.bookmark or cur.bookmark, prev.headline or cur.headline,
                 ignored=tuple(dict.fromkeys(prev.ignored + cur.ignored)))
    return _change(rows, i - 1, i + 1, [merged], 0, "merge")


def split_row(rows: Sequence[Row], i: int) -> Change:
    """Split a row of several sentences into rows pairing its sentences in order.

    The k-th Chinese sentence goes with the k-th English one; the sentences of the longer side left over
    after the pairs become one-sided rows (1-0 or 0-1) of one sentence each, in order. A 3-1 row becomes
    ``[z1|e1] [z2|] [z3|]``; a 2-3 row ``[z1|e1] [z2|e2] [|e3]``. Bookmark and headline stay on the first.
    """
    row = _check_row(rows, i)
    if len(row.zh) <= 1 and len(row.en) <= 1:
        raise EditError("row holds at most one sentence per side; nothing to split")
    new = [Row([z] if z is not None else [], [e] if e is not None else [], "edited")
           for z, e in zip_longest(row.zh, row.en)]
    new[0].bookmark, new[0].headline = row.bookmark, row.headline
    return _change(rows, i, i + 1, new, 0, "split row")


def shift_up(rows: Sequence[Row], i: int, side: Side) -> Change:
    """Move the first sentence of ``side`` in row ``i`` to the end of row ``i - 1`` (InterText "shift up")."""
    _check_side(side)
    cur = _check_row(rows, i)
    if i == 0:
        raise EditError("nothing above to shift into")
    cell = cur.side(side)
    if not cell:
        raise EditError(f"no {side} sentence in this row")
    prev = rows[i - 1]
    new = [_with_side(prev, side, prev.side(side) + cell[:1]), _with_side(cur, side, cell[1:])]
    return _change(rows, i - 1, i + 1, new, 1, f"shift up ({side})")


def pop_down(rows: Sequence[Row], i: int, side: Side) -> Change:
    """Move the last sentence of ``side`` in row ``i`` to the start of row ``i + 1``.

    On the last row the sentence goes to a new one-sided row at the end (InterText "pop down").
    """
    _check_side(side)
    cur = _check_row(rows, i)
    cell = cur.side(side)
    if not cell:
        raise EditError(f"no {side} sentence in this row")
    nxt = rows[i + 1] if i + 1 < len(rows) else Row([], [], "edited")
    new = [_with_side(cur, side, cell[:-1]), _with_side(nxt, side, cell[-1:] + nxt.side(side))]
    return _change(rows, i, min(i + 2, len(rows)), new, 0, f"pop down ({side})")


def _column(rows: Sequence[Row], side: Side, start: int) -> list[list[str]]:
    return [list(r.side(side)) for r in rows[start:]]


def insert_cell(rows: Sequence[Row], i: int, side: Side) -> Change:
    """Insert an empty ``side`` cell at row ``i``: that column moves down one row from ``i`` to the end.

    Row ``i`` keeps only its other side (a 1-0 or 0-1 row); the last cell of the column goes to a new
    row at the end. This is InterText's "move text down".
    """
    return _shift_column_down(rows, i, side, f"insert cell ({side})")


def move_column_down(rows: Sequence[Row], i: int, side: Side) -> Change:
    """InterText "move text down": the same edit as :func:`insert_cell`, named for the key map."""
    return _shift_column_down(rows, i, side, f"move down ({side})")


def _shift_column_down(rows: Sequence[Row], i: int, side: Side, label: str) -> Change:
    _check_side(side)
    _check_row(rows, i)
    column = _column(rows, side, i)
    if not any(column):
        raise EditError(f"no {side} text here or below to move down")
    shifted = [[], *column]
    bases = [*rows[i:], Row([], [], "edited")]
    new = [_with_side(base, side, cell) for base, cell in zip(bases, shifted, strict=True)]
    return _change(rows, i, len(rows), new, 0, label)


def move_column_up(rows: Sequence[Row], i: int, side: Side) -> Change:
    """InterText "move text up": the ``side`` cell of row ``i`` joins the end of row ``i - 1``'s cell and
    the rest of that column moves up one row, leaving the last row's cell empty.

    On an empty cell this closes the gap: the column below moves up into it.
    """
    _check_side(side)
    _check_row(rows, i)
    if i == 0:
        raise EditError("nothing above to move into")
    column = _column(rows, side, i)
    if not any(column):
        raise EditError(f"no {side} text here or below to move up")
    prev = rows[i - 1]
    new = [_with_side(prev, side, prev.side(side) + column[0])]
    shifted = [*column[1:], []]
    new += [_with_side(base, side, cell) for base, cell in zip(rows[i:], shifted, strict=True)]
    return _change(rows, i - 1, len(rows), new, 1, f"move up ({side})")


def delete_row(rows: Sequence[Row], i: int) -> Change:
    """Delete row ``i`` with its sentences on both sides: boilerplate of a web page (a breadcrumb, share
    buttons, "Related stories", a copyright line) that belongs in no corpus."""
    _check_row(rows, i)
    return _change(rows, i, i + 1, [], 0, "delete row")


# -------------------------------------------------------------------------------- sentence operations

def _check_sentence(rows: Sequence[Row], i: int, side: Side, k: int) -> list[str]:
    _check_side(side)
    cell = _check_row(rows, i).side(side)
    if not 0 <= k < len(cell):
        raise EditError(f"no {side} sentence {k + 1} in this row")
    return cell


def split_sentence(rows: Sequence[Row], i: int, side: Side, k: int, offset: int) -> Change:
    """Split sentence ``k`` of ``side`` in row ``i`` at character ``offset``; both halves are stripped."""
    cell = _check_sentence(rows, i, side, k)
    left, right = cell[k][:offset].strip(), cell[k][offset:].strip()
    if not left or not right or offset <= 0:
        raise EditError("split point must leave text on both sides")
    origins = rows[i].origins(side)   # both halves keep the origin of the sentence
    new = _with_side(rows[i], side, [*cell[:k], left, right, *cell[k + 1:]],
                     [*origins[:k], origins[k], origins[k], *origins[k + 1:]])
    return _change(rows, i, i + 1, [new], 0, f"split sentence ({side})")


def join_sentences(rows: Sequence[Row], i: int, side: Side, k: int, glued: bool = False) -> Change:
    """Join sentence ``k`` of ``side`` in row ``i`` with the next one (zh without space, en with one;
    ``glued``: without, as the two halves of a word split inside it were)."""
    cell = _check_sentence(rows, i, side, k)
    if k + 1 >= len(cell):
        raise EditError("no next sentence in this cell to join with")
    joined = cell[k].rstrip() + ("" if glued else JOINERS[side]) + cell[k + 1].lstrip()
    origins = rows[i].origins(side)   # MT when either sentence was
    new = _with_side(rows[i], side, [*cell[:k], joined, *cell[k + 2:]],
                     [*origins[:k], origins[k] or origins[k + 1], *origins[k + 2:]])
    return _change(rows, i, i + 1, [new], 0, f"join sentences ({side})")


def edit_sentence(rows: Sequence[Row], i: int, side: Side, k: int, text: str) -> Change:
    """Replace the text of sentence ``k`` of ``side`` in row ``i``.

    ``k == len(cell)`` appends a new sentence to the cell (InterText "insert element"; typed by hand, so
    not MT); empty ``text`` deletes the sentence (the row goes too if nothing is left in it). An edited
    sentence keeps its origin.
    """
    _check_side(side)
    cell = _check_row(rows, i).side(side)
    origins = rows[i].origins(side)
    if not 0 <= k <= len(cell):
        raise EditError(f"no {side} sentence {k + 1} in this row")
    text = text.strip()
    if k == len(cell):
        if not text:
            raise EditError("an added sentence needs text")
        sentences, label = [*cell, text], "add sentence"
        origins.append(False)
    elif text == cell[k]:
        raise EditError("sentence unchanged")
    else:
        sentences = [*cell[:k], *([text] if text else []), *cell[k + 1:]]
        label = "edit sentence" if text else "delete sentence"
        if not text:
            del origins[k]
    new = _with_side(rows[i], side, sentences, origins)
    return _change(rows, i, i + 1, [new], 0, f"{label} ({side})")


# ---------------------------------------------------------------------------------- status and marks

def _with_status(row: Row, status: Status) -> Row:
    out = row.copy()
    out.status = status
    return out


def confirm(rows: Sequence[Row], i: int) -> Change:
    """Mark row ``i`` confirmed."""
    row = _check_row(rows, i)
    if row.status == "confirmed":
        raise EditError("row already confirmed")
    return _change(rows, i, i + 1, [_with_status(row, "confirmed")], 0, "confirm")


def _status_before_confirming(row: Row) -> Status:
    """The status a confirmed ``row`` had before it was confirmed, told by its machine score: confirming
    keeps the score and every change of a row's sentences drops it, so a row that still has one is as the
    aligner left it (``auto``); one without is ``edited`` (changed by hand, or imported confirmed)."""
    return "auto" if row.confidence is not None else "edited"


def unconfirm(rows: Sequence[Row], i: int) -> Change:
    """Take the confirmation off row ``i``: it gets back the status it had before
    (see :func:`_status_before_confirming`), so a confirm pressed by mistake on a machine row leaves it a
    machine row, with its score, for the exports and their ``--min-confidence``."""
    row = _check_row(rows, i)
    if row.status != "confirmed":
        raise EditError("row is not confirmed")
    return _change(rows, i, i + 1, [_with_status(row, _status_before_confirming(row))], 0, "unconfirm")


def confirm_above(rows: Sequence[Row], i: int) -> Change:
    """Confirm every row from the first down to row ``i`` inclusive (InterText "confirm all preceding")."""
    _check_row(rows, i)
    new = [_with_status(r, "confirmed") for r in rows[: i + 1]]
    if all(r.status == "confirmed" for r in rows[: i + 1]):
        raise EditError("rows already confirmed")
    return _change(rows, 0, i + 1, new, i, "confirm above")


def ignore_finding(rows: Sequence[Row], i: int, key: str) -> Change:
    """Remember on row ``i`` that the translation-check finding ``key`` (``check:subject``) is ignored."""
    row = _check_row(rows, i)
    if key in row.ignored:
        raise EditError("finding already ignored")
    return _change(rows, i, i + 1, [replace(row.copy(), ignored=(*row.ignored, key))], 0, "ignore finding")


def unignore_finding(rows: Sequence[Row], i: int, key: str) -> Change:
    """Report the finding ``key`` of row ``i`` again."""
    row = _check_row(rows, i)
    if key not in row.ignored:
        raise EditError("finding not ignored")
    kept = tuple(k for k in row.ignored if k != key)
    return _change(rows, i, i + 1, [replace(row.copy(), ignored=kept)], 0, "report finding again")


_SIDE_NAMES = {"zh": "Chinese", "en": "English"}


def accept_mt(rows: Sequence[Row], i: int, side: Side, suggestion: Sequence[str]) -> Change:
    """Put the MT ``suggestion`` (its sentences) in as side ``side`` of row ``i``. Like any change of
    sentences the row becomes ``edited`` and loses the scores of the old grouping; each sentence put in is
    marked as machine translation (``en_mt`` / ``zh_mt``), and exports leave the row out of a corpus by
    default."""
    row = _check_row(rows, i)
    _check_side(side)
    sentences = [s.strip() for s in suggestion if s.strip()]
    if not sentences:
        raise EditError("no MT suggestion for this row: nothing to accept")
    if row.side(side) == sentences:
        raise EditError(f"the {_SIDE_NAMES[side]} is already the MT suggestion")
    new = _with_side(row, side, sentences, [True] * len(sentences))
    return _change(rows, i, i + 1, [new], 0, f"accept MT ({side})")


def toggle_bookmark(rows: Sequence[Row], i: int) -> Change:
    """Set or clear the bookmark of row ``i``."""
    row = _check_row(rows, i).copy()
    row.bookmark = not row.bookmark
    return _change(rows, i, i + 1, [row], 0, "bookmark" if row.bookmark else "clear bookmark")


# --------------------------------------------------------------------------- the editor's row operations

#: How the editor names a side in its messages.
SIDE_LABELS: dict[Side, str] = {"zh": "中文", "en": "English"}
Applies = Callable[[Sequence[Row], int, Side], "str | None"]


def _not_first(rows: Sequence[Row], i: int, side: Side) -> str | None:
    return "this is the first row: there is no row above" if i == 0 else None


def _has_sentence(rows: Sequence[Row], i: int, side: Side) -> str | None:
    return None if i < len(rows) and rows[i].side(side) else f"no {SIDE_LABELS[side]} sentence in this row"


def _splittable(rows: Sequence[Row], i: int, side: Side) -> str | None:
    if i < len(rows) and max(len(rows[i].zh), len(rows[i].en)) >= 2:
        return None
    return "one sentence per side: the row cannot be split"


def _joinable(rows: Sequence[Row], i: int, side: Side) -> str | None:
    count = len(rows[i].side(side)) if i < len(rows) else 0
    if count >= 2:
        return None
    what = "one sentence" if count else "no sentence"
    return f"only {what} in this {SIDE_LABELS[side]} cell; nothing to join"


def _both(first: Applies, second: Applies) -> Applies:
    return lambda rows, i, side: first(rows, i, side) or second(rows, i, side)


def _always(rows: Sequence[Row], i: int, side: Side) -> str | None:
    return None


@dataclass(frozen=True)
class Operation:
    """One operation of the editor: its binding id, the pure edit, how it takes its arguments from the
    cursor (the row, and the focused side when ``on_side``), and when it applies (``applies`` gives the
    reason it does not, or None). An operation that asks first (``ask``) needs a point in the focused cell
    that the user chooses: ``"split"`` (a sentence and a character offset in it: two more arguments) or
    ``"join"`` (the first of two sentences: one more)."""

    key_id: str
    edit: Callable[..., Change]
    on_side: bool
    applies: Applies = _always
    ask: Literal["split", "join"] | None = None

    def arguments(self, i: int, side: Side) -> tuple:
        """The arguments after ``rows`` for the row ``i`` under the cursor and the focused ``side``."""
        return (i, side) if self.on_side else (i,)


#: The editor's row operations by the name of the action that runs them (``tui/bindings.py`` binds the
#: keys, the editor runs, greys and explains them from here, the property tests call them from here).
OPERATIONS: dict[str, Operation] = {
    "merge_up": Operation("merge-up", merge_up, False, _not_first),
    "split_row": Operation("split-row", split_row, False, _splittable),
    "shift_up": Operation("shift-up", shift_up, True, _both(_not_first, _has_sentence)),
    "pop_down": Operation("pop-down", pop_down, True, _has_sentence),
    "insert_cell": Operation("insert-cell", insert_cell, True),
    "column_up": Operation("column-up", move_column_up, True, _not_first),
    "column_down": Operation("column-down", move_column_down, True),
    "confirm_above": Operation("confirm-above", confirm_above, False),
    "bookmark": Operation("bookmark", toggle_bookmark, False),
    "split_sentence": Operation("split-sentence", split_sentence, True, _has_sentence, ask="split"),
    "join_sentences": Operation("join-sentences", join_sentences, True, _joinable, ask="join"),
}
