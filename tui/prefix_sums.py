"""Running totals of a list of counts that changes in place (row heights, sentences per row).

The editor asks, on every key, where row ``i`` starts (the lines or sentences of the rows above it) and
which row holds line ``y``, while an edit replaces a few rows anywhere in a list of up to tens of
thousands. Recomputing the totals costs the whole document each time; here the values live in blocks
that each know their own total, so an edit costs about one block plus one entry per block, and a lookup
a binary search plus part of one block.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate

#: Values per block (blocks are cut again to about this size around every change).
BLOCK = 256


class PrefixSums:
    """Non-negative integers in order, with :meth:`prefix` (the sum of the first ``i``) and :meth:`find`
    (the index whose span of the running total holds ``y``), kept under :meth:`splice`."""

    def __init__(self, values: Iterable[int] = ()) -> None:
        self._blocks: list[list[int]] = []
        self._sums: list[int] = []      # each block's total
        self._starts: list[int] = [0]   # index of each block's first value; the last entry is len(self)
        self._before: list[int] = [0]   # total of the values before each block; the last is the total
        self._rechunk(0, 0, list(values))

    def __len__(self) -> int:
        return self._starts[-1]

    @property
    def total(self) -> int:
        """The sum of every value."""
        return self._before[-1]

    def _block_of(self, index: int) -> int:
        """The block holding ``index`` (the last block for ``index == len(self)``)."""
        return min(bisect_right(self._starts, index) - 1, len(self._blocks) - 1)

    def __getitem__(self, index: int) -> int:
        if not 0 <= index < len(self):
            raise IndexError(index)
        b = self._block_of(index)
        return self._blocks[b][index - self._starts[b]]

    def prefix(self, index: int) -> int:
        """The sum of the first ``index`` values (``0 <= index <= len(self)``)."""
        if index >= len(self):
            return self.total
        b = self._block_of(index)
        return self._before[b] + sum(self._blocks[b][:index - self._starts[b]])

    def find(self, y: int) -> int:
        """The index ``i`` with ``prefix(i) <= y < prefix(i + 1)``; the last index when ``y`` is past the
        total, 0 when ``y`` is negative (-1 when empty). Values of 0 are never found."""
        if not self._blocks or not len(self):
            return -1
        if y >= self.total:
            return len(self) - 1
        b = bisect_right(self._before, y, 1) - 1   # the first block whose running total passes y
        running = self._before[b]
        for k, value in enumerate(self._blocks[b]):
            running += value
            if running > y:
                return self._starts[b] + k
        return self._starts[b + 1] - 1   # not reached: block b's total passes y

    def splice(self, start: int, count: int, values: list[int]) -> None:
        """Replace the ``count`` values from ``start`` by ``values``, like a list's slice assignment."""
        if not 0 <= start <= start + count <= len(self):
            raise IndexError(f"{start}:{start + count} of {len(self)}")
        if not self._blocks:
            self._rechunk(0, 0, values)
            return
        first, last = self._block_of(start), self._block_of(start + count)
        # a neighbour on each side joins the cut, so that blocks emptied or shrunk merge with it
        first, last = max(first - 1, 0), min(last + 1, len(self._blocks) - 1)
        flat = [v for block in self._blocks[first:last + 1] for v in block]
        at = start - self._starts[first]
        flat[at:at + count] = values
        self._rechunk(first, last + 1, flat)

    def __setitem__(self, index: int, value: int) -> None:
        self.splice(index, 1, [value])

    def _rechunk(self, first: int, end: int, flat: list[int]) -> None:
        """Replace blocks ``first:end`` by ``flat`` cut into even blocks, and update the running totals."""
        size = -(-len(flat) // -(-len(flat) // BLOCK)) if flat else 1   # even blocks of at most BLOCK
        blocks = [flat[k:k + size] for k in range(0, len(flat), size)]
        if not blocks and first == 0 and end >= len(self._blocks):
            blocks = [[]]   # an empty list is one empty block
        self._blocks[first:end] = blocks
        self._sums[first:end] = [sum(block) for block in blocks]
        lengths = map(len, self._blocks[first:])
        self._starts[first + 1:] = list(accumulate(lengths, initial=self._starts[first]))[1:]
        self._before[first + 1:] = list(accumulate(self._sums[first:], initial=self._before[first]))[1:]
