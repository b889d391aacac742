"""The transformers and ctranslate2 engines on a tiny random Marian model: loading, batching, beam, labels."""

from __future__ import annotations

import random
import shutil
import warnings
from pathlib import Path

import pytest

from aligner.mt.base import Translator, length_sorted_batches
from aligner.mt.hf_engine import TransformersTranslator, max_new_tokens


@pytest.fixture(scope="module")
def hf(tiny_marian: Path) -> TransformersTranslator:
    return TransformersTranslator(str(tiny_marian), batch_size=3, max_length=12, threads=1)


def test_length_sorted_batches_cover_every_index_once_longest_first() -> None:
    texts = ["a" * n for n in (3, 9, 1, 7, 5)]
    batches = list(length_sorted_batches(texts, 2))
    assert [len(b) for b in batches] == [2, 2, 1]
    flat = [i for b in batches for i in b]
    assert sorted(flat) == list(range(5))
    assert [len(texts[i]) for i in flat] == [9, 7, 5, 3, 1]


def test_transformers_engine_loads_a_local_checkpoint(hf: TransformersTranslator, tiny_marian: Path) -> None:
    assert isinstance(hf, Translator)
    assert hf.name == tiny_marian.name
    assert hf.is_gloss is False
    assert hf.model.__class__.__name__ == "MarianMTModel"
    assert "beam=1" in hf.revision


def test_outputs_depend_on_inputs(hf: TransformersTranslator, sentences: list[str]) -> None:
    out = hf.translate(sentences)
    assert len(out) == len(sentences)
    assert all(out)
    assert len(set(out)) > 1  # otherwise the order tests below would prove nothing


def test_batching_restores_input_order(hf: TransformersTranslator, sentences: list[str]) -> None:
    singles = {s: hf.translate([s])[0] for s in sentences}
    shuffled = sentences[:]
    random.Random(7).shuffle(shuffled)
    calls = hf.calls
    batched = hf.translate(shuffled)
    assert batched == [singles[s] for s in shuffled]
    assert hf.calls - calls == 3  # 8 sentences in batches of 3


def test_blank_inputs_give_empty_strings_without_running_the_model(hf: TransformersTranslator,
                                                                   sentences: list[str]) -> None:
    calls = hf.calls
    assert hf.translate(["", "   "]) == ["", ""]
    assert hf.calls == calls
    out = hf.translate(["", sentences[0], " "])
    assert out[0] == "" and out[2] == "" and out[1] == hf.translate([sentences[0]])[0]


def test_beam_and_length_reach_generate(tiny_marian: Path, sentences: list[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    tr = TransformersTranslator(str(tiny_marian), beam=3, max_length=5, threads=1)
    seen: list[dict] = []
    real = tr.model.generate

    def spy(*args, **kwargs):
        seen.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(tr.model, "generate", spy)
    out = tr.translate(sentences[:2])
    assert [k["num_beams"] for k in seen] == [3]
    assert seen[0]["max_new_tokens"] == 5
    assert "attention_mask" in seen[0]
    assert all(len(tr.tokenizer(o)["input_ids"]) <= 5 + 1 for o in out)
    assert "beam=3" in tr.revision


def test_output_length_is_bounded_by_input_length() -> None:
    assert max_new_tokens(10) < max_new_tokens(20)
    assert max_new_tokens(1) >= 3


def test_revision_follows_the_model_files(tiny_marian: Path, tmp_path: Path) -> None:
    copy = shutil.copytree(tiny_marian, tmp_path / "copy")
    first = TransformersTranslator(str(copy), threads=1).revision
    (copy / "generation_config.json").write_text(
        (copy / "generation_config.json").read_text(encoding="utf-8").replace("{", '{"num_beams": 1,', 1),
        encoding="utf-8")
    assert TransformersTranslator(str(copy), threads=1).revision != first


def test_ct2_engine_translates_in_order(tiny_ct2: Path, sentences: list[str]) -> None:
    from aligner.mt.ct2_engine import CT2Translator, is_ct2_dir

    assert is_ct2_dir(tiny_ct2)
    tr = CT2Translator(tiny_ct2, batch_size=3, max_length=12, threads=1)
    assert tr.name == "ct2:tiny-opus-mt-zh-en int8"
    assert tr.is_gloss is False
    out = tr.translate(sentences)
    assert len(set(out)) > 1 and all(out)
    shuffled = sentences[::-1]
    assert tr.translate(shuffled) == out[::-1]
    assert [tr.translate([s])[0] for s in sentences[:3]] == out[:3]
    assert tr.translate(["", sentences[1]]) == ["", out[1]]


def test_ct2_engine_takes_the_tokenizer_from_the_original_model(tiny_ct2: Path, tiny_marian: Path,
                                                                tmp_path: Path, sentences: list[str]) -> None:
    from aligner.mt.base import EngineUnavailable
    from aligner.mt.ct2_engine import CT2Translator

    bare = tmp_path / "bare-ct2"
    bare.mkdir()
    for name in ("model.bin", "config.json", "shared_vocabulary.json"):
        shutil.copy(tiny_ct2 / name, bare / name)
    tr = CT2Translator(bare, tokenizer=str(tiny_marian), threads=1)
    assert tr.translate(sentences[:2]) == CT2Translator(tiny_ct2, threads=1).translate(sentences[:2])
    with pytest.raises(EngineUnavailable, match="opus-mt-zh-en"):
        CT2Translator(bare)  # default tokenizer = the hub model, not cached here and offline


def test_ct2_engine_rejects_a_directory_that_is_not_converted(tiny_marian: Path) -> None:
    from aligner.mt.base import EngineUnavailable
    from aligner.mt.ct2_engine import CT2Translator

    with pytest.raises(EngineUnavailable, match="ct2-transformers-converter"):
        CT2Translator(tiny_marian)


def test_ct2_float32_agrees_with_transformers_token_for_token(tiny_marian: Path, tmp_path: Path,
                                                              sentences: list[str]) -> None:
    ctranslate2 = pytest.importorskip("ctranslate2")
    from aligner.mt.ct2_engine import CT2Translator

    out = tmp_path / "fp32-ct2"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ctranslate2.converters.TransformersConverter(str(tiny_marian)).convert(str(out))
    ct2 = CT2Translator(out, tokenizer=str(tiny_marian), compute_type="float32", threads=1, max_length=10)
    hf = TransformersTranslator(str(tiny_marian), threads=1, max_length=10)
    pairs = list(zip(ct2.translate(sentences), hf.translate(sentences), strict=True))
    # transformers forces </s> as the last of the 10 tokens, so its text is a prefix of CTranslate2's
    assert all(c.startswith(h) and len(h) > 0 for c, h in pairs), pairs
