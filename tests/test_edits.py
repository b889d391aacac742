"""Edit operations: worked examples of each, and properties over random documents (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpora import edits
from corpora.document import Row
from corpora.edits import Change, EditError, apply_change


def grid(*cells: str) -> list[Row]:
    """Rows from ``"a b|x"`` strings: space-separated zh sentences, a bar, en sentences."""
    out = []
    for cell in cells:
        zh, en = cell.split("|")
        out.append(Row(zh.split(), en.split(), "confirmed", 0.9, {"length": 0.9}))
    return out


def shape(rows: list[Row]) -> list[str]:
    return [" ".join(r.zh) + "|" + " ".join(r.en) for r in rows]


def run(rows: list[Row], change: Change) -> list[Row]:
    out = [r.copy() for r in rows]
    apply_change(out, change)
    return out


def test_merge_up_joins_rows_and_marks_edited():
    rows = grid("a|x", "b|y", "c|z")
    change = edits.merge_up(rows, 1)
    after = run(rows, change)
    assert shape(after) == ["a b|x y", "c|z"]
    assert after[0].status == "edited" and after[0].confidence is None
    assert after[1].status == "confirmed"
    assert change.cursor == 0 and change.label == "merge"
    with pytest.raises(EditError, match="nothing above"):
        edits.merge_up(rows, 0)


def test_split_row_pairs_in_order_and_leftovers_become_one_sided_rows():
    assert shape(run(grid("a b c|x"), edits.split_row(grid("a b c|x"), 0))) == ["a|x", "b|", "c|"]
    assert shape(run(grid("a b|x y z"), edits.split_row(grid("a b|x y z"), 0))) == ["a|x", "b|y", "|z"]
    assert shape(run(grid("a b|"), edits.split_row(grid("a b|"), 0))) == ["a|", "b|"]
    with pytest.raises(EditError):
        edits.split_row(grid("a|x"), 0)


def test_shift_up_and_pop_down_move_one_sentence():
    rows = grid("a|x", "b c|y")
    assert shape(run(rows, edits.shift_up(rows, 1, "zh"))) == ["a b|x", "c|y"]
    rows = grid("a|x", "b|y")
    assert shape(run(rows, edits.shift_up(rows, 1, "en"))) == ["a|x y", "b|"]
    rows = grid("a b|x", "c|y")
    assert shape(run(rows, edits.pop_down(rows, 0, "zh"))) == ["a|x", "b c|y"]
    rows = grid("a|x y")
    assert shape(run(rows, edits.pop_down(rows, 0, "en"))) == ["a|x", "|y"]


def test_emptied_rows_are_removed_in_the_same_change():
    rows = grid("a|x", "b|")
    change = edits.shift_up(rows, 1, "zh")
    after = run(rows, change)
    assert shape(after) == ["a b|x"]
    assert 0 <= change.cursor < len(after)


def test_insert_cell_moves_the_column_down_to_a_new_last_row():
    rows = grid("a|x", "b|y", "c|z")
    change = edits.insert_cell(rows, 1, "en")
    assert shape(run(rows, change)) == ["a|x", "b|", "c|y", "|z"]
    assert shape(run(rows, edits.move_column_down(rows, 1, "en"))) == ["a|x", "b|", "c|y", "|z"]
    assert change.start == 1  # the untouched first row is not part of the change


def test_move_column_up_joins_cell_above_and_pulls_the_column_up():
    rows = grid("a|x", "b|y", "c|z")
    assert shape(run(rows, edits.move_column_up(rows, 1, "en"))) == ["a|x y", "b|z", "c|"]
    gap = grid("a|x", "b|", "c|y")
    assert shape(run(gap, edits.move_column_up(gap, 1, "en"))) == ["a|x", "b|y", "c|"]
    with pytest.raises(EditError):
        edits.move_column_up(rows, 0, "en")


def test_sentence_split_join_and_edit():
    rows = [Row(["今天下雨。明天晴。"], ["It rains today. Tomorrow is fine."])]
    after = run(rows, edits.split_sentence(rows, 0, "zh", 0, 5))
    assert after[0].zh == ["今天下雨。", "明天晴。"]
    after = run(rows, edits.split_sentence(rows, 0, "en", 0, 15))
    assert after[0].en == ["It rains today.", "Tomorrow is fine."]
    rejoined = run(after, edits.join_sentences(after, 0, "en", 0))
    assert rejoined[0].en == ["It rains today. Tomorrow is fine."]
    zh = [Row(["甲。", "乙。"], [])]
    assert run(zh, edits.join_sentences(zh, 0, "zh", 0))[0].zh == ["甲。乙。"]
    with pytest.raises(EditError):
        edits.split_sentence(rows, 0, "zh", 0, 0)
    edited = run(rows, edits.edit_sentence(rows, 0, "en", 0, "  Rain.  "))
    assert edited[0].en == ["Rain."] and edited[0].status == "edited"
    assert edits.edit_sentence(rows, 0, "en", 1, "More.").label == "add sentence (en)"
    appended = run(rows, edits.edit_sentence(rows, 0, "en", 1, "More."))
    assert appended[0].en == ["It rains today. Tomorrow is fine.", "More."]
    with pytest.raises(EditError, match="unchanged"):
        edits.edit_sentence(rows, 0, "en", 0, rows[0].en[0])


def test_deleting_the_last_sentence_removes_the_row():
    rows = grid("a|x", "|y")
    change = edits.edit_sentence(rows, 1, "en", 0, "")
    assert shape(run(rows, change)) == ["a|x"] and change.label == "delete sentence (en)"


def test_status_operations():
    rows = [Row(["a"], ["x"], "auto", 0.3), Row(["b"], ["y"], "edited"), Row(["c"], ["z"], "auto", 0.9)]
    change = edits.confirm_above(rows, 1)
    after = run(rows, change)
    assert [r.status for r in after] == ["confirmed", "confirmed", "auto"]
    assert after[0].confidence == 0.3  # confirming keeps the score
    assert change.cursor == 1
    with pytest.raises(EditError):
        edits.confirm(after, 0)
    # unconfirming gives back the status before: a scored machine row is auto again, an edited one edited
    assert run(after, edits.unconfirm(after, 0))[0] == rows[0]
    assert run(after, edits.unconfirm(after, 1))[1] == rows[1]
    marked = run(rows, edits.toggle_bookmark(rows, 2))
    assert marked[2].bookmark and marked[2].status == "auto"
    assert not run(marked, edits.toggle_bookmark(marked, 2))[2].bookmark


def test_accept_mt_fills_a_side_flags_it_and_leaves_the_other_alone():
    rows = grid("a|x", "b|")
    rows[1].zh_mt = (0,)
    change = edits.accept_mt(rows, 1, "en", [" Bee. ", ""])
    after = run(rows, change)
    assert after[1].en == ["Bee."] and after[1].en_from_mt and after[1].zh_from_mt
    assert (after[1].status, after[1].confidence, after[1].parts) == ("edited", None, {})
    assert (change.label, change.cursor, change.start) == ("accept MT (en)", 1, 1)
    chinese = run(rows, edits.accept_mt(rows, 0, "zh", ["甲。"]))[0]
    assert chinese.zh == ["甲。"] and chinese.zh_from_mt and not chinese.en_from_mt
    with pytest.raises(EditError, match="already the MT suggestion"):
        edits.accept_mt(after, 1, "en", ["Bee."])
    with pytest.raises(EditError, match="nothing to accept"):
        edits.accept_mt(rows, 1, "en", [" "])


#: Answers an asking operation may get from its dialog (sentence, offset), for each kind of question.
ANSWERS = {None: [()], "split": [(0, 1), (0, 3), (1, 2)], "join": [(0,), (1,)]}


def test_each_row_operation_is_bound_to_its_action_and_applies_when_it_says():
    from tui.bindings import EDITOR_KEYS

    actions = {key.id: key.action for key in EDITOR_KEYS}
    rows = grid("a|x", "b c|")
    for name, operation in edits.OPERATIONS.items():
        assert actions[operation.key_id] == name
        for i in range(len(rows)):
            for side in ("zh", "en"):
                reason = operation.applies(rows, i, side)
                if reason is not None:   # what it says cannot apply does not, whatever the answer
                    for answer in ANSWERS[operation.ask]:
                        with pytest.raises(EditError):
                            operation.edit(rows, *operation.arguments(i, side), *answer)


def test_apply_refuses_a_change_made_for_other_rows():
    rows = grid("a|x", "b|y")
    change = edits.merge_up(rows, 1)
    with pytest.raises(ValueError, match="does not match"):
        apply_change(grid("a|x", "c|y"), change)


# ------------------------------------------------------------------------------------------ properties

@st.composite
def documents(draw) -> list[Row]:
    n = draw(st.integers(1, 6))
    counter = iter(range(1000))
    rows = []
    for _ in range(n):
        nz, ne = draw(st.integers(0, 3)), draw(st.integers(0, 3))
        if nz == ne == 0:
            nz = 1
        rows.append(Row([f"z{next(counter)}" for _ in range(nz)], [f"e {next(counter)}" for _ in range(ne)],
                        draw(st.sampled_from(["auto", "edited", "confirmed"])), 0.5, {},
                        draw(st.booleans()), False))
    return rows


#: The editor's row operations (called from the registry, as the editor calls them) and the status edits:
#: all keep each side's sentences.
STRUCTURAL = [*(name for name, op in edits.OPERATIONS.items() if op.ask is None), "confirm", "unconfirm"]
SENTENCE = ["split_sentence", "join_sentences", "edit_sentence", "accept_mt", "delete_row"]
#: Operations that change the text itself (the others keep each side's text).
REWRITING = {"edit_sentence", "accept_mt", "delete_row"}


def call(name: str, rows: list[Row], data) -> Change:
    i = data.draw(st.integers(-1, len(rows)))
    side = data.draw(st.sampled_from(["zh", "en"]))
    if name in edits.OPERATIONS:
        operation = edits.OPERATIONS[name]
        answer = {None: (), "split": (data.draw(st.integers(0, 3)), data.draw(st.integers(0, 5))),
                  "join": (data.draw(st.integers(0, 3)),)}[operation.ask]
        return operation.edit(rows, *operation.arguments(i, side), *answer)
    fn = getattr(edits, name)
    if name in ("confirm", "unconfirm", "delete_row"):
        return fn(rows, i)
    if name == "accept_mt":
        return fn(rows, i, side, data.draw(st.sampled_from([[], ["MT one."], ["MT one.", " MT two. "]])))
    if name == "edit_sentence":
        return fn(rows, i, side, data.draw(st.integers(0, 3)), data.draw(st.sampled_from(["", "new text"])))
    return fn(rows, i, side)


def text(rows: list[Row], side: str) -> str:
    return "".join(s for r in rows for s in r.side(side)).replace(" ", "")


@settings(max_examples=400, deadline=None)
@given(documents(), st.sampled_from(STRUCTURAL + SENTENCE), st.data())
def test_every_operation_is_undone_exactly_by_its_inverse(rows, name, data):
    try:
        change = call(name, rows, data)
    except EditError:
        return
    before = [r.copy() for r in rows]
    apply_change(rows, change)
    assert not any(r.is_empty for r in rows)
    assert 0 <= change.cursor < max(len(rows), 1)
    if name in STRUCTURAL:
        for side in ("zh", "en"):
            assert [s for r in rows for s in r.side(side)] == [s for r in before for s in r.side(side)]
    elif name not in REWRITING:
        for side in ("zh", "en"):
            assert text(rows, side) == text(before, side)
    apply_change(rows, change.inverse())
    assert rows == before


@settings(max_examples=200, deadline=None)
@given(documents(), st.lists(st.sampled_from(STRUCTURAL), max_size=8), st.data())
def test_a_sequence_of_edits_unwinds_in_reverse(rows, names, data):
    start = [r.copy() for r in rows]
    done: list[Change] = []
    for name in names:
        try:
            change = call(name, rows, data)
        except EditError:
            continue
        apply_change(rows, change)
        done.append(change)
    for change in reversed(done):
        apply_change(rows, change.inverse())
    assert rows == start
