"""Language codes for many-to-many tokenizers (NLLB, M2M100, mBART-50), built on the tiny model's files."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from aligner.mt.languages import setup_languages


def _quiet(factory, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return factory(**kwargs)


@pytest.mark.parametrize(("cls", "files", "source", "target"), [
    ("NllbTokenizer", {"vocab_file": "source.spm"}, "zho_Hans", "eng_Latn"),
    ("M2M100Tokenizer", {"vocab_file": "vocab.json", "spm_file": "source.spm"}, "zh", "__en__"),
    ("MBart50Tokenizer", {"vocab_file": "source.spm"}, "zh_CN", "en_XX"),
])
def test_source_is_chinese_and_target_english(tiny_marian: Path, cls: str, files: dict[str, str],
                                              source: str, target: str) -> None:
    import transformers

    tokenizer = _quiet(getattr(transformers, cls), **{k: str(tiny_marian / v) for k, v in files.items()})
    target_id = setup_languages(tokenizer)
    assert target_id is not None
    assert tokenizer.convert_ids_to_tokens(target_id) == target
    assert tokenizer.src_lang == source
    first = tokenizer.convert_ids_to_tokens(tokenizer("中文")["input_ids"])[0]
    assert source in first  # the source-language token leads the input
    reverse_id = setup_languages(tokenizer, "en-zh")           # the other way: English in, Chinese out
    assert tokenizer.src_lang == target.strip("_") and tokenizer.convert_ids_to_tokens(reverse_id) in (
        source, f"__{source}__")


def test_opus_mt_tokenizers_need_no_codes(tiny_marian: Path) -> None:
    from transformers import MarianTokenizer

    tokenizer = _quiet(MarianTokenizer.from_pretrained, pretrained_model_name_or_path=str(tiny_marian))
    before = tokenizer("中文")["input_ids"]
    assert setup_languages(tokenizer) is None
    assert tokenizer("中文")["input_ids"] == before
