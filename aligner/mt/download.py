"""Fetching a model into the local Hugging Face cache, and converting it for CTranslate2."""

from __future__ import annotations

from pathlib import Path

from aligner.errors import UserError
from aligner.mt.base import EngineUnavailable
from aligner.mt.ct2_engine import CONVERT_HINT
from aligner.mt.hub import (
    first_line,
    hub_offline,
    hub_reachable,
    load_offline_first,
    looks_like_path,
    quiet_hf,
)


def in_hf_cache(model: str) -> bool:
    """Whether the Hugging Face cache already holds ``model`` (its config.json at least)."""
    from huggingface_hub import try_to_load_from_cache

    return isinstance(try_to_load_from_cache(model, "config.json"), str)


def fetch(model: str) -> tuple[object, object]:
    """(tokenizer, model) of ``model``, from a local directory, the HF cache, or downloaded.

    Raises ``UserError`` naming the model when it is neither on disk nor reachable.
    """
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    if not looks_like_path(model) and not in_hf_cache(model):
        if hub_offline():
            raise UserError(f"{model}: HF_HUB_OFFLINE is set, so nothing can be downloaded; unset it on a "
                            "networked machine, or copy that machine's ~/.cache/huggingface/hub here")
        if not hub_reachable():
            raise UserError(f"{model}: huggingface.co is unreachable from here; run `zhen-align mt "
                            f"download {model}` on a networked machine and copy its "
                            "~/.cache/huggingface/hub here")
    try:
        tokenizer = load_offline_first(model, AutoTokenizer.from_pretrained)
        weights = load_offline_first(model, AutoModelForSeq2SeqLM.from_pretrained)
    except EngineUnavailable as exc:
        raise UserError(str(exc)) from exc
    return tokenizer, weights


def convert_ct2(model: str, tokenizer: object, out: Path, quantization: str = "int8") -> Path:
    """Convert ``model`` (hub id in the cache, or directory) to a self-contained CTranslate2 directory."""
    try:
        import ctranslate2
    except ImportError as exc:
        raise UserError(f"{out}: converting needs ctranslate2; pip install 'zhen-align[fast]'") from exc
    if out.exists() and any(out.iterdir()):
        raise UserError(f"{out}: directory exists and is not empty; remove it or choose another --ct2 DIR")
    try:
        with quiet_hf():
            ctranslate2.converters.TransformersConverter(model).convert(str(out), quantization=quantization,
                                                                       force=True)
            tokenizer.save_pretrained(str(out))  # type: ignore[attr-defined]
    except (ValueError, RuntimeError, OSError) as exc:
        raise UserError(f"{out}: conversion of {model} failed ({first_line(exc)}); {CONVERT_HINT}") from exc
    return out
