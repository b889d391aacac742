"""Speed of the MT engines on this CPU, for a model of the real opus-mt-zh-en architecture and size.

No weights are downloaded: a MarianMT model is built from the published opus-mt-zh-en dimensions
(vocab 65001, d_model 512, 6+6 layers, 8 heads, FFN 2048, 77.9M parameters) with random weights and
a character-level sentencepiece tokenizer trained on a few sentences written for this script, so that
every input has a known number of tokens. End-of-sentence is made impossible (a -1e4 output bias),
so every output runs to the length the engine allows; ``max_length`` is set to 1.3x the input
tokens, a realistic zh->en output length. Both engines are driven through their zhen-align classes
(tokenising, length-sorted batching, decoding included), the CTranslate2 one on an int8 conversion.

    python bench/mt_bench.py                    # transformers fp32 vs ctranslate2 int8, batch 1/8/32
    python bench/mt_bench.py --beam 4 --batches 32

Prints a Markdown table; the latest figures are in bench/mt.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing here needs the network
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aligner.mt.base import cpu_threads
from aligner.mt.ct2_engine import CT2Translator
from aligner.mt.hf_engine import TransformersTranslator

# Written for this benchmark: plain sentences in the register of a city news report.
TEXT = (
    "市政府星期三宣布，明年将在城市东部修建两条新的地铁线路，预计总投资超过三百亿元。"
    "交通部门的负责人在新闻发布会上说，新线路建成以后，每天可以多运送大约六十万名乘客。"
    "一些市民表示欢迎，但也有人担心施工期间道路会更加拥堵，附近的商店生意可能受到影响。"
    "专家认为，发展公共交通是减少空气污染和交通事故的重要办法，其他城市也应该学习这样的经验。"
    "根据计划，第一条线路将在两年内完成，第二条线路则需要更长的时间，因为它要经过老城区和河流。"
    "市长还提到，政府会继续增加公共汽车的数量，并且在主要街道上建设更多安全的自行车道。"
)
OPUS_MT_ZH_EN = {"vocab_size": 65001, "d_model": 512, "encoder_layers": 6, "decoder_layers": 6,
                 "encoder_attention_heads": 8, "decoder_attention_heads": 8, "encoder_ffn_dim": 2048,
                 "decoder_ffn_dim": 2048, "activation_function": "swish", "scale_embedding": True,
                 "static_position_embeddings": True, "max_position_embeddings": 512}


def build_model(out: Path, seed: int = 0) -> Path:
    """A random-weight MarianMT checkpoint with opus-mt-zh-en's shape and a char-level tokenizer."""
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out.mkdir(parents=True, exist_ok=True)
    corpus = out / "corpus.txt"
    corpus.write_text("\n".join(TEXT[i:i + 40] for i in range(0, len(TEXT), 40)), encoding="utf-8")
    spm.SentencePieceTrainer.train(input=str(corpus), model_prefix=str(out / "char"), model_type="char",
                                   vocab_size=400, hard_vocab_limit=False, character_coverage=1.0,
                                   unk_id=0, bos_id=-1, eos_id=1, pad_id=-1, minloglevel=2)
    corpus.unlink()
    for side in ("source", "target"):
        (out / f"{side}.spm").write_bytes((out / "char.model").read_bytes())
    sp = spm.SentencePieceProcessor(model_file=str(out / "char.model"))
    vocab = {"</s>": 0, "<unk>": 1}
    for i in range(sp.get_piece_size()):
        vocab.setdefault(sp.id_to_piece(i), len(vocab))
    size = OPUS_MT_ZH_EN["vocab_size"]
    for i in range(size - 1 - len(vocab)):  # fill up to the real vocabulary size
        vocab[f"▁w{i}"] = len(vocab)
    vocab["<pad>"] = size - 1  # last id, as in OPUS-MT (CTranslate2 requires it)
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    for name in ("char.model", "char.vocab"):
        (out / name).unlink()
    tokenizer = MarianTokenizer(vocab=str(out / "vocab.json"), source_spm=str(out / "source.spm"),
                                target_spm=str(out / "target.spm"), source_lang="zh", target_lang="en")
    pad = size - 1
    config = MarianConfig(**OPUS_MT_ZH_EN, decoder_vocab_size=size, pad_token_id=pad, eos_token_id=0,
                          decoder_start_token_id=pad, forced_eos_token_id=0,
                          share_encoder_decoder_embeddings=True)
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    with torch.no_grad():
        model.get_input_embeddings().weight[pad].zero_()
        model.final_logits_bias[0, 0] = -1e4  # never end early: outputs run to the allowed length
    model.generation_config.bad_words_ids = [[pad]]
    tokenizer.save_pretrained(out)
    model.save_pretrained(out)
    return out


