"""Refit the bead scorer's constants on the gold sets and rewrite ``aligner/scoring/model.json``.

    python -m bench.tune [--models default fast] [--sets ...] [--loso] [--lodo SET] [--dry-run]

Every document of every set is scored once with the real signals (``aligner.scoring.registry``), the
embedding signal on joined spans as the second search pass uses it, over a band of ±12 sentences
around the gold path; a candidate setting of the constants is then a weighted sum of those values,
decoded by the real dynamic programme (``aligner.search.best_path``). A coordinate search, from one
fixed starting point and in a fixed order (so a rerun gives the same file), maximises the mean strict
F1 over the sets. With ``--omission-rule``, a 1-1 bead whose evidence is at the document's level of
unrelated pairs must also score below two skips (that costs about .02 on mac-dev: in literary text a
loose translation relates no more than unrelated sentences do). The MT weight is fitted afterwards on
the set that ships an MT (mac-dev), every other constant fixed. The confidence calibration is a
logistic regression of "bead exactly right" on its quality and its lead over the neighbouring beads.

``--loso`` also prints a leave-one-set-out table: the constants fitted without a set, scored on it,
against the constants fitted on all sets. ``--lodo SET`` decodes each document of a set with the
constants fitted without that one document (every other document of every set kept), pooled: the
estimate for a document of that kind the fit has not seen (mac-dev: a novel chapter of the held-back
test part). Results go into ``model.json``'s ``extra`` and to stdout.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import time
from dataclasses import dataclass, replace

import numpy as np

from aligner.api import _best_neighbour_quality
from aligner.beads import Bead
from aligner.evaluation import EvalDoc, score_documents
from aligner.scoring.base import Cells, document_scale
from aligner.scoring.combine import BeadScorer
from aligner.scoring.model import MODEL_FILE, PARAMETRIC, SHAPES, Model, models_json
from aligner.scoring.registry import FAST, NAMES, Inputs, build_signals
from aligner.search import bead_shapes, best_path
from bench.align_bench import SYNTHETIC, load_bench_set

SETS = ("mac-dev", "aca", "mag", "wmt22-news", SYNTHETIC)
BAND = 12        # sentences either side of the gold path that the tuning search may use
MAX_BEAD = 8
STEPS = (0.2, 0.1, 0.05, 0.025)
SEARCHED = ("embedding", "dictionary", "numbers", "length", "quotes")  # weights the search moves
MARGIN = 0.02    # with the omission rule: how far below two skips an unrelated 1-1 bead must stay
OMISSION_RULE = False


def start_model(kind: str, own_scale: bool, parametric: bool = True) -> Model:
    """The fixed starting point of the search: equal evidence weights, no shape preference."""
    weights = {"embedding": 1.0, "dictionary": 1.0, "numbers": 0.3, "length": 0.3, "quotes": 0.2, "mt": 0.5}
    if kind == "fast":
        weights.pop("embedding")
    shapes = PARAMETRIC if parametric else (*SHAPES, "other")
    return Model(weights=weights, size_weights={name: 0.0 for name in weights},
                 shape_bias={shape: 0.0 for shape in shapes}, skip_zh=0.3, skip_en=0.3,
                 calibration=(2.0, 7.0, 0.5), own_scale=own_scale)


def gold_band(doc: EvalDoc, n: int, m: int) -> Cells:
    """Search nodes within ``BAND`` sentences of the gold path."""
    lo, hi = np.full(n + 1, m, dtype=np.int64), np.zeros(n + 1, dtype=np.int64)
    points = list(itertools.accumulate(((len(b.zh), len(b.en)) for b in doc.gold),
                                       lambda p, s: (p[0] + s[0], p[1] + s[1]), initial=(0, 0)))
    for (i0, j0), (i1, j1) in itertools.pairwise(points):
        lo[i0 : i1 + 1] = np.minimum(lo[i0 : i1 + 1], j0)
        hi[i0 : i1 + 1] = np.maximum(hi[i0 : i1 + 1], j1)
    rows = np.arange(n + 1)
    lo = np.array([lo[max(0, i - BAND) : i + BAND + 1].min() for i in rows]) - BAND
    hi = np.array([hi[max(0, i - BAND) : i + BAND + 1].max() for i in rows]) + BAND
    lo = np.minimum.accumulate(np.clip(lo, 0, m)[::-1])[::-1]
    hi = np.maximum.accumulate(np.clip(hi, 0, m))
    lo[0], hi[-1] = 0, m
    return Cells.from_bounds(lo, np.maximum(hi, lo))


@dataclass
class TunedDoc:
    """One document's signal values over its gold band, ready for any setting of the constants."""

    doc: EvalDoc
    scorer: BeadScorer            # the first-pass scorer (sentence sums), for confidence features
    cells: Cells
    shapes: list[tuple[int, int]]
    values: dict[str, np.ndarray]  # signal -> (shapes, cells) of (value - offset) / scale
    unrelated: dict[str, float]    # signal -> (median unrelated value - offset) / scale
    invalid: np.ndarray

    @classmethod
    def build(cls, doc: EvalDoc, model: Model, names: frozenset[str], mt: bool) -> TunedDoc:
        from aligner.embedders import get_embedder

        embedder = get_embedder() if "embedding" in names else None
        signals = build_signals(Inputs(doc.zh, doc.en, doc.mt if mt else None, embedder), sorted(names),
                                own_scale=model.own_scale)
        first = BeadScorer(signals, model)
        n, m = len(doc.zh), len(doc.en)
        joined = [s.joined(0, n, 0, m, model.joined_max) if s.name == "embedding" else s for s in signals]
        cells = gold_band(doc, n, m)
        shapes = bead_shapes(MAX_BEAD)
        pairs = shapes[1:]
        max_x, max_y = max(x for x, _ in pairs), max(y for _, y in pairs)
        values, unrelated = {}, {}
        for signal in joined:
            band = signal.prepare(cells, max_x, max_y)
            table = np.zeros((len(shapes), cells.size), dtype=np.float32)
            for k, (x, y, payload) in enumerate(band.dots_by_shape(pairs), start=1):
                table[k] = (band.values(x, y, payload) - signal.offset) / signal.scale
            values[signal.name] = table
            if signal.name in ("embedding", "dictionary", "mt"):
                level = document_scale(signal.zh, signal.en)[0]
                unrelated[signal.name] = (level - signal.offset) / signal.scale
        dx = np.array([x for x, _ in shapes])[:, None]
        dy = np.array([y for _, y in shapes])[:, None]
        invalid = (dx > cells.I[None, :]) | (dy > cells.J[None, :])
        invalid[0] = cells.I < 1
        return cls(doc, first, cells, shapes, values, unrelated, invalid)

    def joined_parts(self, beads: list[Bead], parts: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """``parts`` of the two-sided ``beads`` with the embedding value of each multi-sentence bead
        taken from the joined-span table, as ``aligner.api`` gives it to the beads of its second pass."""
        if "embedding" not in parts:
            return parts
        signal = next(s for s in self.scorer.signals if s.name == "embedding")
        shape_row = {shape: k for k, shape in enumerate(self.shapes)}
        for row, bead in enumerate(beads):
            shape = (len(bead.zh), len(bead.en))
            if shape != (1, 1):
                node = self.cells.node(bead.zh[-1] + 1, bead.en[-1] + 1)
                parts["embedding"][row] = self.values["embedding"][shape_row[shape], node] * signal.scale \
                    + signal.offset
        return parts

    def decode(self, model: Model) -> list[Bead]:
        """The beads the dynamic programme finds with ``model``'s constants."""
        extra = np.array([x + y - 2 for x, y in self.shapes], dtype=np.float32)[:, None]
        scores = np.zeros((len(self.shapes), self.cells.size), dtype=np.float64)
        for name, table in self.values.items():
            scores += (model.weight(name) + model.size_weight(name) * extra) * table
        scores += np.array([model.bias(x, y) if y else -model.skip_zh for x, y in self.shapes])[:, None]
        scores[self.invalid] = -np.inf
        path = best_path(scores, self.cells, self.shapes, model.skip_en)
        return [Bead(tuple(range(a, c)), tuple(range(b, d))) for (a, b), (c, d) in itertools.pairwise(path)]


def unrelated_margin(model: Model, docs: list[TunedDoc]) -> float:
    """How far below two skips (``skip_zh + skip_en``) the worst document puts a same-length 1-1 bead
    whose evidence is at its level of unrelated pairs (negative: the rule is broken)."""
    worst = max(model.bias(1, 1) + sum(model.weight(name) * level for name, level in d.unrelated.items())
                for d in docs)
    return -(model.skip_zh + model.skip_en) - worst


def evaluate(model: Model, sets: dict[str, list[TunedDoc]]) -> dict[str, float]:
    """Strict F1 per set."""
    return {name: score_documents((d.decode(model), d.doc.gold) for d in docs).strict_f1
            for name, docs in sets.items()}


def objective(model: Model, sets: dict[str, list[TunedDoc]]) -> float:
    """Mean strict F1 over the sets; -1 when the omission rule is on and an unrelated pair would beat
    two skips."""
    if OMISSION_RULE and unrelated_margin(model, [d for docs in sets.values() for d in docs]) < MARGIN:
        return -1.0
    return float(np.mean(list(evaluate(model, sets).values())))


def _moves(model: Model, names: tuple[str, ...]):
    """Every constant the search may move, as (label, getter, setter)."""
    for name in names:
        if name in model.weights:
            yield (f"weight {name}", lambda m, n=name: m.weight(n),
                   lambda m, v, n=name: m.with_changes(weights={n: v}))
            yield (f"size weight {name}", lambda m, n=name: m.size_weight(n),
                   lambda m, v, n=name: m.with_changes(size_weights={n: v}))
    for shape in model.shape_bias:
        yield (f"bias {shape}", lambda m, s=shape: m.shape_bias[s],
               lambda m, v, s=shape: m.with_changes(shape_bias={s: v}))
    yield "skip zh", lambda m: m.skip_zh, lambda m, v: replace(m, skip_zh=v)
    yield "skip en", lambda m: m.skip_en, lambda m, v: replace(m, skip_en=v)


def coordinate_search(model: Model, sets: dict[str, list[TunedDoc]], names: tuple[str, ...],
                      log=print) -> tuple[Model, float]:
    """Move one constant at a time by each step size while the objective improves."""
    best = objective(model, sets)
    if best < 0:  # the omission rule: lower shape biases until an unrelated pair loses
        while unrelated_margin(model, [d for docs in sets.values() for d in docs]) < MARGIN:
            model = model.with_changes(shape_bias={s: v - 0.05 for s, v in model.shape_bias.items()})
        best = objective(model, sets)
    for step in STEPS:
        improved = True
        while improved:
            improved = False
            for label, get, put in _moves(model, names):
                for delta in (step, -step):
                    candidate = put(model, round(get(model) + delta, 4))
                    value = objective(candidate, sets)
                    if value > best + 1e-6:
                        model, best, improved = candidate, value, True
                        log(f"  {label} -> {get(model):+.3f}: {best:.5f}")
                        break
    return model, best


def fit_calibration(model: Model, sets: dict[str, list[TunedDoc]]) -> tuple[float, float, float]:
    """Logistic regression (Newton's method) of "bead exactly in gold" on its quality and lead."""
    features, labels = [], []
    for docs in sets.values():
        for d in docs:
            scorer = BeadScorer(d.scorer.signals, model)
            beads = [b for b in d.decode(model) if b.zh and b.en]
            gold = {(b.zh, b.en) for b in d.doc.gold}
            zs = np.array([(b.zh[0], b.zh[-1] + 1) for b in beads])
            es = np.array([(b.en[0], b.en[-1] + 1) for b in beads])
            q = scorer.span_quality(zs, es, d.joined_parts(beads, scorer.bead_parts(zs, es)))
            lead = q - _best_neighbour_quality(scorer, zs, es)
            features.append(np.stack([q, lead, np.ones_like(q)], axis=1))
            labels.append(np.array([(b.zh, b.en) in gold for b in beads], dtype=np.float64))
    x, y = np.concatenate(features), np.concatenate(labels)
    w = np.zeros(3)
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        hessian = (x * (p * (1 - p))[:, None]).T @ x + 1e-3 * np.eye(3)
        w -= np.linalg.solve(hessian, x.T @ (p - y) + 1e-3 * w)
    return tuple(round(float(v), 3) for v in w)  # type: ignore[return-value]


def load(kind: str, model: Model, set_names: tuple[str, ...], mt: bool = False,
         log=print) -> dict[str, list[TunedDoc]]:
    """Every document of the sets, scored once for the ``kind`` of model."""
    names = frozenset(NAMES) if kind == "default" else FAST
    names = names if mt else names - {"mt"}
    out = {}
    for set_name in set_names:
        start = time.perf_counter()
        docs = load_bench_set(set_name)
        if mt:
            docs = [doc for doc in docs if doc.mt is not None]
            if not docs:
                continue
        out[set_name] = [TunedDoc.build(doc, model, names, mt) for doc in docs]
        log(f"{kind}: scored {set_name} ({len(docs)} documents) in {time.perf_counter() - start:.0f} s")
    return out


def fit(kind: str, set_names: tuple[str, ...], loso: bool, own_scale: bool, parametric: bool = True,
        lodo: str | None = None, log=print) -> Model:
    """Fit the ``kind`` model on the sets (and the leave-one-set-out table, and the leave-one-document-out
    figure of set ``lodo``, when asked)."""
    model = start_model(kind, own_scale, parametric)
    sets = load(kind, model, set_names, log=log)
    names = tuple(n for n in SEARCHED if n in model.weights)
    log(f"{kind}: start {objective(model, sets):.5f}")
    fitted, best = coordinate_search(model, sets, names, log=log)
    per_set = evaluate(fitted, sets)
    extra = {"objective": round(best, 5), "strict_f1": {k: round(v, 4) for k, v in per_set.items()},
             "unrelated_pair_minus_two_skips": round(-unrelated_margin(fitted, [d for v in sets.values()
                                                                                for d in v]), 3)}
    if loso:
        table = {}
        for held in sets:
            rest = {k: v for k, v in sets.items() if k != held}
            without, _ = coordinate_search(model, rest, names, log=lambda _msg: None)
            score = evaluate(without, {held: sets[held]})[held]
            table[held] = {"fitted_without": round(score, 4), "fitted_on_all": round(per_set[held], 4),
                           "loss": round(per_set[held] - score, 4)}
            log(f"{kind}: leave out {held}: {score:.4f} (all sets {per_set[held]:.4f})")
        extra["leave_one_set_out"] = table
    if lodo in sets:
        extra["leave_one_document_out"] = leave_one_document_out(model, fitted, sets, lodo, names, log)
    if kind == "default" and "mac-dev" in set_names:
        fitted = fit_mt(fitted, log)
        extra["mac_dev_with_mt"] = round(evaluate(fitted, load(kind, fitted, ("mac-dev",), mt=True,
                                                               log=lambda _m: None))["mac-dev"], 4)
    calibration = fit_calibration(fitted, sets)
    log(f"{kind}: calibration {calibration}")
    stamp = f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d}"
    return replace(fitted, calibration=calibration, extra=extra,
                   fitted=f"bench/tune.py {stamp} on {', '.join(set_names)} (mean strict F1 {best:.4f})")


