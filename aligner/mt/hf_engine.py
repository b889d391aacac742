"""The ``transformers`` engine: any seq2seq checkpoint (OPUS-MT by default, NLLB, M2M100...) on torch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
from aligner.mt.hub import check_obtainable, load_offline_first, looks_like_path, quiet_hf
from aligner.mt.languages import setup_languages

MAX_INPUT_TOKENS = 512  # OPUS-MT's position limit
LENGTH_FACTOR = 3       # as Marian's --max-length-factor: output tokens at most 3x the input, plus a margin


def max_new_tokens(input_tokens: int) -> int:
    """Upper bound on output tokens for an input of ``input_tokens`` (stops runaway repetition)."""
    return LENGTH_FACTOR * input_tokens + 8


def _revision(model: str) -> str:
    """The commit of a hub model in the HF cache, or a fingerprint of a local directory's files."""
    if looks_like_path(model):
        files = [p for p in Path(model).expanduser().iterdir()
                 if p.is_file() and p.suffix in {".json", ".safetensors", ".bin", ".spm", ".model"}]
        return fingerprint(files)
    from huggingface_hub import try_to_load_from_cache

    config = try_to_load_from_cache(model, "config.json")
    return Path(config).parent.name if isinstance(config, str) else "hub"


class TransformersTranslator:
    """Translation with a ``AutoModelForSeq2SeqLM`` checkpoint: hub id (cached) or local directory."""

    is_gloss = False
    engine = "transformers"

    def __init__(self, model: str | None = None, *, beam: int = DEFAULT_BEAM,
                 max_length: int = DEFAULT_MAX_LENGTH, batch_size: int = DEFAULT_BATCH_SIZE,
                 device: str | None = None, threads: int | None = None,
                 direction: Direction = "zh-en") -> None:
        """Load ``model`` (default: the direction's OPUS-MT model); raises ``EngineUnavailable`` (one line)
        when it cannot be had here."""
        model = model or DEFAULT_MODELS[direction]
        check_obtainable(str(model))  # before importing torch: a model that cannot run costs nothing
        try:
            import torch
            from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
        except ImportError as exc:
            raise EngineUnavailable(f"the transformers engine needs torch and transformers ({exc}); "
                                    "pip install zhen-align's dependencies") from exc

        self.model_id = str(model)
        self.beam = max(1, beam)
        self.max_length = max(1, max_length)
        self.batch_size = max(1, batch_size)
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        if self.device == "cpu":
            torch.set_num_threads(threads or cpu_threads())
        self.tokenizer = load_offline_first(self.model_id, AutoTokenizer.from_pretrained)
        dtype = torch.float16 if self.device.startswith("cuda") else torch.float32
        loaded = load_offline_first(
            self.model_id, lambda m, **kw: AutoModelForSeq2SeqLM.from_pretrained(m, dtype=dtype, **kw))
        self.model = loaded.to(self.device).eval()
        self.forced_bos = setup_languages(self.tokenizer, direction)
        self.name = model_label(self.model_id)
        self.revision = f"{_revision(self.model_id)} beam={self.beam} max={self.max_length}"
        self.calls = 0  # generate() calls, for tests and statistics

    def _generate(self, batch: list[str]) -> list[str]:
        import torch

        encoded = self.tokenizer(batch, return_tensors="pt", padding=True, truncation=True,
                                 max_length=MAX_INPUT_TOKENS).to(self.device)
        longest = int(encoded["input_ids"].shape[1])
        options: dict[str, Any] = {"num_beams": self.beam,
                                   "max_new_tokens": min(self.max_length, max_new_tokens(longest))}
        if self.forced_bos is not None:
            options["forced_bos_token_id"] = self.forced_bos
        with torch.inference_mode(), quiet_hf():
            output = self.model.generate(**encoded, **options)  # **encoded passes attention_mask
        self.calls += 1
        return [text.strip() for text in self.tokenizer.batch_decode(output, skip_special_tokens=True)]

    def translate(self, texts: list[str]) -> list[str]:
        """Translations of ``texts`` in order; batched by length, blank inputs give ``""``."""
        out = [""] * len(texts)
        todo = [i for i, text in enumerate(texts) if text.strip()]
        sources = [texts[i].strip() for i in todo]
        for batch in length_sorted_batches(sources, self.batch_size):
            for j, text in zip(batch, self._generate([sources[j] for j in batch]), strict=True):
                out[todo[j]] = text
        return out
