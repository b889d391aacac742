"""``aligner.lexicon``'s look-up of the cleaned CC-CEDICT table through its sorted index."""

from __future__ import annotations

from aligner import lexicon
from aligner.lexicon import GlossIndex

TABLE = {"中": ("middle", "China"), "中国": ("China",), "中国人": ("Chinese person",), "国": ("country",),
         "A": ("letter A",), "𠀀": ("a character outside the BMP",), "人": ("person", "people")}


def test_the_index_finds_every_headword_and_nothing_else() -> None:
    index = GlossIndex(*GlossIndex.blobs(TABLE))
    assert {word: index.get(word) for word in TABLE} == TABLE
    for missing in ("", "中国人民", "中华", "B", "a", "\ud800", "𠀁", "中 国", "人们"):
        assert index.get(missing) == ()


def test_an_empty_table_has_no_words() -> None:
    assert GlossIndex(*GlossIndex.blobs({})).get("中") == ()


def test_the_index_gives_every_headword_of_the_table_its_glosses() -> None:
    """The cached index and the cached table agree on all 188,000 headwords (and lookups go through it)."""
    table, index = lexicon._dictionary(), lexicon._index()
    assert len(table) > 100_000
    assert [word for word, glosses in table.items() if index.get(word) != glosses] == []
    assert lexicon.glosses("中国") == list(table["中国"])
    assert lexicon.glosses("中国" * 9) == []
