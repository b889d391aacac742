"""Chinese without sentence ends: how well comma-only text aligns, and the figure behind
:data:`aligner.segment.zh.CLAUSE_PIECE_CHARS`.

    python -m bench.unended [--out bench/unended.md]

Each wmt22-news document of ``../shared/eval/zhen`` has every 。！？ of its Chinese made a comma and its
lines joined into one (as ASR output and comma-only transcripts come), and goes through the pipeline of
``align`` (segmentation, anchors, the one-sided rule; no MT; the default scorer and ``--fast``) against its
English, one segment per line.
For each gold bead, the Chinese characters of the rows that hold its English are compared with its own
Chinese characters (Jaccard; the mean weighs each bead by its Chinese length): 1 when every English
segment sits beside exactly its Chinese. "before" is the segmentation without the clause fallback (pieces
of up to 1,000 characters) with the one-sided rule its sentence counts trigger.
"""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import aligner.segment.zh as zh_rules
from aligner.api import AlignConfig, align
from aligner.beads import parse_beads
from bench.align_bench import machine
from bench.align_speed import SHARED
from corpora.fileio import write_text
from corpora.pipeline import one_sided, pair_from_texts

SET = SHARED / "eval" / "zhen" / "wmt22-news"
PIECE_CHARS = (0, 10, 20, 30, 40)


def _offsets(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Where each of ``pieces`` (in order, stripped) lies in ``text``."""
    out, pos = [], 0
    for piece in pieces:
        start = text.index(piece, pos)
        out.append((start, start + len(piece)))
        pos = start + len(piece)
    return out


def _chars(spans: list[tuple[int, int]], indices: tuple[int, ...]) -> set[int]:
    return {c for k in indices for c in range(*spans[k])}


def measure(config: AlignConfig, *, before: bool = False) -> tuple[int, int, float]:
    """Rows, rows with both sides and the weighted Jaccard over the set's documents."""
    rows = both = 0
    weighed: list[tuple[float, int]] = []
    for zh_path in sorted((SET / "zh").glob("*.txt")):
        zh_lines = [line.translate(str.maketrans("。！？", "，，，"))
                    for line in zh_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        en_lines = [line for line in (SET / "en" / zh_path.name).read_text(encoding="utf-8").splitlines()
                    if line.strip()]
        zh_text, en_text = "".join(zh_lines), "\n".join(en_lines)
        pair = pair_from_texts(zh_text, en_text)
        beads = align(pair.zh.sentences, pair.en.sentences, anchors=pair.anchors, config=config,
                      one_sided=None if before else one_sided(pair))
        rows += len(beads)
        both += sum(bool(b.zh and b.en) for b in beads)
        zh_gold, en_gold = _offsets(zh_text, zh_lines), _offsets(en_text, en_lines)
        zh_out, en_out = _offsets(zh_text, pair.zh.sentences), _offsets(en_text, pair.en.sentences)
        gold_path = SET / "gold" / f"{zh_path.stem}.align"
        for gold in parse_beads(gold_path.read_text(encoding="utf-8").splitlines()):
            own, english = _chars(zh_gold, gold.zh), _chars(en_gold, gold.en)
            given = {c for b in beads if _chars(en_out, b.en) & english for c in _chars(zh_out, b.zh)}
            union = own | given
            weighed.append((len(own & given) / len(union) if union else 1.0, len(own)))
    return rows, both, sum(j * n for j, n in weighed) / sum(n for _, n in weighed)


@contextmanager
def _without_fallback() -> Iterator[None]:
    """The segmenter as it was before the clause fallback: run-on sentences kept for blind cutting."""
    with mock.patch("aligner.segment.cut_run_ons", lambda sentences: (sentences, False)):
        yield


def table(config: AlignConfig) -> list[str]:
    """The Markdown table of one scorer: before, then each piece size."""
    lines = ["| segmentation | rows | rows with both sides | Jaccard |", "|---|---|---|---|"]
    with _without_fallback():
        rows, both, jaccard = measure(config, before=True)
    lines.append(f"| before: pieces of up to 1,000 characters, one-sided rule | {rows} | {both} | "
                 f"{jaccard:.3f} |")
    for chars in PIECE_CHARS:
        with mock.patch.object(zh_rules, "CLAUSE_PIECE_CHARS", chars):
            rows, both, jaccard = measure(config)
        chosen = " (chosen)" if chars == zh_rules.CLAUSE_PIECE_CHARS else ""
        lines.append(f"| cut at the first clause mark after {chars} characters{chosen} | {rows} | {both} | "
                     f"{jaccard:.3f} |")
    return lines


def main() -> None:
    """Measure and write the page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("unended.md"))
    args = parser.parse_args()
    lines = ["# Chinese without sentence ends", "",
             f"Run {datetime.date.today()} by `python -m bench.unended`; {machine()}.", "",
             "wmt22-news, 38 documents, every 。！？ of the Chinese made a comma and its lines joined into "
             "one; English one segment per line; no MT. Jaccard: the Chinese of the rows holding each gold "
             "bead's English against that bead's own Chinese (characters; weighed by its length)."]
    for name, config in (("default scorer", AlignConfig()), ("`--fast`", AlignConfig.fast())):
        lines += ["", f"## {name}", "", *table(config)]
    page = "\n".join(lines) + "\n"
    write_text(args.out, page)
    print(page)


if __name__ == "__main__":
    main()
