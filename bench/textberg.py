"""Text+Berg (German–French), the standard sentence-alignment benchmark: our search and sentence
encoder on a language pair and a genre that no constant of ours was fitted on.

    python -m bench.textberg [--out bench/textberg.md]

The seven test articles of ``../shared/eval/textberg-de-fr`` (Swiss Alpine Club yearbooks, OCR text,
hand-aligned) are aligned with German in the Chinese slot and French in the English one. The CC-CEDICT
dictionary signal is Chinese–English only, so the main row leaves it out; the row with it shows what its
noise costs. Gale-Church runs live; Bertalign's released output is scored with the same metric.
"""

from __future__ import annotations

import argparse
import datetime
import os
from pathlib import Path

from aligner.evaluation import BEAD_TYPES, EvalDoc
from bench import align_speed, peers
from bench.align_bench import AlignFn, Row, run_system
from corpora.fileio import write_text
from corpora.readers.goldset import read_alignment, read_lines

TEXTBERG = align_speed.SHARED / "eval" / "textberg-de-fr"
TESTS = tuple(f"test{k}" for k in range(7))
#: Published strict F1 on the same test part (the data's README): not run here.
PUBLISHED = (("Vecalign (LASER), its README", 0.902), ("Bertalign (LaBSE), its README", 0.936),
             ("Vecalign (LaBSE), Bertalign's README", 0.863))


def load_tests(root: Path = TEXTBERG) -> list[EvalDoc]:
    """The test articles: German lines as ``zh``, French lines as ``en``, gold beads from ``*.defr``."""
    data = root / "bleualign_data"
    return [EvalDoc(name, read_lines(data / f"{name}.de"), read_lines(data / f"{name}.fr"),
                    read_alignment(data / f"{name}.defr")) for name in TESTS]


def systems() -> list[tuple[str, AlignFn]]:
    """The systems run live, in table order."""
    from aligner.api import AlignConfig, align

    without = AlignConfig().without("dictionary")
    shipped = AlignConfig()
    return [
        ("zhen-align (default without the zh-en dictionary)", lambda d: align(d.zh, d.en, config=without)),
        ("zhen-align (default, dictionary on)", lambda d: align(d.zh, d.en, config=shipped)),
        ("Gale-Church (`galechurch`, UTF-8 byte lengths)", lambda d: peers.galechurch_align(d.zh, d.en)),
    ]


def bertalign_row(docs: list[EvalDoc], root: Path = TEXTBERG) -> Row:
    """Bertalign's released output for the test articles (files 001..007), scored here."""
    from aligner.evaluation import score_documents

    auto = root / "bertalign-auto" / "data" / "text+berg" / "auto"
    tests = [read_alignment(auto / f"{k + 1:03d}.align") for k in range(len(docs))]
    return Row("Bertalign (LaBSE), released output, not run here",
               score_documents(zip(tests, (d.gold for d in docs), strict=True)), None, beads=tuple(tests))


def table(rows: list[Row]) -> list[str]:
    """The results as Markdown lines: scores, then recall per gold bead type."""
    lines = ["| system | strict P | strict R | strict F1 | lax F1 | time (s) | "
             + " | ".join(f"{t} recall" for t in BEAD_TYPES) + " |",
             "|---|---|---|---|---|---|" + "---|" * len(BEAD_TYPES)]
    for row in rows:
        if row.scores is None:
            lines.append(f"| {row.system} | failed: {row.error} |")
            continue
        s = row.scores
        seconds = f"{row.seconds:.1f}" if row.seconds is not None else "—"
        recall = " | ".join("{}/{}".format(*s.per_type_recall.get(t, (0, 0))) for t in BEAD_TYPES)
        lines.append(f"| {row.system} | {s.strict_p:.3f} | {s.strict_r:.3f} | **{s.strict_f1:.3f}** | "
                     f"{s.lax_f1:.3f} | {seconds} | {recall} |")
    blank = " |" * len(BEAD_TYPES)
    lines += [f"| {name} | | | {f1:.3f} | | |{blank}" for name, f1 in PUBLISHED]
    return lines


def main() -> None:
    """Run the systems on Text+Berg's test part and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("textberg.md"))
    args = parser.parse_args()
    if not TEXTBERG.is_dir():
        raise SystemExit(f"no Text+Berg data at {TEXTBERG}: this benchmark needs ../shared")
    docs = load_tests()
    from aligner.api import warm_up

    warm_up()
    rows = [run_system(name, fn, docs) for name, fn in systems()] + [bertalign_row(docs)]
    stamp = f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC"
    text = "\n".join([
        "# Text+Berg (German–French), test part: 7 articles, 991 / 1,011 sentences", "",
        f"Run {stamp} by `python -m bench.textberg` on {os.cpu_count()} CPUs. German is aligned "
        "in the Chinese slot, French in the English one; no constant of ours was fitted on this pair or "
        "genre. The dictionary signal is Chinese–English only, so the first row leaves it out.", "",
        *table(rows), ""])
    write_text(args.out, text)
    print(text)


if __name__ == "__main__":
    main()
