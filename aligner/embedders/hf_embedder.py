"""Sentence embeddings from a Hugging Face checkpoint (LaBSE, bge-m3, multilingual-e5, ...) run with
transformers, found offline first exactly like the MT models (a local directory, the Hugging Face
cache, then the hub only if it answers).

A sentence-transformers layout is honoured: ``1_Pooling/config.json`` chooses CLS or mean pooling
(mean when there is no such file), a ``2_Dense`` layer (with its Tanh or Identity activation) is
applied, and vectors are always L2-normalised.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from aligner.embedders.base import EmbedderUnavailable
from aligner.mt.base import EngineUnavailable, cpu_threads, length_sorted_batches, model_label

BATCH = 32
MAX_TOKENS = 256
#: Files a sentence-embedding checkpoint needs (weights in other frameworks are never fetched).
ALLOW = ["*.json", "*.txt", "*.model", "*.safetensors", "*.bin", "*/*.json", "*/*.safetensors", "*/*.bin"]
IGNORE = ["*.onnx", "*.h5", "*.msgpack", "*.ot", "onnx/*", "openvino/*", "*/*.onnx", "*optimizer*"]
_ACTIVATIONS = {"Tanh": "tanh", "Identity": None, "ReLU": "relu"}


def model_directory(model: str) -> Path:
    """A local directory holding ``model``: the path itself, else its Hugging Face cache snapshot
    (downloaded only when the hub answers). EmbedderUnavailable with one line otherwise."""
    from aligner.mt.hub import load_offline_first

    def snapshot(name: str, local_files_only: bool) -> Path:
        if Path(name).is_dir():
            return Path(name)
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(name, local_files_only=local_files_only, allow_patterns=ALLOW,
                                      ignore_patterns=IGNORE))

    try:
        return load_offline_first(model, snapshot, kind="embedding model", option="--embedder",
                                  download=f"zhen-align models download {model}")
    except EngineUnavailable as exc:
        raise EmbedderUnavailable(str(exc)) from None


class HFEmbedder:
    """A transformers encoder with sentence-transformers pooling; vectors are unit length."""

    def __init__(self, model: str, threads: int | None = None):
        self.model_id = model
        self.name = model_label(model)
        self.threads = threads
        self._loaded: tuple | None = None

    def _load(self) -> tuple:
        if self._loaded is None:
            directory = model_directory(self.model_id)
            try:
                from aligner.mt.hub import quiet_hf

                with quiet_hf():
                    from transformers import AutoModel, AutoTokenizer

                    tokenizer = AutoTokenizer.from_pretrained(str(directory), local_files_only=True)
                    encoder = AutoModel.from_pretrained(str(directory), local_files_only=True).eval()
                pooling, dense = _pooling(directory), _dense(directory)
            except EmbedderUnavailable:
                raise
            except Exception as exc:  # broken or unusual checkpoint: one line, never a traceback
                from aligner.mt.hub import load_failure

                raise EmbedderUnavailable(f"embedding model {self.model_id!r} could not be loaded "
                                          f"({load_failure(directory, exc)})") from exc
            self._loaded = (tokenizer, encoder, pooling, dense)
        return self._loaded

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``texts``, one row each (batched by length)."""
        import torch

        tokenizer, encoder, pooling, dense = self._load()
        torch.set_num_threads(self.threads or cpu_threads())
        out: list[np.ndarray | None] = [None] * len(texts)
        for batch in length_sorted_batches(list(texts), BATCH):
            enc = tokenizer([texts[i] for i in batch], padding=True, truncation=True, max_length=MAX_TOKENS,
                            return_tensors="pt")
            with torch.inference_mode():
                hidden = encoder(**enc).last_hidden_state
                if pooling == "cls":
                    vec = hidden[:, 0]
                else:
                    mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                    vec = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
                if dense is not None:
                    weight, bias, activation = dense
                    vec = vec @ weight.T + (bias if bias is not None else 0.0)
                    if activation is not None:
                        vec = getattr(torch, activation)(vec)
                vec = torch.nn.functional.normalize(vec.float(), dim=-1)
            for row, i in enumerate(batch):
                out[i] = vec[row].numpy()
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack(out).astype(np.float32)


def _pooling(directory: Path) -> str:
    """``cls`` or ``mean``, as the sentence-transformers pooling config says (mean without one)."""
    config = directory / "1_Pooling" / "config.json"
    if config.is_file():
        data = json.loads(config.read_text(encoding="utf-8"))
        if data.get("pooling_mode_cls_token"):
            return "cls"
    return "mean"


def _dense(directory: Path):
    """``(weight, bias, activation)`` of a sentence-transformers ``2_Dense`` layer, or None."""
    folder = directory / "2_Dense"
    config = folder / "config.json"
    if not config.is_file():
        return None
    import torch

    data = json.loads(config.read_text(encoding="utf-8"))
    name = str(data.get("activation_function", "Identity")).rsplit(".", 1)[-1]
    if name not in _ACTIVATIONS:
        raise EmbedderUnavailable(f"{folder}: activation {name} is not supported (Tanh, ReLU or Identity)")
    if (folder / "model.safetensors").is_file():
        from safetensors.torch import load_file

        state = load_file(str(folder / "model.safetensors"))
    else:
        state = torch.load(folder / "pytorch_model.bin", map_location="cpu", weights_only=True)
    bias = state["linear.bias"].float() if "linear.bias" in state else None
    return state["linear.weight"].float(), bias, _ACTIVATIONS[name]
