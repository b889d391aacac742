"""The figures behind ``align``'s "the two texts look unrelated" warning
(:data:`corpora.pipeline.UNRELATED_MEDIAN`, and ``UNRELATED_MEDIAN_FAST`` for ``--fast``).

    python -m bench.relatedness [--out bench/relatedness.md]

Aligns every document of the dev sets in ``../shared/eval/zhen`` (wmt22-news, aca, mag, mac-dev; one
sentence per line, default scorer, no MT, as ``align --no-mt --presegmented`` would) with its own
translation, then each wmt22-news and mac-dev Chinese document with the English of the next document of
its set (two different stories), with the default scorer and with ``--fast`` (the warning uses one
threshold for both), and reports the median bead confidence of each alignment: the related documents'
lowest median must stay above the threshold and the unrelated pairings' highest below it.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
from pathlib import Path

from aligner.api import AlignConfig, align
from bench.align_bench import machine
from bench.align_speed import SHARED
from corpora.fileio import write_text
from corpora.pipeline import UNRELATED_MEDIAN, UNRELATED_MEDIAN_FAST
from corpora.readers.goldset import load_set

SETS = ("wmt22-news", "aca", "mag", "mac-dev")
SHIFTED = ("wmt22-news", "mac-dev")   # sets with enough documents to pair each with the next one's English


def median_confidence(zh: list[str], en: list[str], config: AlignConfig) -> float:
    """The median confidence of the beads ``align`` gives ``zh`` and ``en``."""
    beads = align(zh, en, config=config)
    return statistics.median(b.confidence for b in beads if b.confidence is not None)


def measure(config: AlignConfig) -> dict[str, list[tuple[str, str, float]]]:
    """(set, document, median confidence) of the related documents and of the unrelated pairings."""
    sets = {name: load_set(SHARED / "eval" / "zhen" / name) for name in SETS}
    related = [(name, d.name, median_confidence(d.zh, d.en, config))
               for name, docs in sets.items() for d in docs]
    unrelated = []
    for name in SHIFTED:
        docs = sets[name]
        for k, doc in enumerate(docs):
            other = docs[(k + 1) % len(docs)]
            pairing = f"{doc.name} × {other.name}"
            unrelated.append((name, pairing, median_confidence(doc.zh, other.en, config)))
    return {"related": related, "unrelated": unrelated}


def report(scorers: dict[str, tuple[float, dict[str, list[tuple[str, str, float]]]]]) -> str:
    """The Markdown page: one table per scorer (its threshold, its figures)."""
    lines = ["# Related or unrelated: median bead confidence", "",
             f"Run {datetime.date.today()} by `python -m bench.relatedness`; {machine()}.", "",
             f"`align` warns when the median is under {UNRELATED_MEDIAN} "
             f"(`corpora.pipeline.UNRELATED_MEDIAN`), with `--fast` under {UNRELATED_MEDIAN_FAST}."]
    for scorer, (threshold, figures) in scorers.items():
        lines += ["", f"## {scorer}", "",
                  "| pairs | set | documents | lowest median | highest median | warned |",
                  "|---|---|---|---|---|---|"]
        for kind, rows in figures.items():
            for name in dict.fromkeys(r[0] for r in rows):
                values = [m for s, _, m in rows if s == name]
                warned = sum(m < threshold for m in values)
                lines.append(f"| {kind} | {name} | {len(values)} | {min(values):.3f} | {max(values):.3f} | "
                             f"{warned} |")
        for kind, rows in figures.items():
            lowest = sorted(rows, key=lambda r: r[2])[:5] if kind == "related" else \
                sorted(rows, key=lambda r: -r[2])[:5]
            which = "lowest" if kind == "related" else "highest"
            lines += ["", f"The {which} {kind} medians: "
                      + ", ".join(f"{s} {d} {m:.3f}" for s, d, m in lowest) + "."]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Measure and write the page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("relatedness.md"))
    args = parser.parse_args()
    page = report({"default scorer": (UNRELATED_MEDIAN, measure(AlignConfig())),
                   "`--fast`": (UNRELATED_MEDIAN_FAST, measure(AlignConfig.fast()))})
    write_text(args.out, page)
    print(page)


if __name__ == "__main__":
    main()
