"""Machine-translation suggestions for Chinese sentences, behind one small interface.

Engines: ``transformers`` (any seq2seq checkpoint, default Helsinki-NLP/opus-mt-zh-en, CC-BY-4.0),
``ctranslate2`` (a converted int8 directory, faster on CPU), ``file`` (translations prepared elsewhere)
and ``gloss`` (word-by-word CC-CEDICT gloss, labelled as such). ``get_translator`` picks the first one
that can run here without touching the network, and wraps it with a ``TranslationStore``: the user's
``MTCache``, or the open workspace (which keeps its translations in a table of its own schema). The
``file`` engine is given the lines of its file by ``corpora.readers.mtfile``: this package reads no input.
"""

from aligner.mt.base import DEFAULT_MODEL, EngineUnavailable, Translator
from aligner.mt.cache import MTCache, TranslationStore, default_cache_path
from aligner.mt.factory import ENGINES, default_ct2_dir, get_translator

__all__ = ["DEFAULT_MODEL", "ENGINES", "EngineUnavailable", "MTCache", "TranslationStore", "Translator",
           "default_cache_path", "default_ct2_dir", "get_translator"]
