"""How edits carry the MT origin of each sentence (``Row.en_mt``, ``Row.zh_mt``) and so the row flags."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpora import edits
from corpora.document import Row, mt_indices
from corpora.edits import Change, EditError, apply_change


def grid(*cells: str) -> list[Row]:
    """Rows from ``"a b|x y"`` strings (zh sentences, a bar, en sentences); a sentence ending in ``*`` is
    machine translation."""
    out = []
    for cell in cells:
        zh, en = (side.split() for side in cell.split("|"))
        out.append(Row([s.rstrip("*") for s in zh], [s.rstrip("*") for s in en], "auto", 0.9,
                       en_mt=mt_indices(s.endswith("*") for s in en),
                       zh_mt=mt_indices(s.endswith("*") for s in zh)))
    return out


def marks(rows: list[Row]) -> list[str]:
    """The rows in :func:`grid`'s notation."""
    return ["|".join(" ".join(s + "*" * machine for s, machine in zip(r.side(side), r.origins(side),
                                                                       strict=True))
                     for side in ("zh", "en")) for r in rows]


def run(rows: list[Row], change: Change) -> list[Row]:
    out = [r.copy() for r in rows]
    apply_change(out, change)
    return out


@pytest.mark.parametrize("cells, op, args, expected", [
    # a merged row holds each sentence with its own origin
    (("a|x", "b|y*", "c|z"), edits.merge_up, (1,), ["a b|x y*", "c|z"]),
    (("a|x", "b|y", "c|z*"), edits.merge_up, (1,), ["a b|x y", "c|z*"]),
    # split: each piece gets back the origin of its sentence; a piece without English is not MT
    (("a b c|x* y*",), edits.split_row, (0,), ["a|x*", "b|y*", "c|"]),
    (("a b|x* y",), edits.split_row, (0,), ["a|x*", "b|y"]),
    (("a b|x y",), edits.split_row, (0,), ["a|x", "b|y"]),
    # shift / pop of English: the sentence that moves takes its origin along, the others keep theirs
    (("a|x", "b|y* z*"), edits.shift_up, (1, "en"), ["a|x y*", "b|z*"]),
    (("a|x", "b|y* z"), edits.shift_up, (1, "en"), ["a|x y*", "b|z"]),
    (("a|x", "b|y*"), edits.shift_up, (1, "en"), ["a|x y*", "b|"]),
    (("a|x*", "b|y"), edits.shift_up, (1, "en"), ["a|x* y", "b|"]),
    (("a|x* y*", "b|z"), edits.pop_down, (0, "en"), ["a|x*", "b|y* z"]),
    (("a|x y*", "b|z"), edits.pop_down, (0, "en"), ["a|x", "b|y* z"]),
    (("a|x*",), edits.pop_down, (0, "en"), ["a|", "|x*"]),
    # Chinese moves leave the English, and so its marks, where it is; Chinese marks move with Chinese
    (("a|x", "b|y*"), edits.shift_up, (1, "zh"), ["a b|x", "|y*"]),
    (("a|x*", "b|y"), edits.pop_down, (0, "zh"), ["|x*", "a b|y"]),
    (("a*|x", "b|y"), edits.pop_down, (0, "zh"), ["|x", "a* b|y"]),
    # column moves of English carry each sentence's origin with its cell
    (("a|x*", "b|y", "c|z"), edits.move_column_down, (0, "en"), ["a|", "b|x*", "c|y", "|z"]),
    (("a|x", "b|y*", "c|z"), edits.move_column_up, (1, "en"), ["a|x y*", "b|z", "c|"]),
    (("a|x*", "b|y", "c|z"), edits.insert_cell, (0, "zh"), ["|x*", "a|y", "b|z", "c|"]),
    # editing English by hand keeps the sentence's origin (post-edited MT); a sentence added by hand is
    # human; deleting the MT sentence leaves the human one clean
    (("a|x*",), edits.edit_sentence, (0, "en", 0, "fixed"), ["a|fixed*"]),
    (("a|x* y",), edits.edit_sentence, (0, "en", 1, "fixed"), ["a|x* fixed"]),
    (("a|x*",), edits.edit_sentence, (0, "en", 1, "more"), ["a|x* more"]),
    (("a|x",), edits.edit_sentence, (0, "en", 0, "fixed"), ["a|fixed"]),
    (("a|x*",), edits.edit_sentence, (0, "en", 0, ""), ["a|"]),
    (("a|x* y",), edits.edit_sentence, (0, "en", 0, ""), ["a|y"]),
    (("a|x*",), edits.edit_sentence, (0, "zh", 0, "b"), ["b|x*"]),
    # status and marks do not touch it
    (("a|x*",), edits.confirm, (0,), ["a|x*"]),
    (("a|x*",), edits.toggle_bookmark, (0,), ["a|x*"]),
])
def test_the_flag_follows_the_english(cells, op, args, expected):
    rows = grid(*cells)
    change = op(rows, *args)
    after = run(rows, change)
    assert marks(after) == expected
    assert run(after, change.inverse()) == rows  # undo restores the flags exactly


