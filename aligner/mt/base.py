"""The interface every MT engine implements, and helpers the engines share."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Literal, Protocol, TypeVar, runtime_checkable

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-zh-en"
#: Translation directions: Chinese to English (suggestions, the alignment signal) and English to Chinese
#: (suggestions for rows that have only English).
Direction = Literal["zh-en", "en-zh"]
DIRECTIONS: tuple[Direction, ...] = ("zh-en", "en-zh")
#: The engines ``get_translator`` knows; ``auto`` tries them in turn.
ENGINES = ("auto", "transformers", "ctranslate2", "file", "gloss")
#: The model each direction uses unless told otherwise.
DEFAULT_MODELS: dict[str, str] = {"zh-en": DEFAULT_MODEL, "en-zh": "Helsinki-NLP/opus-mt-en-zh"}
DEFAULT_BEAM = 1          # greedy: beam 4 misses the 60-sentence/10 s target on 2 cores (bench/mt.md)
DEFAULT_MAX_LENGTH = 256  # new tokens per sentence, at most
DEFAULT_BATCH_SIZE = 32

Notify = Callable[[str], None]
T = TypeVar("T")


@runtime_checkable
class Translator(Protocol):
    """Anything that turns sentences of one language into suggestions in the other (Chinese into English
    unless built for the en→zh direction)."""

    name: str       # label shown in the UI, e.g. "opus-mt-zh-en", "ct2:opus-mt-zh-en int8", "file", "gloss"
    is_gloss: bool  # True for a word-by-word gloss, which must never be shown as a translation

    def translate(self, texts: list[str]) -> list[str]:
        """Translations of ``texts``, same length and order."""
        ...


class EngineUnavailable(Exception):
    """An engine cannot run here; the message is one line saying what was asked for and how to get it."""


def notify_stderr(message: str) -> None:
    """Default ``notify``: one line on standard error (control characters from files made visible)."""
    from aligner.display import visible

    print(f"zhen-align: {visible(message)}", file=sys.stderr, flush=True)


def cpu_threads() -> int:
    """Threads for CPU inference: the CPUs this process may use, minus those other work keeps busy.

    On a small machine that is already loaded, running as many threads as cores makes torch and
    CTranslate2 many times slower (measured here: 20x for a tiny model with two threads on two busy
    cores), so the 1-minute load average is taken off the count; never fewer than one.
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    try:
        busy = int(os.getloadavg()[0])
    except (AttributeError, OSError):
        busy = 0
    return max(1, min(cpus, cpus - busy))


def model_label(model: str | Path) -> str:
    """Short UI label of a model: the last part of a hub id or directory name."""
    text = str(model).rstrip("/\\")
    return Path(text).name or text


def fingerprint(paths: Sequence[Path]) -> str:
    """A short digest of files' names, sizes and modification times (a model or file 'revision')."""
    digest = hashlib.sha1()
    for path in sorted(paths):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:12]


def length_sorted_batches(items: Sequence[T], batch_size: int,
                          key: Callable[[T], int] = len) -> Iterator[list[int]]:  # type: ignore[assignment]
    """Indices of ``items`` in batches of similar length (longest first) to keep padding small."""
    order = sorted(range(len(items)), key=lambda i: key(items[i]), reverse=True)
    for start in range(0, len(order), max(1, batch_size)):
        yield order[start:start + batch_size]