def convert(model_dir: Path, out: Path) -> Path:
    """The CTranslate2 int8 conversion, tokenizer files copied along."""
    import ctranslate2

    files = ["source.spm", "target.spm", "vocab.json", "tokenizer_config.json"]
    ctranslate2.converters.TransformersConverter(str(model_dir), copy_files=files).convert(
        str(out), quantization="int8")
    return out


def inputs(n: int, chars: int) -> list[str]:
    """``n`` distinct sentences of ``chars`` characters cut from TEXT."""
    step = max(1, (len(TEXT) - chars) // n)
    return [TEXT[i * step:i * step + chars] for i in range(n)]


def output_lengths(engine: TransformersTranslator | CT2Translator) -> list[int]:
    """Record the number of generated tokens per sentence (spying on the engine's model call)."""
    lengths: list[int] = []
    if isinstance(engine, TransformersTranslator):
        generate = engine.model.generate

        def spy_hf(*args, **kwargs):
            result = generate(*args, **kwargs)
            lengths.extend([result.shape[1] - 1] * result.shape[0])  # minus the start token
            return result

        engine.model.generate = spy_hf
    else:
        translate_batch = engine.translator.translate_batch

        def spy_ct2(*args, **kwargs):
            results = translate_batch(*args, **kwargs)
            lengths.extend(len(r.hypotheses[0]) for r in results)
            return results

        engine.translator = type("Spy", (), {"translate_batch": staticmethod(spy_ct2)})()
    return lengths


def run(args: argparse.Namespace) -> None:
    """Build, convert, time, print."""
    load_before = os.getloadavg()[0]
    args.threads = args.threads or cpu_threads()
    with tempfile.TemporaryDirectory(prefix="zhen-align-mt-bench-") as tmp:
        started = time.perf_counter()
        model_dir = build_model(Path(tmp) / "opus-mt-zh-en-random")
        built = time.perf_counter() - started
        ct2_dir = convert(model_dir, Path(tmp) / "opus-mt-zh-en-random-ct2")
        converted = time.perf_counter() - started - built
        sentences = inputs(args.sentences, args.chars)
        rows = []
        for kind in args.engines:
            for batch in args.batches:
                n = args.sentences if batch > 1 else min(args.sentences, args.batch1_sentences)
                probe = TransformersTranslator(str(model_dir), threads=args.threads)
                src_tokens = statistics.mean(len(probe.tokenizer(s)["input_ids"]) for s in sentences[:n])
                max_length = round(1.3 * src_tokens)
                options = {"beam": args.beam, "max_length": max_length, "batch_size": batch,
                           "threads": args.threads}
                t0 = time.perf_counter()
                engine = (TransformersTranslator(str(model_dir), **options) if kind == "transformers"
                          else CT2Translator(ct2_dir, **options))
                load = time.perf_counter() - t0
                lengths = output_lengths(engine)
                t0 = time.perf_counter()
                out = engine.translate(sentences[:n])
                seconds = time.perf_counter() - t0
                assert len(out) == n
                rows.append((engine.name, batch, n, src_tokens, statistics.mean(lengths), load, seconds))
                print(f"{engine.name:28} batch {batch:>2}: {n} sentences in {seconds:6.1f} s "
                      f"({n / seconds:5.2f}/s), {src_tokens:.0f} -> {statistics.mean(lengths):.0f} tokens",
                      file=sys.stderr, flush=True)
    print(f"\nMachine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"threads={args.threads}, beam={args.beam}; load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after. Build {built:.1f} s, int8 conversion {converted:.1f} s.\n")
    print("| engine | batch | sentences | tokens in → out | load (s) | time (s) | sentences/s |"
          " 60 sentences (s) |")
    print("|---|---|---|---|---|---|---|---|")
    for name, batch, n, src, tgt, load, seconds in rows:
        print(f"| {name} | {batch} | {n} | {src:.0f} → {tgt:.0f} | {load:.1f} | {seconds:.1f} | "
              f"{n / seconds:.2f} | {60 * seconds / n:.1f} |")


def main() -> None:
    """Command line of the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", type=lambda s: s.split(","), default=["transformers", "ctranslate2"])
    parser.add_argument("--batches", type=lambda s: [int(x) for x in s.split(",")], default=[1, 8, 32])
    parser.add_argument("--sentences", type=int, default=60, help="an article of this many sentences")
    parser.add_argument("--batch1-sentences", type=int, default=16,
                        help="sentences timed at batch size 1 (slow; sentences/s is what counts)")
    parser.add_argument("--chars", type=int, default=38, help="characters per input sentence")
    parser.add_argument("--beam", type=int, default=1)
    parser.add_argument("--threads", type=int, default=None,
                        help="CPU threads (default: zhen-align's choice, the CPUs other work leaves free)")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