def leave_one_document_out(start: Model, fitted: Model, sets: dict[str, list[TunedDoc]], held: str,
                           names: tuple[str, ...], log=print) -> dict:
    """Strict F1 of the documents of set ``held``, each decoded with the constants fitted (from ``start``)
    without it, pooled; beside it the same documents decoded with ``fitted`` (fitted on all of them)."""
    docs = sets[held]
    unseen, per_document = [], []
    for k, doc in enumerate(docs):
        without, _ = coordinate_search(start, {**sets, held: docs[:k] + docs[k + 1 :]}, names,
                                       log=lambda _msg: None)
        unseen.append((doc.decode(without), doc.doc.gold))
        per_document.append(round(score_documents(unseen[-1:]).strict_f1, 4))
        log(f"  {held} document {k} left out: {per_document[-1]:.4f}")
    pooled = score_documents(unseen).strict_f1
    seen = score_documents((d.decode(fitted), d.doc.gold) for d in docs).strict_f1
    log(f"{held}: each document fitted without it {pooled:.4f} (fitted on all {seen:.4f})")
    return {"set": held, "fitted_without_each": round(pooled, 4), "fitted_on_all": round(seen, 4),
            "per_document": per_document}


def fit_mt(model: Model, log=print) -> Model:
    """The MT weights fitted on the sets with an MT, every other constant fixed."""
    sets = load("default", model, ("mac-dev",), mt=True, log=log)
    best_model, best = model, objective(model, sets)
    for step in STEPS:
        improved = True
        while improved:
            improved = False
            for key in ("weights", "size_weights"):
                for delta in (step, -step):
                    current = getattr(best_model, key)["mt"]
                    candidate = best_model.with_changes(**{key: {"mt": round(current + delta, 4)}})
                    value = objective(candidate, sets)
                    if value > best + 1e-6:
                        best_model, best, improved = candidate, value, True
                        log(f"  mt {key} -> {getattr(candidate, key)['mt']:+.3f}: {best:.5f}")
                        break
    return best_model


