"""The ``ctranslate2`` engine (optional extra ``fast``): a converted, int8-quantised model directory.

Convert once, on a machine holding the Hugging Face model::

    ct2-transformers-converter --model Helsinki-NLP/opus-mt-zh-en --output_dir opus-mt-zh-en-ct2 \
        --quantization int8

The tokenizer is read from the converted directory when its files were copied there (``zhen-align mt
download --ct2 DIR`` does so), otherwise from the original model (local directory or HF cache).
"""

from __future__ import annotations

from pathlib import Path

from aligner.mt.base import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_BEAM,
    DEFAULT_MAX_LENGTH,
    DEFAULT_MODELS,
    Direction,
    EngineUnavailable,
    cpu_threads,
    fingerprint,
    length_sorted_batches,
    model_label,
)
from aligner.mt.hf_engine import MAX_INPUT_TOKENS, max_new_tokens
from aligner.mt.hub import first_line, has_tokenizer, load_offline_first, quiet_hf
from aligner.mt.languages import setup_languages

CONVERT_HINT = ("convert a model with `ct2-transformers-converter --model Helsinki-NLP/opus-mt-zh-en "
                "--output_dir opus-mt-zh-en-ct2 --quantization int8` or `zhen-align mt download --ct2 DIR`")


def is_ct2_dir(path: str | Path | None) -> bool:
    """Whether ``path`` is a CTranslate2 model directory (``model.bin`` next to its ``config.json``)."""
    if path is None:
        return False
    directory = Path(path).expanduser()
    return (directory / "model.bin").is_file() and (directory / "config.json").is_file()


class CT2Translator:
    """Translation with a CTranslate2 model directory, tokenised by the model's own tokenizer."""

    is_gloss = False
    engine = "ctranslate2"

    def __init__(self, model_dir: str | Path, *, tokenizer: str | None = None, beam: int = DEFAULT_BEAM,
                 max_length: int = DEFAULT_MAX_LENGTH, batch_size: int = DEFAULT_BATCH_SIZE,
                 threads: int | None = None, device: str | None = None,
                 compute_type: str | None = None, direction: Direction = "zh-en") -> None:
        """Load a converted directory; raises ``EngineUnavailable`` (one line) when that is impossible.

        ``compute_type`` defaults to int8 (int8_float16 on CUDA), whatever the directory was saved as.
        """
        try:
            import ctranslate2
        except ImportError as exc:
            raise EngineUnavailable("the ctranslate2 engine needs the optional extra: "
                                    "pip install 'zhen-align[fast]'") from exc
        from transformers import AutoTokenizer

        directory = Path(model_dir).expanduser()
        if not is_ct2_dir(directory):
            raise EngineUnavailable(f"{directory}: not a CTranslate2 model directory (no model.bin); "
                                    f"{CONVERT_HINT}")
        self.model_dir = directory
        self.model_id = str(directory)
        self.beam = max(1, beam)
        self.max_length = max(1, max_length)
        self.batch_size = max(1, batch_size)
        if device is None:
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        compute_type = compute_type or ("int8_float16" if device == "cuda" else "int8")
        try:
            self.translator = ctranslate2.Translator(str(directory), device=device, compute_type=compute_type,
                                                     intra_threads=threads or cpu_threads())
        except (RuntimeError, ValueError) as exc:
            raise EngineUnavailable(
                f"{directory}: CTranslate2 could not load it ({first_line(exc)}); {CONVERT_HINT}") from exc
        source = str(directory) if has_tokenizer(directory) else (tokenizer or DEFAULT_MODELS[direction])
        self.tokenizer = load_offline_first(source, AutoTokenizer.from_pretrained)
        target_id = setup_languages(self.tokenizer, direction)
        self.target_prefix = None if target_id is None else self.tokenizer.convert_ids_to_tokens(target_id)
        self.compute_type = self.translator.compute_type.removesuffix("_float32")
        label = model_label(directory).removesuffix("-ct2").removesuffix("-ctranslate2")
        self.name = f"ct2:{label} {self.compute_type}"
        self.revision = (f"{fingerprint([directory / 'model.bin', directory / 'config.json'])} "
                         f"beam={self.beam} max={self.max_length}")
        self.calls = 0

    def _tokens(self, text: str) -> list[str]:
        ids = self.tokenizer.encode(text, truncation=True, max_length=MAX_INPUT_TOKENS)
        return self.tokenizer.convert_ids_to_tokens(ids)

    def _decode(self, tokens: list[str]) -> str:
        ids = self.tokenizer.convert_tokens_to_ids(tokens)
        return self.tokenizer.decode(ids, skip_special_tokens=True).strip()

    def translate(self, texts: list[str]) -> list[str]:
        """Translations of ``texts`` in order; batched by token length, blank inputs give ``""``."""
        out = [""] * len(texts)
        todo = [i for i, text in enumerate(texts) if text.strip()]
        with quiet_hf():
            tokens = [self._tokens(texts[i].strip()) for i in todo]
        lengths = [len(t) for t in tokens]
        for batch in length_sorted_batches(range(len(tokens)), self.batch_size, key=lengths.__getitem__):
            prefix = None if self.target_prefix is None else [[self.target_prefix]] * len(batch)
            results = self.translator.translate_batch(
                [tokens[j] for j in batch], target_prefix=prefix, beam_size=self.beam,
                max_decoding_length=min(self.max_length, max_new_tokens(lengths[batch[0]])))
            self.calls += 1
            for j, result in zip(batch, results, strict=True):
                hypothesis = result.hypotheses[0]
                if self.target_prefix is not None and hypothesis[:1] == [self.target_prefix]:
                    hypothesis = hypothesis[1:]
                out[todo[j]] = self._decode(hypothesis)
        return out

