"""MT in ``zhen-align batch``: NAME.mt.txt files, a model loaded once per worker, no model, broken MT."""

from __future__ import annotations

from pathlib import Path

import pytest

import corpora.batch as batch
import corpora.pipeline as pipeline
from cli import main
from corpora.batch import MTSetting, PairAligner, run_batch
from corpora.workspace import Workspace

# Sentences written for these tests; 台风 ("typhoon") is the word the Flaky engine below cannot take.
ZH = ["河边新开了一家书店。", "书店每天晚上九点关门。", "周末有很多学生来看书。", "老板说生意越来越好。",
      "台风让书店停业了两天。", "现在书店又开门了。"]
EN = ["A bookshop has opened by the river.", "The bookshop closes at nine every evening.",
      "Many students come to read at weekends.", "The owner says business keeps improving.",
      "The typhoon closed the bookshop for two days.", "Now the bookshop is open again."]


def pair_name(chinese_file: str | Path) -> str:
    """The name of the pair a Chinese file ``NAME.zh.txt`` belongs to (titles are headlines, not names)."""
    return Path(chinese_file).name.split(".")[0]


def mt_scored(workspace: Path) -> dict[str, bool]:
    """Per stored document, by pair name: whether every row was scored with the MT signal."""
    with Workspace.open(workspace, readonly=True) as ws:
        return {pair_name(info.source): all("mt" in row.parts for row in ws.load(info.id).rows)
                for info in ws.documents()}


