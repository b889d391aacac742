"""What the editor's workers run, handed to the editor screen by the app when it opens an article."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aligner.mt.base import Translator
    from corpora.realign import AlignFn


@dataclass(frozen=True)
class Engines:
    """The editor's engines, each called in a worker thread (building one may load a model), never
    through the app from inside a worker.

    ``align_function`` gives the aligner of re-alignment; ``translator`` and ``reverse_translator`` build
    (once) the zh→en and en→zh MT engines, None when none is configured; ``warm_up`` loads the aligner's
    resources ahead of the first re-alignment (None: nothing to load, e.g. an align function given).
    """

    align_function: Callable[[], AlignFn]
    translator: Callable[[], Translator | None] | None = None
    reverse_translator: Callable[[], Translator | None] | None = None
    warm_up: Callable[[], None] | None = None
