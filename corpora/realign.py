"""Re-align the machine-aligned part of a document, keeping the rows a person made (confirmed or edited)
fixed as anchors."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aligner.beads import Bead
from corpora.document import Row
from corpora.edits import Change, EditError, follow_mt

AlignFn = Callable[[list[str], list[str]], Sequence[Bead]]


def is_kept(row: Row) -> bool:
    """Whether re-alignment leaves ``row`` as it is: a person confirmed or edited it (accepting an MT
    suggestion is an edit), so only machine-aligned (``auto``) rows are re-aligned."""
    return row.status != "auto"


def realign_from(rows: Sequence[Row], start: int, align_fn: AlignFn) -> Change:
    """Re-align every run of machine-aligned rows from row ``start`` down, each run on its own.

    Confirmed and edited rows (:func:`is_kept`) stay as they are and split the rest into runs; the run
    holding ``start`` is cut there (rows above ``start`` are kept). Each run's sentences go through
    ``align_fn(zh, en) -> beads`` (a run with one side empty becomes one-sided rows without a score,
    without calling it). New rows are ``auto`` with the beads' scores; headline and bookmark flags go to
    the new row holding the first sentence of the old row that had them, and each sentence keeps its
    MT mark (``en_mt`` / ``zh_mt``) wherever it lands (:func:`corpora.edits.follow_mt`), so a human
    sentence re-aligned beside MT stays human. ``EditError`` when nothing would change.
    """
    if not 0 <= start < len(rows):
        raise EditError(f"no row {start + 1}")
    new: list[Row] = []
    run: list[Row] = []
    for row in rows[start:]:
        if is_kept(row):
            new += _realign_run(run, align_fn)
            run = []
            new.append(row.copy())
        else:
            run.append(row)
    new += _realign_run(run, align_fn)
    new = follow_mt(rows[start:], new)  # each MT sentence stays marked wherever it lands
    old = tuple(rows[start:])
    while old and new and old[0] == new[0]:
        old, new, start = old[1:], new[1:], start + 1
    while old and new and old[-1] == new[-1]:
        old, new = old[:-1], new[:-1]
    if not old and not new:
        raise EditError("re-alignment changes nothing")
    return Change(start, old, tuple(new), start, "re-align")


def _realign_run(run: list[Row], align_fn: AlignFn) -> list[Row]:
    """New rows for a run of unconfirmed rows."""
    if not run:
        return []
    zh = [s for row in run for s in row.zh]
    en = [s for row in run for s in row.en]
    if not zh or not en:   # nothing to align: one-sided rows, with no score to claim
        beads: Sequence[Bead] = [*(Bead((i,), ()) for i in range(len(zh))),
                                 *(Bead((), (j,)) for j in range(len(en)))]
        scored = False
    else:
        beads = align_fn(zh, en)
        _check_cover(beads, len(zh), len(en))
        scored = True
    out = [Row([zh[i] for i in b.zh], [en[j] for j in b.en], "auto", b.confidence if scored else None,
               dict(b.parts)) for b in beads]
    where = {("zh", i): k for k, b in enumerate(beads) for i in b.zh}
    where.update({("en", j): k for k, b in enumerate(beads) for j in b.en})
    counts = {"zh": 0, "en": 0}
    for row in run:
        if row.is_empty:
            continue
        first = ("zh", counts["zh"]) if row.zh else ("en", counts["en"])
        target = out[where[first]]
        target.headline |= row.headline
        target.bookmark |= row.bookmark
        counts["zh"] += len(row.zh)
        counts["en"] += len(row.en)
    return out


def _check_cover(beads: Sequence[Bead], n_zh: int, n_en: int) -> None:
    """The beads must use every sentence once, in order, or text would be lost or duplicated."""
    zh = [i for b in beads for i in b.zh]
    en = [j for b in beads for j in b.en]
    if zh != list(range(n_zh)) or en != list(range(n_en)) or any(not b.zh and not b.en for b in beads):
        raise ValueError("the aligner's beads do not cover the sentences exactly once and in order")
