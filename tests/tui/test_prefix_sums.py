"""PrefixSums against a plain list, over random splices (hypothesis)."""

from __future__ import annotations

from itertools import accumulate

from hypothesis import given, settings
from hypothesis import strategies as st

from tui import prefix_sums
from tui.prefix_sums import PrefixSums

values = st.lists(st.integers(0, 5), max_size=60)
splices = st.lists(st.tuples(st.floats(0, 1), st.integers(0, 4), values), max_size=25)


def check(sums: PrefixSums, plain: list[int]) -> None:
    running = [0, *accumulate(plain)]
    assert len(sums) == len(plain) and sums.total == running[-1]
    assert [sums[i] for i in range(len(plain))] == plain
    assert [sums.prefix(i) for i in range(len(plain) + 1)] == running
    for y in range(-1, running[-1] + 2):
        expected = next((i for i in range(len(plain)) if running[i] <= y < running[i + 1]),
                        0 if y < 0 and plain else len(plain) - 1)
        assert sums.find(y) == expected, (y, plain)


@settings(max_examples=150, deadline=None)
@given(start=values, edits=splices, block=st.integers(1, 5))
def test_splices_keep_the_running_totals_of_a_plain_list(start, edits, block):
    old = prefix_sums.BLOCK
    prefix_sums.BLOCK = block   # small blocks, so that splices cross, empty and merge them
    try:
        sums, plain = PrefixSums(start), list(start)
        check(sums, plain)
        for where, count, new in edits:
            at = round(where * len(plain))
            count = min(count, len(plain) - at)
            sums.splice(at, count, new)
            plain[at:at + count] = new
            check(sums, plain)
            assert all(len(b) <= block for b in sums._blocks)
    finally:
        prefix_sums.BLOCK = old


def test_a_splice_rewrites_a_few_blocks_not_the_list():
    sums = PrefixSums([1] * 10_000)
    untouched = sums._blocks[-1]
    sums.splice(5_000, 2, [3])
    assert sums._blocks[-1] is untouched and sums.total == 10_000 - 2 + 3
    assert sums.find(5_000) == 5_000 and sums.prefix(5_001) == 5_003