def main() -> None:
    """Fit the models and write ``model.json`` (unless ``--dry-run``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", choices=("default", "fast"), default=["default", "fast"])
    parser.add_argument("--sets", nargs="+", choices=SETS, default=list(SETS))
    parser.add_argument("--loso", action="store_true", help="also fit leaving each set out")
    parser.add_argument("--lodo", choices=SETS, metavar="SET",
                        help="also fit leaving each document of SET out (mac-dev: 6 more fits)")
    parser.add_argument("--own-scale", choices=("yes", "no"),
                        help="evidence on each document's own scale (default: as the shipped model)")
    parser.add_argument("--shape-table", action="store_true",
                        help="a bias per bead shape instead of the four-constant form")
    parser.add_argument("--omission-rule", action="store_true",
                        help="an unrelated same-length pair must score below two skips")
    parser.add_argument("--dry-run", action="store_true", help="print, do not write model.json")
    args = parser.parse_args()
    global OMISSION_RULE
    OMISSION_RULE = args.omission_rule
    models = {"default": Model.default(), "fast": Model.fast()}
    for kind in args.models:
        own_scale = models[kind].own_scale if args.own_scale is None else args.own_scale == "yes"
        models[kind] = fit(kind, tuple(args.sets), args.loso, own_scale, not args.shape_table, args.lodo)
        print(models[kind].as_dict(), flush=True)
    if not args.dry_run:
        from corpora.fileio import write_text

        write_text(MODEL_FILE, models_json(models))
        print("wrote aligner/scoring/model.json")


if __name__ == "__main__":
    main()
