"""``zhen-align align``: align a Chinese article with its English translation from the shell."""

from __future__ import annotations

import argparse
from pathlib import Path

from aligner.errors import UserError
from aligner.mt.base import notify_stderr as say
from cli import align_config, write_stdout
from cli.options import add_model, add_mt_file, add_no_mt, add_presegmented, add_scorer_options


def add_pair_options(p: argparse.ArgumentParser) -> None:
    """``--presegmented``, ``--mt FILE`` / ``--no-mt``, ``--model``, ``--fast`` and ``--embedder``: how two
    files are read and aligned (``align``, ``check``)."""
    add_presegmented(p)
    mt = p.add_mutually_exclusive_group()
    add_mt_file(mt)
    add_no_mt(mt)
    add_model(p)
    add_scorer_options(p)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``align`` subcommand."""
    p = sub.add_parser("align", help="align a Chinese article with its English translation",
                       description="Split both texts into sentences (or take one per line with "
                                   "--presegmented) and print the beads that pair them.")
    p.add_argument("zh", metavar="ZH", type=Path, help="the Chinese text")
    p.add_argument("en", metavar="EN", type=Path, nargs="?",
                   help="the English text; leave out when ZH holds both languages (a Chinese headline over "
                        "the English body, or alternating paragraphs)")
    add_pair_options(p)
    p.add_argument("--max-bead", type=int, default=8, metavar="N",
                   help="largest bead: x + y <= N sentences (default 8)")
    p.add_argument("-f", "--format", choices=("beads", "tsv"), default="beads",
                   help="beads: [zh ids]:[en ids] lines; tsv: zh<TAB>en<TAB>confidence")
    p.add_argument("-o", "--out", "--output", dest="output", metavar="OUT", type=Path,
                   help="write to OUT instead of standard output (- is standard output)")
    p.set_defaults(func=run_align)


def run_align(args: argparse.Namespace) -> int:
    """Align ZH with EN and write the beads."""
    from aligner.api import align
    from aligner.beads import format_bead
    from corpora.fileio import refuse_inputs, write_text
    from corpora.pipeline import alignment_anchors, balance_note, one_sided, unrelated_note
    from corpora.readers.inputs import load_files, load_mixed

    refuse_stdin(args.zh, args.en)
    if args.max_bead < 2:
        raise UserError(f"--max-bead {args.max_bead} is too small: pass 2 or more")
    to_stdout = args.output is None or str(args.output) == "-"
    if not to_stdout:   # before the slow part: the output must not replace what is read
        refuse_inputs(args.output, [args.zh, args.en, args.mt], fix="give -o another file name")
    if args.en is None:
        pair = load_mixed(args.zh, presegmented=args.presegmented)
    else:
        pair = load_files(args.zh, args.en, presegmented=args.presegmented)
    if (note := balance_note(pair)) is not None:
        say(note)
    zh, en = pair.zh, pair.en
    config = align_config(args, max_bead=args.max_bead)
    beads = align(zh.sentences, en.sentences, mt=translations(args, zh.sentences),
                  anchors=alignment_anchors(pair), config=config, one_sided=one_sided(pair))
    confidences = [b.confidence for b in beads]
    if (note := unrelated_note(pair, confidences, embeddings=config.embeddings)) is not None:
        say(note)
    if args.format == "beads":
        lines = [format_bead(b) for b in beads]
    else:   # (the writers are imported for TSV only: with importlib.metadata, 0.04 s of a cold process)
        from corpora.edits import JOINERS
        from corpora.writers.common import flatten

        # one line per bead: tabs and line breaks inside a sentence become spaces, as in TSV exports
        lines = ["\t".join((flatten(JOINERS["zh"].join(zh.sentences[i] for i in b.zh)),
                            flatten(JOINERS["en"].join(en.sentences[j] for j in b.en)),
                            f"{b.confidence:.3f}")) for b in beads]
    text = "".join(line + "\n" for line in lines)
    if to_stdout:
        write_stdout(text)
    else:
        write_text(args.output, text)
    return 0


def refuse_stdin(*inputs: Path | None) -> None:
    """UserError when an input is ``-``: articles are read from files only (``-o -`` does write to
    standard output)."""
    if any(str(path) == "-" for path in inputs if path is not None):
        raise UserError("-: standard input is not supported for the articles; save the text to a file and "
                        "pass its path")


def translations(args: argparse.Namespace, zh: list[str]):
    """What ``--mt FILE`` / ``--no-mt`` / ``--model`` ask for: a translate function of the Chinese sentences
    ``zh`` from the file or the available MT engine, or None (--no-mt, or no engine)."""
    if args.no_mt:
        return None
    if args.mt is not None:
        from corpora.readers.mtfile import read_mt_file

        return read_mt_file(args.mt, sources=zh).translate
    from aligner.mt import get_translator

    translator = get_translator(model=args.model, allow_gloss=False)
    return None if translator is None else translator.translate
