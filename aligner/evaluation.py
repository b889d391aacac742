"""Scoring alignments against gold: strict and lax precision / recall / F1, per-type recall.

The counts follow Vecalign's ``score.py`` (also Bertalign's ``eval.py``; definitions re-stated in
``shared/docs/alignment-anchors.md`` §3):

* beads are compared by their index tuples only (confidence is ignored), deduplicated, and beads
  with both sides empty are dropped;
* precision pass: each test bead is a strict hit if the identical bead is in gold, a lax hit if
  it is a strict hit or one of its (zh, en) links is a link of some gold bead — a test 1-0/0-1
  bead has no links, so it is lax-correct only when it is exactly in gold;
* recall pass: drop every bead with an empty side from gold *and* test, then count the same way
  with the roles swapped;
* counts are summed over documents (micro-average); division by zero gives 0.

On top of that: per-type recall (gold beads of each shape found exactly in the test alignment,
computed on the full alignments so that 1-0/0-1 beads are included) and the number of documents
aligned perfectly (test and gold equal as sets of beads).

Gold sets are read from disk by :mod:`corpora.readers.goldset`; this module only scores.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from aligner.beads import Bead

BEAD_TYPES = ("1-1", "1-2", "2-1", "1-0/0-1", "other")

_Key = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Scores:
    """Micro-averaged alignment scores over a set of documents.

    ``per_type_recall`` maps a bead type (see ``BEAD_TYPES``) to ``(found, total)``: how many gold
    beads of that shape the test alignment contains exactly. ``perfect_docs`` counts documents
    whose test alignment equals the gold as a set of beads, out of ``docs``.
    """

    strict_p: float
    strict_r: float
    strict_f1: float
    lax_p: float
    lax_r: float
    lax_f1: float
    per_type_recall: dict[str, tuple[int, int]] = field(default_factory=dict)
    perfect_docs: int = 0
    docs: int = 0

    def type_recall(self, bead_type: str) -> float:
        """Recall of one bead type as a fraction (0 when gold has no bead of that type)."""
        found, total = self.per_type_recall.get(bead_type, (0, 0))
        return found / total if total else 0.0


@dataclass(frozen=True)
class EvalDoc:
    """One document of an evaluation set: sentence lines, gold beads and an optional MT of ``zh``.

    ``units`` names, for a gold made above sentence level (the Bible's verses), the unit of each
    Chinese and each English line; a test alignment is then scored after :func:`merge_by_units`.
    """

    name: str
    zh: list[str]
    en: list[str]
    gold: list[Bead]
    mt: list[str] | None = None
    units: tuple[Sequence[str], Sequence[str]] | None = None

    def at_gold_level(self, beads: Sequence[Bead]) -> list[Bead]:
        """``beads`` as the gold counts them: merged by unit when the gold has units."""
        return merge_by_units(beads, *self.units) if self.units else list(beads)


def merge_by_units(beads: Sequence[Bead], zh_units: Sequence[str], en_units: Sequence[str]) -> list[Bead]:
    """Join each run of neighbouring beads that share a unit (a verse, say) on either side into one
    bead, its confidence the lowest of the run: the convention of Bertalign's Bible evaluation, whose
    gold beads are whole verses, so a test alignment finer than a verse is not counted wrong."""
    out: list[Bead] = []
    seen: set[str] = set()  # the units of the run ``out[-1]`` closes
    for bead in beads:
        units = {zh_units[i] for i in bead.zh} | {en_units[j] for j in bead.en}
        if out and units & seen:
            last = out[-1]
            out[-1] = Bead(last.zh + bead.zh, last.en + bead.en, min(last.confidence, bead.confidence))
            seen |= units
        else:
            out.append(Bead(bead.zh, bead.en, bead.confidence))
            seen = units
    return out


def bead_type(bead: Bead) -> str:
    """The bead's group in ``BEAD_TYPES``: ``1-1``, ``1-2``, ``2-1``, ``1-0/0-1`` or ``other``."""
    shape = (len(bead.zh), len(bead.en))
    if shape in ((1, 0), (0, 1)):
        return "1-0/0-1"
    kind = f"{shape[0]}-{shape[1]}"
    return kind if kind in BEAD_TYPES else "other"


def _keys(beads: Iterable[Bead]) -> set[_Key]:
    """Deduplicated index tuples of the beads, without beads empty on both sides."""
    return {(tuple(sorted(b.zh)), tuple(sorted(b.en))) for b in beads if b.zh or b.en}


def _hits(test: set[_Key], gold: set[_Key]) -> tuple[int, int, int]:
    """(number of test beads, strict hits, lax hits) of ``test`` measured against ``gold``."""
    gold_links = {(z, e) for zh, en in gold for z in zh for e in en}
    strict = lax = 0
    for key in test:
        if key in gold:
            strict += 1
            lax += 1
        elif any((z, e) in gold_links for z in key[0] for e in key[1]):
            lax += 1
    return len(test), strict, lax


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_documents(pairs: Iterable[tuple[Sequence[Bead], Sequence[Bead]]]) -> Scores:
    """Score ``(test, gold)`` bead lists, one pair per document, micro-averaged over documents."""
    p_total = p_strict = p_lax = r_total = r_strict = r_lax = 0
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    perfect = docs = 0
    for test_beads, gold_beads in pairs:
        test, gold = _keys(test_beads), _keys(gold_beads)
        n, strict, lax = _hits(test, gold)
        p_total, p_strict, p_lax = p_total + n, p_strict + strict, p_lax + lax
        n, strict, lax = _hits({k for k in gold if k[0] and k[1]}, {k for k in test if k[0] and k[1]})
        r_total, r_strict, r_lax = r_total + n, r_strict + strict, r_lax + lax
        for key in gold:
            kind = bead_type(Bead(*key))
            total[kind] += 1
            found[kind] += key in test
        docs += 1
        perfect += test == gold
    sp, sr = _ratio(p_strict, p_total), _ratio(r_strict, r_total)
    lp, lr = _ratio(p_lax, p_total), _ratio(r_lax, r_total)
    return Scores(
        strict_p=sp, strict_r=sr, strict_f1=_f1(sp, sr),
        lax_p=lp, lax_r=lr, lax_f1=_f1(lp, lr),
        per_type_recall={kind: (found[kind], total[kind]) for kind in BEAD_TYPES if total[kind]},
        perfect_docs=perfect, docs=docs,
    )