def test_the_row_counts_as_mt_when_any_sentence_is():
    assert [r.en_from_mt for r in grid("a|x* y", "b|y", "c|", "d*|y")] == [True, False, False, False]
    assert [r.zh_from_mt for r in grid("a|x* y", "d* e|y")] == [False, True]


def test_splitting_a_sentence_keeps_its_origin_in_both_halves():
    rows = grid("a|xy* w")
    after = run(rows, edits.split_sentence(rows, 0, "en", 0, 1))
    assert marks(after) == ["a|x* y* w"]
    human = grid("a|x* wv")
    assert marks(run(human, edits.split_sentence(human, 0, "en", 1, 1))) == ["a|x* w v"]


@pytest.mark.parametrize("cells, expected", [(("a|x* y",), (0,)), (("a|x y*",), (0,)), (("a|x y z*",), (1,)),
                                             (("a|x* y z",), (0,)), (("a|x y z",), ())])
def test_joining_sentences_is_mt_when_either_was(cells, expected):
    rows = grid(*cells)
    after = run(rows, edits.join_sentences(rows, 0, "en", 0))
    assert after[0].en[0] == "x y" and after[0].en_mt == expected


def test_accepting_mt_marks_exactly_the_sentences_it_puts_in():
    rows = grid("a|", "b|y")
    after = run(rows, edits.accept_mt(rows, 0, "en", ["One.", "Two."]))
    assert marks(after) == ["a|One.* Two.*", "b|y"]
    chinese = run(rows, edits.accept_mt(rows, 0, "zh", ["甲。"]))
    assert marks(chinese) == ["甲。*|", "b|y"]
    merged = run(after, edits.merge_up(after, 1))
    assert marks(merged) == ["a b|One.* Two.* y"]


def test_a_change_of_only_the_flag_is_a_change():
    rows = grid("a|x")
    flagged = grid("a|x*")
    assert rows != flagged  # the workspace and apply_change compare rows including the flag
    with pytest.raises(ValueError, match="does not match"):
        apply_change(flagged, Change(0, tuple(rows), tuple(rows), 0, "noop"))


OPS = [
    lambda rows, i, side: edits.merge_up(rows, i),
    lambda rows, i, side: edits.split_row(rows, i),
    edits.shift_up, edits.pop_down, edits.insert_cell, edits.move_column_down, edits.move_column_up,
]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_random_regroupings_keep_the_origin_of_every_sentence(data):
    """Over random documents (every sentence unique, each MT or not) and row moves: every sentence ends with
    the origin it had, and a row counts as MT exactly when one of its sentences of that side is."""
    n = data.draw(st.integers(1, 6))
    counter = iter(range(1000))
    rows = []
    for _ in range(n):
        zh = [f"z{next(counter)}" for _ in range(data.draw(st.integers(0, 2)))]
        en = [f"e{next(counter)}" for _ in range(data.draw(st.integers(0, 2)))]
        rows.append(Row(zh, en, en_mt=mt_indices(data.draw(st.booleans()) for _ in en),
                        zh_mt=mt_indices(data.draw(st.booleans()) for _ in zh)))
    rows = [r for r in rows if not r.is_empty] or [Row(["z"], ["e"], en_mt=(0,))]
    op = data.draw(st.sampled_from(OPS))
    i = data.draw(st.integers(0, len(rows) - 1))
    side = data.draw(st.sampled_from(["zh", "en"]))
    try:
        change = op(rows, i, side)
    except EditError:
        return
    after = run(rows, change)
    for s in ("zh", "en"):
        machine = {t for r in rows for t, m in zip(r.side(s), r.origins(s), strict=True) if m}
        for row in after:
            assert row.origins(s) == [t in machine for t in row.side(s)]
            assert row.from_mt(s) == any(t in machine for t in row.side(s))
    assert run(after, change.inverse()) == rows


def test_follow_mt_marks_a_realignment_of_a_whole_range():
    """A regrouping built outside this module (as re-alignment builds one) gets the flags the same way."""
    old = grid("a|x", "b c|y* z", "d|w")
    regrouped = [Row(["a", "b"], ["x", "y"]), Row(["c"], []), Row(["d"], ["z", "w"])]
    assert marks(edits.follow_mt(old, regrouped)) == ["a b|x y*", "c|", "d|z w"]
    assert [r.en_mt for r in regrouped] == [(), (), ()]  # the input rows are not changed
