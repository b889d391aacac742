"""Fixtures for the MT tests: no network at all, and a tiny random Marian zh->en model built on the fly.

The model is laid out like an OPUS-MT checkpoint (sentencepiece source/target models, vocab.json with
``<pad>`` as the LAST id, as CTranslate2's converter requires). Its weights are random with a large
``init_std`` so that different inputs give different outputs; the sentences below were written for
these tests.
"""

from __future__ import annotations

import json
import os
import socket
import warnings
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"  # before anything imports huggingface_hub
os.environ["TRANSFORMERS_OFFLINE"] = "1"

ZH = ["今天的会议讨论了城市交通问题。", "市政府计划明年修建三条新地铁线。", "专家认为公共交通应该更便宜。",
      "很多市民每天骑自行车上班。", "新的公交车使用电力驱动。", "2024年，全市有八百万人乘坐地铁。",
      "他说，空气质量正在改善。", "我们需要更多的绿色空间。"]
EN = ["Today's meeting discussed urban transport.", "The city plans three new metro lines next year.",
      "Experts think public transport should be cheaper.", "Many residents cycle to work every day.",
      "The new buses run on electricity.", "In 2024, eight million people rode the metro.",
      "He said air quality is improving.", "We need more green space."]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test in tests/mt runs offline: HF offline mode, and outbound connections refused."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    try:
        from huggingface_hub import constants
    except ImportError:
        pass
    else:
        monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    real_connect = socket.socket.connect

    def guarded(sock: socket.socket, address: object) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0] if isinstance(address, tuple) else address
            if host not in ("127.0.0.1", "::1", "localhost"):
                raise OSError(f"tests/mt must not use the network (tried {address!r})")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket, "create_connection", _refuse_connection)


def _refuse_connection(address: object, *args: object, **kwargs: object) -> socket.socket:
    raise OSError(f"tests/mt must not use the network (tried {address!r})")


def build_tiny_marian(out: Path, seed: int = 0) -> Path:
    """Write a tiny random zh->en MarianMT checkpoint (tokenizer + weights) to ``out``."""
    import tempfile

    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for side, lines in (("source", ZH), ("target", EN)):
            corpus = Path(tmp) / f"{side}.txt"
            corpus.write_text("\n".join(lines * 5), encoding="utf-8")
            spm.SentencePieceTrainer.train(
                input=str(corpus), model_prefix=str(Path(tmp) / side), vocab_size=200,
                hard_vocab_limit=False, character_coverage=1.0, model_type="unigram",
                unk_id=0, bos_id=-1, eos_id=1, pad_id=-1, minloglevel=2)
            (out / f"{side}.spm").write_bytes((Path(tmp) / f"{side}.model").read_bytes())
    vocab = {"</s>": 0, "<unk>": 1}
    for side in ("source", "target"):
        sp = spm.SentencePieceProcessor(model_file=str(out / f"{side}.spm"))
        for i in range(sp.get_piece_size()):
            piece = sp.id_to_piece(i)
            if piece not in ("<unk>", "</s>", "<s>"):
                vocab.setdefault(piece, len(vocab))
    vocab["<pad>"] = len(vocab)  # last id, as in OPUS-MT: CTranslate2's converter requires it
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    with warnings.catch_warnings():  # "Recommended: pip install sacremoses" (not needed for Chinese)
        warnings.simplefilter("ignore")
        tokenizer = MarianTokenizer(vocab=str(out / "vocab.json"), source_spm=str(out / "source.spm"),
                                    target_spm=str(out / "target.spm"), source_lang="zh", target_lang="en")
    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab), decoder_vocab_size=len(vocab), d_model=32, encoder_layers=1,
        decoder_layers=1, encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64,
        decoder_ffn_dim=64, max_position_embeddings=512, pad_token_id=pad, eos_token_id=0,
        decoder_start_token_id=pad, forced_eos_token_id=0, scale_embedding=True,
        share_encoder_decoder_embeddings=True, init_std=0.5)  # large: outputs depend on inputs
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    with torch.no_grad():  # OPUS-MT's <pad> row is zero; CTranslate2 starts decoding from a zero vector
        model.get_input_embeddings().weight[pad].zero_()
    model.generation_config.bad_words_ids = [[pad]]
    tokenizer.save_pretrained(out)
    model.save_pretrained(out)
    return out


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Directory of a tiny random Marian zh->en checkpoint (built once per session and worker)."""
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian") / "tiny-opus-mt-zh-en")


@pytest.fixture(scope="session")
def tiny_ct2(tiny_marian: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model converted to a CTranslate2 int8 directory (tokenizer files copied along)."""
    ctranslate2 = pytest.importorskip("ctranslate2")
    out = tmp_path_factory.mktemp("tiny-ct2") / "tiny-opus-mt-zh-en-ct2"
    files = ["source.spm", "target.spm", "vocab.json", "tokenizer_config.json"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ctranslate2.converters.TransformersConverter(str(tiny_marian), copy_files=files).convert(
            str(out), quantization="int8")
    return out


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private user cache directory (``$XDG_CACHE_HOME``), and no ``$ZHEN_ALIGN_CACHE`` from the caller's
    environment to override it: the tests that read the default cache location see this one."""
    monkeypatch.delenv("ZHEN_ALIGN_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg"


@pytest.fixture
def sentences() -> list[str]:
    """Chinese test sentences of varied length (written for these tests)."""
    return list(ZH)


@pytest.fixture
def hf_cache(tiny_marian: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A private Hugging Face hub cache holding the tiny model as hub id ``zhen-align/tiny-opus-mt-zh-en``."""
    from huggingface_hub import constants

    repo = "zhen-align/tiny-opus-mt-zh-en"
    commit = "0123456789abcdef0123456789abcdef01234567"
    root = tmp_path / "hf-hub"
    entry = root / f"models--{repo.replace('/', '--')}"
    (entry / "refs").mkdir(parents=True)
    (entry / "refs" / "main").write_text(commit, encoding="utf-8")
    snapshot = entry / "snapshots" / commit
    snapshot.mkdir(parents=True)
    for path in tiny_marian.iterdir():
        (snapshot / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(root))
    return repo


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that need the tiny Marian model are slow: the first one builds it (seconds), and each loads
    torch and transformers."""
    for item in items:
        if "tiny_marian" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