def make_pairs(root: Path, names: list[str]) -> Path:
    """One pair per name, the test sentences one per line (``--presegmented``), the last English one
    naming the pair."""
    folder = root / "in"
    folder.mkdir()
    for name in names:
        (folder / f"{name}.zh.txt").write_text("\n".join(ZH[:4]), encoding="utf-8")
        # each pair's own English: a batch into a workspace skips a pair repeating another's text
        (folder / f"{name}.en.txt").write_text("\n".join([*EN[:3], f"{EN[3]} ({name})"]), encoding="utf-8")
    return folder


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Records the ``mt`` each pair, by name, reached ``align_pair`` with (in-process runs: ``--jobs 1``)."""
    seen: dict[str, object] = {}
    real = pipeline.align_pair

    def recording(pair, *, mt=None, config=None, title=None):
        seen[pair_name(pair.zh_path)] = mt
        return real(pair, mt=mt, config=config, title=title)

    monkeypatch.setattr(pipeline, "align_pair", recording)
    return seen


@pytest.fixture
def no_model_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty Hugging Face cache and no converted models: no MT engine can run."""
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "empty-hub"))
    monkeypatch.delenv("ZHEN_ALIGN_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))


def test_a_pairs_mt_file_reaches_the_aligner(tmp_path, spy):
    folder = make_pairs(tmp_path, ["a", "b"])
    made_elsewhere = [f"translation {i}" for i in range(4)]
    (folder / "a.mt.txt").write_text("\n".join(made_elsewhere), encoding="utf-8")
    (folder / "b.mt.txt").write_text("".join(f"{z}\t{e}\n" for z, e in zip(ZH[:4], EN[:4], strict=True)),
                                     encoding="utf-8")
    summary = run_batch(folder, tmp_path / "out", fmt=None, workspace=tmp_path / "ws.db", jobs=1,
                        progress=False, align=PairAligner(fast=True, presegmented=True))
    assert (summary.documents, summary.without_mt, summary.failures) == (2, [], [])
    assert spy == {"a": made_elsewhere, "b": EN[:4]}
    assert mt_scored(tmp_path / "ws.db") == {"a": True, "b": True}


def test_no_mt_ignores_the_mt_files(tmp_path, spy, capsys):
    folder = make_pairs(tmp_path, ["a"])
    (folder / "a.mt.txt").write_text("\n".join(EN[:4]), encoding="utf-8")
    assert main(["batch", str(folder), "-o", str(tmp_path / "out"), "--fast", "--presegmented", "--jobs", "1",
                 "--no-mt"]) == 0
    assert spy == {"a": None}
    assert capsys.readouterr().err == ""


@pytest.mark.slow  # worker processes load the aligner
def test_without_a_model_one_line_and_the_batch_finishes(tmp_path, no_model_here, capsys):
    folder = make_pairs(tmp_path, ["a", "b", "c"])
    assert main(["batch", str(folder), "-o", str(tmp_path / "out"), "--workspace", str(tmp_path / "ws.db"),
                 "--fast", "--presegmented", "--jobs", "2"]) == 0
    out, err = capsys.readouterr()
    assert "3 documents aligned" in out and "without MT" not in out
    assert len(err.strip().splitlines()) == 1 and "not available" in err and "Traceback" not in err
    assert mt_scored(tmp_path / "ws.db") == {"a": False, "b": False, "c": False}


def test_model_translations_reach_the_aligner(tmp_path, tiny_marian, spy, capsys):
    from aligner.mt import get_translator

    folder = make_pairs(tmp_path, ["a", "b"])
    assert main(["batch", str(folder), "-o", str(tmp_path / "out"), "--fast", "--presegmented", "--jobs", "1",
                 "--model", str(tiny_marian)]) == 0
    expected = get_translator(model=str(tiny_marian), allow_gloss=False).translate(ZH[:4])
    assert spy["a"] == spy["b"] == expected and all(expected)
    assert "2 documents aligned" in capsys.readouterr().out


@pytest.mark.slow  # worker processes load the aligner
def test_workers_load_the_model_and_align_with_it(tmp_path, tiny_marian, capsys):
    folder = make_pairs(tmp_path, ["a", "b", "c"])
    (folder / "c.mt.txt").write_text("only one line", encoding="utf-8")  # c: a bad file, aligned without MT
    assert main(["batch", str(folder), "-o", str(tmp_path / "out"), "--workspace", str(tmp_path / "ws.db"),
                 "--fast", "--presegmented", "--jobs", "2", "--model", str(tiny_marian)]) == 0
    out = capsys.readouterr().out
    assert "3 documents aligned" in out and "1 aligned without MT" in out and "without MT: c: " in out
    assert mt_scored(tmp_path / "ws.db") == {"a": True, "b": True, "c": False}


class Flaky:
    """An engine that fails on one sentence."""

    name, is_gloss = "flaky", False

    def translate(self, texts: list[str]) -> list[str]:
        if any("台风" in text for text in texts):
            raise RuntimeError("out of memory\nin the decoder")
        return [f"en: {text}" for text in texts]


def test_a_failing_engine_costs_one_document_its_mt_not_the_batch(tmp_path, monkeypatch, spy):
    folder = make_pairs(tmp_path, ["a", "b", "c"])
    for name in ("a", "b"):  # their fourth sentence is the one the engine fails on
        (folder / f"{name}.zh.txt").write_text("\n".join(ZH[:3] + ZH[4:5]), encoding="utf-8")
        (folder / f"{name}.en.txt").write_text("\n".join(EN[:3] + EN[4:5]), encoding="utf-8")
    setting = MTSetting("flaky")
    monkeypatch.setitem(batch._translators, setting, Flaky())
    messages: list[str] = []
    summary = run_batch(folder, tmp_path / "out", fmt="tmx", jobs=1, progress=False, warn=messages.append,
                        align=PairAligner(fast=True, presegmented=True, mt=setting))
    assert summary.documents == 3 and summary.failures == []
    assert summary.without_mt == [("a", "RuntimeError: out of memory in the decoder"),
                                  ("b", "RuntimeError: out of memory in the decoder")]
    assert messages == ["a: aligned without MT (RuntimeError: out of memory in the decoder)"]
    assert spy["a"] is None and spy["c"] == [f"en: {z}" for z in ZH[:4]]


def test_an_engine_that_will_not_load_is_tried_once_per_process(monkeypatch):
    calls: list[str] = []

    def refuse(engine, model, **options):
        calls.append(engine)
        options["notify"](f"MT model {model!r} is not available")
        return None

    monkeypatch.setattr("aligner.mt.get_translator", refuse)
    monkeypatch.setattr(batch, "_load_errors", {})
    setting = MTSetting("transformers", "gone/model")
    for _ in range(2):
        with pytest.raises(batch.EngineUnavailable, match="'gone/model' is not available"):
            batch._translator(setting)
    assert calls == ["transformers"]
