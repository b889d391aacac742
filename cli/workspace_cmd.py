"""``zhen-align new``, ``add`` and ``status``: create a workspace, align articles into it, summarise it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aligner.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``new``, ``add`` and ``status``."""
    new = sub.add_parser("new", help="create an empty workspace file",
                         description="Create WORKSPACE, an SQLite file that holds aligned articles, "
                                     "their edits and undo history.")
    new.add_argument("workspace", metavar="WORKSPACE", type=Path)
    new.set_defaults(func=run_new)

    add = sub.add_parser("add", help="align an article pair into a workspace",
                         description="Read, segment and align ZH with its English version EN and store "
                                     "the result as a new article of WORKSPACE.")
    add.add_argument("workspace", metavar="WORKSPACE", type=Path)
    add.add_argument("zh", metavar="ZH", type=Path, help="the Chinese article (text file)")
    add.add_argument("en", metavar="EN", type=Path, help="its English version (text file)")
    add.add_argument("--presegmented", action="store_true",
                     help="the files already hold one sentence per line")
    add.add_argument("--title", metavar="T", help="article title (default: the Chinese headline)")
    mt = add.add_mutually_exclusive_group()
    mt.add_argument("--mt", type=Path, metavar="FILE",
                    help="machine translations of the Chinese sentences (one per line, or TSV zh<TAB>en)")
    mt.add_argument("--no-mt", action="store_true",
                    help="align without machine translation (default: use a local MT model if one is "
                         "installed, caching its output in the workspace)")
    add.add_argument("--fast", action="store_true", help="fast scorer: no sentence embeddings")
    add.set_defaults(func=run_add)

    status = sub.add_parser("status", help="list a workspace's articles and how far checking has got",
                            description="Show each article of WORKSPACE with its rows, the share "
                                        "confirmed and the number of low-confidence rows. Read-only: "
                                        "works while the editor has the workspace open.")
    status.add_argument("workspace", metavar="WORKSPACE", type=Path)
    status.set_defaults(func=run_status)


def _say(message: str) -> None:
    print(f"zhen-align: {message}", file=sys.stderr, flush=True)


def run_new(args: argparse.Namespace) -> int:
    """Create the workspace file."""
    from corpora.workspace import Workspace

    Workspace.create(args.workspace).close()
    print(f"created {args.workspace}; add articles with `zhen-align add {args.workspace} ZH EN`")
    return 0


def _translate(args: argparse.Namespace, workspace: Path):
    """The ``mt`` argument of ``align_pair`` chosen by ``--mt``/``--no-mt``, or None."""
    if args.no_mt:
        return None
    if args.mt is not None:
        from aligner.mt.file_engine import FileTranslator

        if not args.mt.is_file():
            raise UserError(f"{args.mt}: no such file; check the path given to --mt")
        return FileTranslator(args.mt, notify=_say).translate
    from aligner.mt import MTCache, get_translator

    translator = get_translator(None, cache=MTCache(workspace), allow_gloss=False, notify=_say)
    if translator is None:
        _say("no local MT model; aligning without MT (see `zhen-align mt download`, or pass --no-mt)")
        return None
    return translator.translate


def run_add(args: argparse.Namespace) -> int:
    """Align the pair and store it as a new article."""
    from aligner.api import AlignConfig
    from corpora.pipeline import align_pair, load_pair
    from corpora.workspace import LOW_CONFIDENCE, Workspace

    with Workspace.open(args.workspace) as ws:  # fail (missing, locked) before the slow part
        pair = load_pair(args.zh, args.en, presegmented=args.presegmented)
        mt = _translate(args, args.workspace)
        _say(f"aligning {len(pair.zh.sentences)} Chinese and {len(pair.en.sentences)} English sentences…")
        doc = align_pair(pair, mt=mt, config=AlignConfig(embeddings=not args.fast), title=args.title)
        doc_id = ws.add_document(doc)
    low = sum(1 for r in doc.rows if r.confidence is not None and r.confidence < LOW_CONFIDENCE)
    print(f"added article {doc_id} “{doc.title}”: {len(doc.rows)} rows, {low} low-confidence; "
          f"check it with `zhen-align open {args.workspace} --doc {doc_id}`")
    return 0


def run_status(args: argparse.Namespace) -> int:
    """Print the table of articles."""
    from rich.console import Console
    from rich.table import Table

    from corpora.workspace import Workspace

    with Workspace.open(args.workspace, readonly=True) as ws:
        infos = ws.documents()
        stats = ws.stats()
    table = Table(title=str(args.workspace), title_justify="left")
    for name, justify in (("id", "right"), ("title", "left"), ("rows", "right"), ("confirmed", "right"),
                          ("edited", "right"), ("low conf.", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for info in infos:
        table.add_row(str(info.id), info.title or "(untitled)", str(info.rows),
                      _percent(info.confirmed, info.rows), str(info.edited), str(info.low_confidence))
    if len(infos) > 1:
        table.add_section()
        table.add_row("", f"{stats.documents} articles", str(stats.rows),
                      _percent(stats.confirmed, stats.rows), str(stats.edited), str(stats.low_confidence))
    if infos:
        Console().print(table)
    else:
        print(f"{args.workspace}: no articles yet; add one with `zhen-align add {args.workspace} ZH EN`")
    return 0


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "–"
