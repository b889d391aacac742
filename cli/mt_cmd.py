"""``zhen-align translate`` and ``zhen-align mt download``: machine-translation suggestions from the shell."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aligner.errors import UserError
from aligner.mt.base import DEFAULT_BATCH_SIZE, DEFAULT_BEAM, DEFAULT_MAX_LENGTH, DEFAULT_MODELS, DIRECTIONS
from aligner.mt.base import notify_stderr as say
from cli import write_stdout
from cli.options import add_engine, add_model

CHUNK_LINES = 256  # translate and print this many lines at a time, so long files show progress


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``translate`` and ``mt download``."""
    tr = sub.add_parser("translate", help="machine-translate a file of sentences, one per line",
                        description="Print an English suggestion for each line of FILE (one Chinese "
                                    "sentence per line), or with --direction en-zh a Chinese one for each "
                                    "English line; blank lines stay blank.")
    tr.add_argument("file", metavar="FILE", type=Path, help="sentences, one per line")
    _direction_option(tr)
    add_engine(tr, "auto", help="auto: ctranslate2 (if a converted model is given/found), transformers, "
                                "file (if --mt-file), gloss (a reverse gloss for en-zh)")
    add_model(tr, help=f"hub id or local directory (default {DEFAULT_MODELS['zh-en']}, or "
                       f"{DEFAULT_MODELS['en-zh']} for en-zh); a CTranslate2 directory selects the "
                       "ctranslate2 engine")
    tr.add_argument("--mt-file", metavar="F", type=Path,
                    help="translations prepared elsewhere: one per line, or TSV source<TAB>translation")
    tr.add_argument("--beam", type=int, default=DEFAULT_BEAM, metavar="N", help="beam size (default: greedy)")
    tr.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, metavar="N",
                    help=f"sentences translated together (default {DEFAULT_BATCH_SIZE})")
    tr.add_argument("--max-length", type=int, default=DEFAULT_MAX_LENGTH, metavar="N",
                    help="at most N new tokens per sentence")
    tr.add_argument("--threads", type=int, metavar="N",
                    help="CPU threads (default: the CPUs not kept busy by other work)")
    tr.add_argument("--no-gloss", action="store_true", help="never fall back to a word-by-word gloss")
    tr.add_argument("--no-cache", action="store_true",
                    help="do not read or write the translation cache (mt.sqlite in the cache directory, "
                         "~/.cache/zhen-align or $ZHEN_ALIGN_CACHE)")
    tr.set_defaults(func=run_translate)

    mt = sub.add_parser("mt", help="manage machine-translation models")
    mt_sub = mt.add_subparsers(dest="mt_command", metavar="ACTION", required=True)
    dl = mt_sub.add_parser("download", help="fetch a model into the local cache (needs network)",
                           description="Download MODEL into the Hugging Face cache so later runs work "
                                       "offline; with --ct2, also convert it to a CTranslate2 int8 "
                                       "directory (the faster engine).")
    dl.add_argument("model", nargs="?", metavar="MODEL",
                    help=f"hub id or local directory (default {DEFAULT_MODELS['zh-en']}, or "
                         f"{DEFAULT_MODELS['en-zh']} with --direction en-zh)")
    _direction_option(dl)
    dl.add_argument("--ct2", nargs="?", const="", default=None, metavar="DIR",
                    help="convert to CTranslate2 int8 in DIR (default: the place auto looks in)")
    dl.set_defaults(func=run_download)


def _direction_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--direction", choices=DIRECTIONS, default="zh-en",
                        help="zh-en: Chinese into English (default); en-zh: English into Chinese")


def _mt_cache():
    """The MT cache, or None after one line on standard error when it cannot be used (a read-only cache
    directory): translating works without it, as the rest of the program does without its derived cache."""
    from aligner.mt.cache import MTCache, default_cache_path

    try:
        return MTCache()
    except UserError as exc:
        say(f"{default_cache_path()}: cannot use it as the MT cache ({exc.__cause__}); translating without "
            "it (--no-cache silences this)")
        return None


def run_translate(args: argparse.Namespace) -> int:
    """Translate FILE line by line to standard output."""
    from aligner.mt.factory import get_translator
    from aligner.mt.file_engine import FileTranslator
    from corpora.readers.mtfile import read_mt_file
    from corpora.textio import read_text

    for flag, value in (("--beam", args.beam), ("--batch-size", args.batch_size),
                        ("--max-length", args.max_length), ("--threads", args.threads)):
        if value is not None and value < 1:
            raise UserError(f"{flag} must be at least 1 (it was {value})")
    text = read_text(args.file)
    if (note := other_language_note(text, args.direction, args.file)) is not None:
        say(note)
    lines = text.splitlines()
    file_engine = None if args.mt_file is None else lambda: read_mt_file(args.mt_file, notify=say)
    cache = None if args.no_cache else _mt_cache()
    try:
        translator = get_translator(None if args.engine == "auto" else args.engine, args.model,
                                    file_engine=file_engine, cache=cache, allow_gloss=not args.no_gloss,
                                    beam=args.beam, max_length=args.max_length, batch_size=args.batch_size,
                                    threads=args.threads, notify=say, direction=args.direction)
        if translator is None:
            raise UserError(f"{args.file}: no MT engine can run here; see the messages above "
                            "(or use --engine gloss for a word-by-word gloss)")
        kind = "word-by-word gloss, not a translation" if translator.is_gloss else "machine translation"
        say(f"engine: {translator.name} ({kind})")
        positional = isinstance(translator, FileTranslator) and not translator.is_tsv
        step = max(1, len(lines)) if positional else CHUNK_LINES  # line i of the MT file is line i here
        for start in range(0, len(lines), step):
            chunk = [line.strip() for line in lines[start:start + step]]
            write_stdout("".join(text + "\n" for text in translator.translate(chunk)))
            sys.stdout.flush()
    finally:
        if cache is not None:
            cache.close()
    return 0


def other_language_note(text: str, direction: str, path: Path) -> str | None:
    """One line when ``text`` is mostly in the language ``direction`` translates into (the thresholds
    ``align`` refuses swapped files by), suggesting the other direction; None otherwise."""
    from aligner.segment.script import han_share
    from corpora.textio import MAX_EN_SHARE, MIN_ZH_SHARE

    share = han_share(text)
    if share is None:
        return None
    if direction == "zh-en" and share < MIN_ZH_SHARE:
        return (f"{path} looks English ({share:.0%} Chinese characters) and is translated from Chinese; "
                "pass --direction en-zh to translate English into Chinese")
    if direction == "en-zh" and share > MAX_EN_SHARE:
        return (f"{path} looks Chinese ({share:.0%} Chinese characters) and is translated from English; "
                "pass --direction zh-en (the default) to translate Chinese into English")
    return None


def run_download(args: argparse.Namespace) -> int:
    """Fetch a model (and optionally convert it for CTranslate2)."""
    from aligner.mt.download import convert_ct2, fetch
    from aligner.mt.factory import default_ct2_dir

    model = args.model or DEFAULT_MODELS[args.direction]
    tokenizer, _ = fetch(model)
    say(f"{model}: available offline")
    if args.ct2 is not None:
        out = Path(args.ct2).expanduser() if args.ct2 else default_ct2_dir(model)
        convert_ct2(model, tokenizer, out)
        say(f"{model}: CTranslate2 int8 model in {out} (use --model {out}, or let auto find it)")
    return 0
