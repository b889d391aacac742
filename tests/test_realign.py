"""Re-alignment from a row down, with confirmed and edited rows as fixed anchors, using a stand-in aligner."""

from __future__ import annotations

import pytest

from aligner.beads import Bead
from corpora.document import Row
from corpora.edits import EditError, apply_change
from corpora.filters import RowFilter
from corpora.realign import realign_from


class Pairwise:
    """A stand-in aligner: sentence k with sentence k, leftovers one-sided; records what it was given."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], list[str]]] = []

    def __call__(self, zh: list[str], en: list[str]) -> list[Bead]:
        self.calls.append((zh, en))
        n = max(len(zh), len(en))
        return [Bead((k,) if k < len(zh) else (), (k,) if k < len(en) else (), 0.8, {"length": 0.8})
                for k in range(n)]


def rows_of(*cells: tuple[str, str, str]) -> list[Row]:
    return [Row(zh.split(), en.split(), status, 0.2 if status == "auto" else None)
            for zh, en, status in cells]


def test_confirmed_and_edited_rows_stay_and_each_run_is_aligned_on_its_own():
    rows = rows_of(("a b", "x", "auto"), ("", "y", "edited"), ("c", "z", "confirmed"),
                   ("d", "", "auto"), ("", "w", "auto"))
    aligner = Pairwise()
    change = realign_from(rows, 0, aligner)
    assert aligner.calls == [(["a", "b"], ["x"]), (["d"], ["w"])]
    after = [r.copy() for r in rows]
    apply_change(after, change)
    assert [(r.zh, r.en, r.status) for r in after] == [
        (["a"], ["x"], "auto"), (["b"], [], "auto"), ([], ["y"], "edited"), (["c"], ["z"], "confirmed"),
        (["d"], ["w"], "auto")]
    assert after[0].confidence == 0.8 and after[0].parts == {"length": 0.8}
    apply_change(after, change.inverse())
    assert after == rows


def test_start_cuts_the_run_and_rows_above_are_kept():
    rows = rows_of(("a b", "", "auto"), ("", "x y", "auto"), ("c", "", "auto"), ("", "z", "auto"))
    aligner = Pairwise()
    change = realign_from(rows, 2, aligner)
    assert aligner.calls == [(["c"], ["z"])]
    assert change.start == 2
    after = [r.copy() for r in rows]
    apply_change(after, change)
    assert after[:2] == rows[:2] and (after[2].zh, after[2].en) == (["c"], ["z"])


def test_one_sided_runs_do_not_call_the_aligner_and_flags_follow_their_sentence():
    rows = rows_of(("a", "", "auto"), ("b", "", "auto"))
    rows[1].bookmark = True
    rows[0].headline = True
    aligner = Pairwise()
    change = realign_from(rows, 0, aligner)
    assert aligner.calls == []
    assert [(r.zh, r.status, r.confidence, r.headline, r.bookmark) for r in change.new] == [
        (["a"], "auto", None, True, False), (["b"], "auto", None, False, True)]   # no score is claimed


def test_nothing_to_change_and_bad_beads_are_reported():
    rows = rows_of(("a", "x", "confirmed"))
    with pytest.raises(EditError):
        realign_from(rows, 0, Pairwise())
    with pytest.raises(ValueError, match="cover"):
        realign_from(rows_of(("a b", "x", "auto")), 0, lambda zh, en: [Bead((0,), (0,))])


def test_english_from_mt_stays_marked_where_the_realignment_puts_it():
    rows = rows_of(("一 二", "A B", "auto"), ("三", "C", "auto"), ("四", "D", "auto"))
    rows[1].en_mt = (0,)
    after = [r.copy() for r in rows]
    apply_change(after, realign_from(rows, 0, Pairwise()))
    assert [(r.en, r.en_from_mt) for r in after] == [(["A"], False), (["B"], False), (["C"], True),
                                                    (["D"], False)]


def test_a_human_sentence_realigned_out_of_a_row_with_mt_english_stays_human():
    """A row holding one MT and one human English sentence (as a merge leaves it, or an import of an auto
    row) is re-aligned into two rows: only the MT sentence's row counts as English from MT."""
    rows = rows_of(("一 二", "A B", "auto"), ("三", "C", "auto"), ("四 五", "", "auto"), ("", "D E", "auto"))
    rows[0].en_mt = (0,)
    rows[3].en_mt = (1,)
    after = [r.copy() for r in rows]
    apply_change(after, realign_from(rows, 0, Pairwise()))
    assert [(r.en, r.en_mt, r.en_from_mt) for r in after] == [
        (["A"], (0,), True), (["B"], (), False), (["C"], (), False), (["D"], (), False), (["E"], (0,), True)]
    # and the human rows pass the default export filter
    assert [r.en for r in after if RowFilter().keep(r)] == [["B"], ["C"], ["D"]]
