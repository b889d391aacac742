"""The on-disk cache of derived resources (cleaned CC-CEDICT table, jieba's prefix dictionary)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aligner import derived_cache
from aligner.derived_cache import CACHE_ENV, entry_path, fingerprint, load_or_build

ROOT = Path(__file__).resolve().parent.parent


class Builder:
    """Counts its calls; returns a table shaped like the real resources."""

    def __init__(self, value=None) -> None:
        self.calls = 0
        self.value = value if value is not None else {"中国": ("China",), "人": ("person", "people")}

    def __call__(self):
        self.calls += 1
        return self.value


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def test_built_once_then_loaded(cache: Path) -> None:
    build = Builder()
    assert load_or_build("table", "v1", build) == build.value
    assert load_or_build("table", "v1", build) == build.value
    assert build.calls == 1
    assert entry_path("table", "v1").parent == cache / "derived"
    assert isinstance(load_or_build("table", "v1", build)["人"], tuple)  # tuples stay tuples


def test_a_new_source_version_rebuilds_and_drops_the_old_entry(cache: Path) -> None:
    old, new = Builder({"a": 1}), Builder({"a": 2})
    load_or_build("table", "pkg 1.0", old)
    assert load_or_build("table", "pkg 1.1", new) == {"a": 2}
    assert new.calls == 1
    assert not entry_path("table", "pkg 1.0").exists()
    assert [p.name for p in (cache / "derived").iterdir()] == [entry_path("table", "pkg 1.1").name]


def test_fingerprint_follows_the_source_files(tmp_path: Path) -> None:
    source = tmp_path / "dict.txt"
    source.write_text("中国 1\n", encoding="utf-8")
    before = fingerprint(source)
    source.write_text("中国 12\n", encoding="utf-8")
    assert fingerprint(source) != before
    assert fingerprint(tmp_path / "gone") != fingerprint(source)


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],                            # truncated
    lambda data: data[:-3] + bytes([data[-3] ^ 0xFF]) + data[-2:],  # one byte flipped
    lambda data: b"not a cache file at all",
    lambda data: b"",
])
def test_a_damaged_entry_is_rebuilt_and_rewritten(cache: Path, damage) -> None:
    build = Builder()
    load_or_build("table", "v1", build)
    path = entry_path("table", "v1")
    path.write_bytes(damage(path.read_bytes()))
    assert load_or_build("table", "v1", build) == build.value
    assert build.calls == 2
    assert load_or_build("table", "v1", build) == build.value and build.calls == 2


def test_an_unwritable_cache_falls_back_to_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))   # cannot be created, even by root
    build = Builder()
    assert load_or_build("table", "v1", build) == build.value
    assert load_or_build("table", "v1", build) == build.value
    assert build.calls == 2


def test_a_missing_home_falls_back_to_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("HOME", str(blocker / "home"))
    assert derived_cache.cache_home() == blocker / "home" / ".cache" / "zhen-align"
    assert load_or_build("table", "v1", Builder()) == Builder().value


def test_an_unexpandable_home_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a home directory, ``~`` stays unexpanded: nothing may be written under the working folder."""
    import platformdirs

    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda *a, **k: "~/.cache/zhen-align")
    monkeypatch.chdir(tmp_path)
    assert load_or_build("table", "v1", Builder()) == Builder().value
    assert list(tmp_path.iterdir()) == []


def test_a_relative_cache_setting_means_the_working_folder(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "my-cache")
    monkeypatch.chdir(tmp_path)
    load_or_build("table", "v1", Builder())
    assert entry_path("table", "v1").parent == tmp_path / "my-cache" / "derived"
    assert entry_path("table", "v1").is_file()


def test_a_failed_write_leaves_no_temporary_file(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_rename(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_rename)
    assert load_or_build("table", "v1", Builder()) == Builder().value
    assert list((cache / "derived").iterdir()) == []


def test_jieba_from_our_cache_segments_as_jieba_itself(cache: Path, tmp_path: Path) -> None:
    import jieba

    from aligner import lexicon

    own = jieba.Tokenizer()
    own.tmp_dir = str(tmp_path)   # jieba's own cache file, kept out of /tmp
    text = "浙江大学昨天晚上举行学术年会，研究成果让人脑洞大开。南京市长江大桥"
    assert lexicon.segment_words(text) == [w for w in own.lcut(text) if w.strip()]
    assert (lexicon._jieba().dt.total, len(lexicon._jieba().dt.FREQ)) == (own.total, len(own.FREQ))


@pytest.mark.slow
def test_alignment_is_the_same_from_a_cold_and_a_warm_cache(tmp_path: Path) -> None:
    """Two fresh processes, the first building the cache and the second loading it, give the same beads
    (the dictionary signal reads both cached resources), and the second does not rewrite the cache."""
    zh = tmp_path / "a.zh.txt"
    en = tmp_path / "a.en.txt"
    zh.write_text("中国经济去年增长了百分之六。\n北京今天下雨。\n他说，会议将在下周举行。\n",
                  encoding="utf-8")
    en.write_text("China's economy grew six percent last year.\nIt rained in Beijing today.\n"
                  "The meeting will be held next week, he said.\n", encoding="utf-8")
    env = {**os.environ, CACHE_ENV: str(tmp_path / "cache")}
    command = [sys.executable, "-m", "cli", "align", str(zh), str(en), "--presegmented", "--fast", "--no-mt"]

    def run() -> str:
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout

    cold = run()
    entries = {p: p.stat().st_mtime_ns for p in (tmp_path / "cache" / "derived").iterdir()}
    assert sorted(p.name.split("-")[0] for p in entries) == ["cedict", "jieba"]
    assert run() == cold
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "cache" / "derived").iterdir()} == entries
