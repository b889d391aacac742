"""How edits carry ``Row.en_from_mt``: the flag follows the English sentences of a flagged row."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpora import edits
from corpora.document import Row
from corpora.edits import Change, EditError, apply_change


def grid(*cells: str) -> list[Row]:
    """Rows from ``"a b|x y"`` strings (zh sentences, a bar, en sentences); a trailing ``!`` flags the
    row's English as MT."""
    out = []
    for cell in cells:
        flagged = cell.endswith("!")
        zh, en = cell.rstrip("!").split("|")
        out.append(Row(zh.split(), en.split(), "auto", 0.9, en_from_mt=flagged))
    return out


def marks(rows: list[Row]) -> list[str]:
    return [" ".join(r.zh) + "|" + " ".join(r.en) + ("!" if r.en_from_mt else "") for r in rows]


def run(rows: list[Row], change: Change) -> list[Row]:
    out = [r.copy() for r in rows]
    apply_change(out, change)
    return out


@pytest.mark.parametrize("cells, op, args, expected", [
    # a merged row is MT when any part was
    (("a|x", "b|y!", "c|z"), edits.merge_up, (1,), ["a b|x y!", "c|z"]),
    (("a|x", "b|y", "c|z!"), edits.merge_up, (1,), ["a b|x y", "c|z!"]),
    # split: every piece holding English of the flagged row is flagged; a piece without English is not
    (("a b c|x y!",), edits.split_row, (0,), ["a|x!", "b|y!", "c|"]),
    (("a b|x y",), edits.split_row, (0,), ["a|x", "b|y"]),
    # shift / pop of English: the receiving row is flagged, the giving row keeps it while it has English
    (("a|x", "b|y z!"), edits.shift_up, (1, "en"), ["a|x y!", "b|z!"]),
    (("a|x", "b|y!"), edits.shift_up, (1, "en"), ["a|x y!", "b|"]),
    (("a|x!", "b|y"), edits.shift_up, (1, "en"), ["a|x y!", "b|"]),
    (("a|x y!", "b|z"), edits.pop_down, (0, "en"), ["a|x!", "b|y z!"]),
    (("a|x!",), edits.pop_down, (0, "en"), ["a|", "|x!"]),
    # Chinese moves leave the English, and so the flag, where it is
    (("a|x", "b|y!"), edits.shift_up, (1, "zh"), ["a b|x", "|y!"]),
    (("a|x!", "b|y"), edits.pop_down, (0, "zh"), ["|x!", "a b|y"]),
    # column moves of English carry the flag with each cell
    (("a|x!", "b|y", "c|z"), edits.move_column_down, (0, "en"), ["a|", "b|x!", "c|y", "|z"]),
    (("a|x", "b|y!", "c|z"), edits.move_column_up, (1, "en"), ["a|x y!", "b|z", "c|"]),
    (("a|x!", "b|y", "c|z"), edits.insert_cell, (0, "zh"), ["|x!", "a|y", "b|z", "c|"]),
    # editing English by hand keeps the flag (post-edited MT); deleting the last English drops it
    (("a|x!",), edits.edit_sentence, (0, "en", 0, "fixed"), ["a|fixed!"]),
    (("a|x y!",), edits.join_sentences, (0, "en", 0), ["a|x y!"]),
    (("a|x!",), edits.edit_sentence, (0, "en", 1, "more"), ["a|x more!"]),
    (("a|x",), edits.edit_sentence, (0, "en", 0, "fixed"), ["a|fixed"]),
    (("a|x!",), edits.edit_sentence, (0, "en", 0, ""), ["a|"]),
    (("a|x!",), edits.edit_sentence, (0, "zh", 0, "b"), ["b|x!"]),
    # status and marks do not touch it
    (("a|x!",), edits.confirm, (0,), ["a|x!"]),
    (("a|x!",), edits.toggle_bookmark, (0,), ["a|x!"]),
])
def test_the_flag_follows_the_english(cells, op, args, expected):
    rows = grid(*cells)
    change = op(rows, *args)
    after = run(rows, change)
    assert marks(after) == expected
    assert run(after, change.inverse()) == rows  # undo restores the flags exactly


def test_splitting_an_english_sentence_keeps_the_flag():
    rows = grid("a|xy!")
    after = run(rows, edits.split_sentence(rows, 0, "en", 0, 1))
    assert marks(after) == ["a|x y!"]


def test_a_change_of_only_the_flag_is_a_change():
    rows = grid("a|x")
    flagged = grid("a|x!")
    assert rows != flagged  # the workspace and apply_change compare rows including the flag
    with pytest.raises(ValueError, match="does not match"):
        apply_change(flagged, Change(0, tuple(rows), tuple(rows), 0, "noop"))


OPS = [
    lambda rows, i, side: edits.merge_up(rows, i),
    lambda rows, i, side: edits.split_row(rows, i),
    edits.shift_up, edits.pop_down, edits.insert_cell, edits.move_column_down, edits.move_column_up,
]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_random_regroupings_never_invent_or_lose_mt_english(data):
    """Over random documents (every English sentence unique) and row moves: a flagged row always holds
    English that came from a flagged row, and every MT sentence ends in a flagged row."""
    n = data.draw(st.integers(1, 6))
    counter = iter(range(1000))
    rows = [Row([f"z{next(counter)}" for _ in range(data.draw(st.integers(0, 2)))],
                [f"e{next(counter)}" for _ in range(data.draw(st.integers(0, 2)))])
            for _ in range(n)]
    for row in rows:
        row.en_from_mt = bool(row.en) and data.draw(st.booleans())
    rows = [r for r in rows if not r.is_empty] or [Row(["z"], ["e"], en_from_mt=True)]
    op = data.draw(st.sampled_from(OPS))
    i = data.draw(st.integers(0, len(rows) - 1))
    side = data.draw(st.sampled_from(["zh", "en"]))
    try:
        change = op(rows, i, side)
    except EditError:
        return
    after = run(rows, change)
    machine = {s for r in rows if r.en_from_mt for s in r.en}
    for row in after:
        assert row.en_from_mt == any(s in machine for s in row.en)
    assert run(after, change.inverse()) == rows


def test_follow_mt_flags_a_realignment_of_a_whole_range():
    """A regrouping built outside this module (as re-alignment builds one) gets the flags the same way."""
    old = grid("a|x", "b c|y z!", "d|w")
    regrouped = [Row(["a", "b"], ["x", "y"]), Row(["c"], []), Row(["d"], ["z", "w"])]
    assert [r.en_from_mt for r in edits.follow_mt(old, regrouped)] == [True, False, True]
    assert [r.en_from_mt for r in regrouped] == [False, False, False]  # the input rows are not changed
