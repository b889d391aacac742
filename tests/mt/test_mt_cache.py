"""The SQLite translation cache and the caching wrapper."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from aligner.errors import UserError
from aligner.mt.cache import CachedTranslator, MTCache, default_cache_path
from aligner.mt.factory import get_translator
from aligner.mt.hf_engine import TransformersTranslator


class CountingEngine:
    """A stand-in engine that records every batch it is asked to translate."""

    name = "counting"
    is_gloss = False

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def translate(self, texts: list[str]) -> list[str]:
        self.batches.append(list(texts))
        return [f"<{t}>" for t in texts]


def test_default_path_honours_xdg_cache_home(xdg: Path) -> None:
    assert default_cache_path() == xdg / "zhen-align" / "mt.sqlite"
    with MTCache() as cache:
        assert cache.path.is_file()


def test_cache_round_trip_is_keyed_by_engine_model_revision(tmp_path: Path) -> None:
    with MTCache(tmp_path / "c.sqlite") as cache:
        cache.put_translations("transformers", "m", "r1", [("你好", "hello"), ("谢谢", "thanks")])
        assert cache.get_translations("transformers", "m", "r1", ["你好", "再见", "谢谢"]) == {
            "你好": "hello", "谢谢": "thanks"}
        assert cache.get_translations("transformers", "m", "r2", ["你好"]) == {}
        assert cache.get_translations("ctranslate2", "m", "r1", ["你好"]) == {}
        assert cache.get_translations("transformers", "other", "r1", ["你好"]) == {}
        cache.put_translations("transformers", "m", "r1", [("你好", "hi")])
        assert cache.get_translations("transformers", "m", "r1", ["你好"]) == {"你好": "hi"}
        assert len(cache) == 2


def test_many_sources_in_one_lookup(tmp_path: Path) -> None:
    pairs = [(f"句子{i}", f"sentence {i}") for i in range(1200)]
    with MTCache(tmp_path / "c.sqlite") as cache:
        cache.put_translations("e", "m", "r", pairs)
        assert cache.get_translations("e", "m", "r", [s for s, _ in pairs]) == dict(pairs)


def test_cache_lives_in_any_sqlite_file_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "workspace.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE document (id INTEGER PRIMARY KEY, title TEXT)")
    db.execute("INSERT INTO document (title) VALUES ('kept')")
    db.commit()
    db.close()
    with MTCache(path) as cache:
        cache.put_translations("e", "m", "r", [("一", "one")])
    db = sqlite3.connect(path)
    assert db.execute("SELECT title FROM document").fetchall() == [("kept",)]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    with MTCache(path) as again:  # reopening keeps what was stored
        assert again.get_translations("e", "m", "r", ["一"]) == {"一": "one"}


def test_wrapper_translates_each_distinct_source_once(tmp_path: Path) -> None:
    inner = CountingEngine()
    with MTCache(tmp_path / "c.sqlite") as cache:
        tr = CachedTranslator(inner, cache, engine="e", model="m", revision="r")
        assert tr.translate(["甲", "乙", "甲", ""]) == ["<甲>", "<乙>", "<甲>", ""]
        assert inner.batches == [["甲", "乙"]]
        assert tr.translate(["乙", "丙"]) == ["<乙>", "<丙>"]
        assert inner.batches[1] == ["丙"]
        assert tr.translate(["丙", "甲"]) == ["<丙>", "<甲>"]
        assert len(inner.batches) == 2
        assert (tr.name, tr.is_gloss) == ("counting", False)


def test_opening_an_article_twice_never_translates_twice(tiny_marian: Path, tmp_path: Path,
                                                         sentences: list[str]) -> None:
    notes: list[str] = []
    path = tmp_path / "ws.sqlite"
    with MTCache(path) as cache:
        tr = get_translator(model=str(tiny_marian), cache=cache, threads=1, notify=notes.append)
        assert isinstance(tr, CachedTranslator) and isinstance(tr.inner, TransformersTranslator)
        first = tr.translate(sentences)
        calls = tr.inner.calls
        assert calls >= 1
        assert tr.translate(sentences) == first
        assert tr.inner.calls == calls
    with MTCache(path) as cache:  # a new session on the same file
        again = get_translator(model=str(tiny_marian), cache=cache, threads=1, notify=notes.append)
        assert again.translate(sentences[::-1]) == first[::-1]
        assert again.inner.calls == 0
    with MTCache(path) as cache:  # another beam is another revision: translated afresh
        beam2 = get_translator(model=str(tiny_marian), cache=cache, beam=2, threads=1, notify=notes.append)
        beam2.translate(sentences[:1])
        assert beam2.inner.calls == 1
    assert notes == []


def test_a_file_that_is_not_sqlite_is_a_user_error(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("this is not a database, just some text that is long enough\n" * 20, encoding="utf-8")
    with pytest.raises(UserError, match=r"notes\.txt.*--no-cache"):
        MTCache(bad)


@pytest.mark.parametrize("failure", ["PRAGMA query_only=1",   # the file made read-only after opening
                                     "PRAGMA max_page_count=1"])   # the disk full: the file cannot grow
def test_a_write_that_fails_later_warns_once_and_translation_goes_on(tmp_path: Path, failure: str) -> None:
    said: list[str] = []
    cache = MTCache(tmp_path / "mt.sqlite", notify=said.append)
    cache._db.execute(failure)
    engine = CountingEngine()
    wrapped = CachedTranslator(engine, cache, engine="e", model="m", revision="r")
    long = "长" * 3000   # more than a page: storing it must grow the file
    assert wrapped.translate([long, "一"]) == [f"<{long}>", "<一>"]
    assert wrapped.translate(["二", long]) == ["<二>", f"<{long}>"]
    assert engine.batches == [[long, "一"], ["二", long]]   # nothing was cached, so asked again
    assert len(said) == 1 and said[0].startswith(f"{tmp_path / 'mt.sqlite'}: cannot write to the MT cache (")
    assert said[0].endswith("); translating on without caching (--no-cache silences this)")
    cache.close()
