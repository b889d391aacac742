"""``aligner.api.warm_up``: the resources of aligning loaded ahead, nothing aligned or encoded."""

from __future__ import annotations

from aligner import lexicon
from aligner.api import AlignConfig, warm_up
from tests.embedding_stub import CountingEmbedder


def forget_the_dictionary() -> None:
    """As in a new process: the dictionary not loaded, no word looked up in it."""
    from aligner.scoring import dictionary

    lexicon._index.cache_clear()
    lexicon.gloss_stems.cache_clear()
    dictionary._word_buckets.cache_clear()   # else words another test met never reach the dictionary


def test_warm_up_loads_the_dictionary_and_encodes_nothing():
    forget_the_dictionary()
    embedder = CountingEmbedder()
    warm_up(AlignConfig(embedder=embedder))
    assert lexicon._index.cache_info().currsize == 1
    assert embedder.asked == []


def test_warm_up_of_a_configuration_without_the_dictionary_leaves_it_unloaded():
    forget_the_dictionary()
    warm_up(AlignConfig(signals=frozenset({"length", "embedding"}), embedder=CountingEmbedder()))
    assert lexicon._index.cache_info().currsize == 0
