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

A *set* on disk is laid out as ``SET/zh/<doc>.txt``, ``SET/en/<doc>.txt`` (one sentence per
line), ``SET/gold/<doc>.align`` (``[zh ids]:[en ids]`` per line, 0-based) and, optionally,
``SET/mt/<doc>.txt`` (a machine translation of each Chinese line).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aligner.beads import Bead, parse_beads
from aligner.errors import UserError

BEAD_TYPES = ("1-1", "1-2", "2-1", "1-0/0-1", "other")
SET_LAYOUT = "zh/<doc>.txt, en/<doc>.txt, gold/<doc>.align and optionally mt/<doc>.txt"

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
    """One document of an evaluation set: sentence lines, gold beads and an optional MT of ``zh``."""

    name: str
    zh: list[str]
    en: list[str]
    gold: list[Bead]
    mt: list[str] | None = None


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


def read_lines(path: Path) -> list[str]:
    """The lines of a UTF-8 sentence file, numbered exactly as the gold numbers them.

    Only ``\\n`` ends a line (``str.splitlines`` would also split on form feeds and U+2028 and
    shift the numbering); a final newline does not start an extra line.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: not UTF-8 ({exc.reason}); save it as UTF-8") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror}); check the path") from None
    if text.endswith("\n"):
        text = text[:-1]
    return [line.removesuffix("\r") for line in text.split("\n")] if text else []


def read_alignment(path: Path) -> list[Bead]:
    """Beads of an ``.align`` file (``[zh ids]:[en ids]`` per line)."""
    try:
        return parse_beads(read_lines(path))
    except ValueError as exc:
        raise UserError(f"{path}: {exc}; expected one '[zh ids]:[en ids]' bead per line") from None


def _check_doc(doc: EvalDoc, gold_path: Path, mt_path: Path) -> None:
    """Reject gold beads pointing past the end of the texts, and an MT file of the wrong length."""
    for bead in doc.gold:
        if any(i >= len(doc.zh) for i in bead.zh) or any(i >= len(doc.en) for i in bead.en):
            raise UserError(
                f"{gold_path}: bead {bead.kind} {list(bead.zh)}:{list(bead.en)} points past the "
                f"{len(doc.zh)} zh / {len(doc.en)} en lines; fix the gold or the sentence files"
            )
    if doc.mt is not None and len(doc.mt) != len(doc.zh):
        raise UserError(
            f"{mt_path}: {len(doc.mt)} lines for {len(doc.zh)} Chinese lines; "
            "the MT file needs one translation per Chinese line"
        )


def load_set(set_dir: Path) -> list[EvalDoc]:
    """Read every document of an evaluation set directory (layout in ``SET_LAYOUT``)."""
    set_dir = Path(set_dir)
    zh_dir, en_dir, gold_dir, mt_dir = (set_dir / part for part in ("zh", "en", "gold", "mt"))
    if not set_dir.is_dir():
        raise UserError(f"{set_dir}: no such directory; an evaluation set holds {SET_LAYOUT}")
    for part in (zh_dir, en_dir, gold_dir):
        if not part.is_dir():
            raise UserError(f"{set_dir}: missing {part.name}/; an evaluation set holds {SET_LAYOUT}")
    names = sorted(p.stem for p in zh_dir.glob("*.txt"))
    if not names:
        raise UserError(f"{zh_dir}: no .txt documents; an evaluation set holds {SET_LAYOUT}")
    docs = []
    for name in names:
        en_path, mt_path = en_dir / f"{name}.txt", mt_dir / f"{name}.txt"
        gold_path = gold_dir / f"{name}.align"
        for path in (en_path, gold_path):
            if not path.is_file():
                raise UserError(f"{path}: missing, needed for {zh_dir / name}.txt; {SET_LAYOUT}")
        doc = EvalDoc(
            name=name,
            zh=read_lines(zh_dir / f"{name}.txt"),
            en=read_lines(en_path),
            gold=read_alignment(gold_path),
            mt=read_lines(mt_path) if mt_path.is_file() else None,
        )
        _check_doc(doc, gold_path, mt_path)
        docs.append(doc)
    return docs


def evaluate(set_dir: Path, align_fn: Callable[[EvalDoc], list[Bead]]) -> Scores:
    """Align every document of the set with ``align_fn`` and score the result against its gold."""
    return score_documents((align_fn(doc), doc.gold) for doc in load_set(set_dir))
