"""Engine choice and offline behaviour: one notice line per engine that cannot run, then the next one."""

from __future__ import annotations

import contextlib
import shutil
import socket
from pathlib import Path

import pytest

from aligner.errors import UserError
from aligner.mt import hub
from aligner.mt.base import DEFAULT_MODEL, EngineUnavailable
from aligner.mt.factory import default_ct2_dir, get_translator
from corpora.readers.mtfile import read_mt_file


@pytest.fixture
def no_probe(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything probes the hub."""
    def refuse() -> bool:
        raise AssertionError("the hub was probed although HF_HUB_OFFLINE is set")

    monkeypatch.setattr(hub, "_probe_hub", refuse)



def test_bad_path_gives_one_notice_then_the_gloss(tmp_path: Path, xdg: Path) -> None:
    notes: list[str] = []
    tr = get_translator(model=str(tmp_path / "no-such-model"), notify=notes.append)
    assert tr is not None and tr.name == "gloss" and tr.is_gloss
    assert len(notes) == 1 and "\n" not in notes[0]
    assert "no-such-model" in notes[0] and "no such directory" in notes[0]
    assert "download" not in notes[0]          # a path is not a hub id: there is nothing to download


def test_hub_id_offline_gives_a_notice_without_touching_the_network(no_probe: None, xdg: Path) -> None:
    notes: list[str] = []
    tr = get_translator(notify=notes.append, allow_gloss=False)
    assert tr is None
    assert len(notes) == 1
    for needle in (DEFAULT_MODEL, "HF_HUB_OFFLINE is set", "mt download", "--model"):
        assert needle in notes[0]
    assert "HF_HUB_OFFLINE=1" not in notes[0] and len(notes[0]) <= 170   # no advice to set what is set


def test_broken_model_files_are_reported_not_raised(tiny_marian: Path, tmp_path: Path, xdg: Path) -> None:
    broken = shutil.copytree(tiny_marian, tmp_path / "broken")
    (broken / "model.safetensors").write_bytes(b"not a safetensors file")
    notes: list[str] = []
    assert get_translator(model=str(broken), allow_gloss=False, notify=notes.append) is None
    assert len(notes) == 1 and "broken" in notes[0] and "could not be loaded" in notes[0]


def test_a_named_engine_is_tried_alone(tmp_path: Path, xdg: Path) -> None:
    notes: list[str] = []
    assert get_translator("transformers", str(tmp_path / "missing"), notify=notes.append) is None
    assert len(notes) == 1
    assert get_translator("ctranslate2", notify=notes.append) is None
    assert len(notes) == 2 and "ct2-transformers-converter" in notes[1]
    assert get_translator("gloss", notify=notes.append).name == "gloss"


def test_unknown_engine_and_file_engine_without_file_are_user_errors() -> None:
    with pytest.raises(UserError, match="unknown MT engine"):
        get_translator("google")
    with pytest.raises(UserError, match="--mt-file"):
        get_translator("file")


def test_chain_falls_through_to_the_file_engine(tmp_path: Path, xdg: Path, no_probe: None) -> None:
    mt_file = tmp_path / "mt.txt"
    mt_file.write_text("one\ntwo\n", encoding="utf-8")
    notes: list[str] = []
    tr = get_translator(file_engine=lambda: read_mt_file(mt_file), notify=notes.append)
    assert tr is not None and tr.name == "file" and not tr.is_gloss
    assert tr.translate(["一", "二"]) == ["one", "two"]
    assert len(notes) == 1  # the default model is not available offline


def test_auto_prefers_a_converted_model_given_or_found(tiny_ct2: Path, tiny_marian: Path, xdg: Path) -> None:
    notes: list[str] = []
    given = get_translator(model=str(tiny_ct2), threads=1, notify=notes.append)
    assert given.name.startswith("ct2:")
    found_dir = default_ct2_dir(str(tiny_marian))
    shutil.copytree(tiny_ct2, found_dir)
    found = get_translator(model=str(tiny_marian), threads=1, notify=notes.append)
    assert found.name.startswith("ct2:")
    assert notes == []
    shutil.rmtree(found_dir)
    assert get_translator(model=str(tiny_marian), threads=1, notify=notes.append).name == tiny_marian.name


def test_a_broken_converted_model_falls_back_to_transformers(tiny_ct2: Path, tiny_marian: Path,
                                                             xdg: Path) -> None:
    found_dir = default_ct2_dir(str(tiny_marian))
    shutil.copytree(tiny_ct2, found_dir)
    (found_dir / "model.bin").write_bytes(b"garbage")
    notes: list[str] = []
    tr = get_translator(model=str(tiny_marian), threads=1, notify=notes.append)
    assert tr is not None and tr.name == tiny_marian.name
    assert len(notes) == 1 and "CTranslate2" in notes[0]


def test_probe_is_memoised_and_skipped_when_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def connect(address: object, timeout: float | None = None) -> socket.socket:
        attempts.append((address, timeout))
        raise OSError("unreachable")

    monkeypatch.setattr(socket, "create_connection", connect)
    hub._probe_hub.cache_clear()
    try:
        assert hub.hub_reachable() is False  # HF_HUB_OFFLINE=1 (conftest): not even probed
        assert attempts == []
        monkeypatch.delenv("HF_HUB_OFFLINE")
        monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
        from huggingface_hub import constants

        monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
        assert hub.hub_reachable() is False
        assert hub.hub_reachable() is False
        assert attempts == [(("huggingface.co", 443), 2.0)]
    finally:
        hub._probe_hub.cache_clear()


def test_unreachable_hub_gives_a_notice_without_download(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hub, "hub_offline", lambda: False)
    monkeypatch.setattr(hub, "_probe_hub", lambda: False)
    asked: list[bool] = []

    def load(model: str, local_files_only: bool) -> object:
        asked.append(local_files_only)
        raise OSError("not cached")

    with pytest.raises(EngineUnavailable, match="unreachable"):
        hub.load_offline_first("someone/some-model", load)
    assert asked == [True]


def test_reachable_hub_downloads_after_the_cache_miss(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hub, "hub_offline", lambda: False)
    monkeypatch.setattr(hub, "_probe_hub", lambda: True)
    asked: list[bool] = []

    def load(model: str, local_files_only: bool) -> str:
        asked.append(local_files_only)
        if local_files_only:
            raise OSError("not cached")
        return "weights"

    assert hub.load_offline_first("someone/some-model", load) == "weights"
    assert asked == [True, False]


def test_paths_and_hub_ids_are_told_apart(tmp_path: Path) -> None:
    assert hub.looks_like_path(str(tmp_path))
    assert hub.looks_like_path("./model")
    assert hub.looks_like_path("~/models/opus")
    assert not hub.looks_like_path("Helsinki-NLP/opus-mt-zh-en")
    assert not hub.looks_like_path("t5-small")


def test_a_hub_id_in_the_hf_cache_loads_offline(hf_cache: str, no_probe: None, xdg: Path,
                                                sentences: list[str]) -> None:
    notes: list[str] = []
    tr = get_translator(model=hf_cache, threads=1, allow_gloss=False, notify=notes.append)
    assert notes == []
    assert tr is not None and tr.name == "tiny-opus-mt-zh-en"
    assert tr.revision.startswith("0123456789abcdef")  # the cached commit keys the MT cache
    assert all(tr.translate(sentences[:2]))


def test_default_ct2_dir_names(xdg: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_ct2_dir() == xdg / "zhen-align" / "ct2" / "Helsinki-NLP--opus-mt-zh-en"
    (tmp_path / "models" / "opus").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    relative = default_ct2_dir("./models/opus")
    monkeypatch.chdir(tmp_path / "models")
    assert default_ct2_dir("opus") == relative == default_ct2_dir(str(tmp_path / "models" / "opus"))


def test_a_hanging_lookup_is_cut_short(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    release = threading.Event()

    def hang(address: object, timeout: float | None = None) -> contextlib.AbstractContextManager:
        release.wait(5)  # a DNS lookup that answers far too late
        return contextlib.nullcontext()

    monkeypatch.setattr(socket, "create_connection", hang)
    monkeypatch.setattr(hub, "PROBE_TIMEOUT", 0.2)
    hub._probe_hub.cache_clear()
    try:
        assert hub._probe_hub() is False
    finally:
        release.set()
        hub._probe_hub.cache_clear()
