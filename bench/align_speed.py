"""Speed and memory of ``aligner.align``: one fresh process per measurement.

    python -m bench.align_speed article [--fast]    # 60-sentence news article, cold and warm
    python -m bench.align_speed bible [--fast]      # Bible, 30,000 en x 42,687 zh lines, + strict F1

The child prints one JSON line: wall times, peak resident memory (``VmHWM``, whole process incl.
the interpreter and models) and, for the Bible, the score against its gold (by sentence, and by verse
as in ``bench.align_bench``'s Bible part).
``measure`` runs such a child from the benchmark. Interpreter start-up is not counted; "cold"
counts importing the aligner, loading the models and the first alignment.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aligner.beads import Bead

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ARTICLE_SET = SHARED / "eval" / "zhen" / "wmt22-news"
BIBLE = SHARED / "eval" / "bertalign-aligner-eval" / "data" / "bible"
ARTICLE_SENTENCES = 60
WARM_RUNS = 5


def article(folder: Path = ARTICLE_SET) -> tuple[list[str], list[str]]:
    """The first wmt22-news documents (in ``folder``) concatenated and cut at ``ARTICLE_SENTENCES``
    lines a side (their gold is 1-1 line by line, so the cut keeps both sides parallel)."""
    from corpora.readers.goldset import read_lines

    zh: list[str] = []
    en: list[str] = []
    for path in sorted((folder / "zh").glob("*.txt")):
        zh += read_lines(path)
        en += read_lines(folder / "en" / path.name)
        if len(zh) >= ARTICLE_SENTENCES:
            break
    return zh[:ARTICLE_SENTENCES], en[:ARTICLE_SENTENCES]


def _peak_rss_mb() -> float:
    """Peak resident memory of this process in MiB.

    ``VmHWM`` rather than ``getrusage().ru_maxrss``: Linux carries the parent's high-water mark
    across fork and exec into ``ru_maxrss``, so a child of the (model-laden) benchmark would
    report the parent's size.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_article(fast: bool) -> dict[str, object]:
    """Cold (import, model load, first call) and warm (median of later calls) times on the article."""
    zh, en = article()
    start = time.perf_counter()
    from aligner.api import AlignConfig, align

    config = AlignConfig.fast() if fast else AlignConfig()
    align(zh, en, config=config)
    cold = time.perf_counter() - start
    warm = []
    for _ in range(WARM_RUNS):
        start = time.perf_counter()
        align(zh, en, config=config)
        warm.append(time.perf_counter() - start)
    return {"zh": len(zh), "en": len(en), "cold_s": cold, "warm_s": statistics.median(warm),
            "peak_rss_mb": _peak_rss_mb()}


def run_bible(fast: bool) -> dict[str, object]:
    """One cold alignment of the whole Bible (English source, Chinese target) and its scores."""
    from aligner.evaluation import merge_by_units, score_documents
    from corpora.readers.goldset import read_lines

    en, zh = read_lines(BIBLE / "src" / "006"), read_lines(BIBLE / "tgt" / "006")
    gold = read_en_first(BIBLE / "gold" / "006.align")
    # the verse files run on past the 30,000 English lines of document 006
    units = (read_lines(BIBLE / "tgt.verse")[: len(zh)], read_lines(BIBLE / "src.verse")[: len(en)])
    start = time.perf_counter()
    from aligner.api import AlignConfig, align

    beads = align(zh, en, config=AlignConfig.fast() if fast else AlignConfig())
    seconds = time.perf_counter() - start
    scores = score_documents([(beads, gold)])
    by_verse = score_documents([(merge_by_units(beads, *units), gold)])
    return {"zh": len(zh), "en": len(en), "cold_s": seconds, "peak_rss_mb": _peak_rss_mb(),
            "strict_p": scores.strict_p, "strict_r": scores.strict_r, "strict_f1": scores.strict_f1,
            "lax_f1": scores.lax_f1, "verse_f1": by_verse.strict_f1}


def read_en_first(path: Path) -> list[Bead]:
    """Beads of an ``[en ids]:[zh ids]`` file (Bertalign's Bible files put the English source first)."""
    from aligner.beads import Bead
    from corpora.readers.goldset import read_alignment

    return [Bead(bead.en, bead.zh) for bead in read_alignment(path)]


def measure(case: str, *, fast: bool, timeout: float) -> dict[str, object]:
    """Run one measurement in a fresh interpreter; ``{"error": ...}`` if it fails or times out."""
    command = [sys.executable, "-m", "bench.align_speed", case, *(["--fast"] if fast else [])]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit {done.returncode}: {last}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    """Command line of the child process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", choices=("article", "bible"))
    parser.add_argument("--fast", action="store_true", help="fast scorer (no embeddings)")
    args = parser.parse_args()
    result = (run_article if args.case == "article" else run_bible)(args.fast)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
