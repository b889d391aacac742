"""``zhen-align models download``: fetch a sentence-embedding model for ``--embedder``."""

from __future__ import annotations

import argparse

from aligner.errors import UserError
from aligner.mt.base import notify_stderr as say


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``models download``."""
    models = sub.add_parser("models", help="manage sentence-embedding models for --embedder")
    models_sub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    dl = models_sub.add_parser("download", help="fetch an embedding model into the local cache (network)",
                               description="Download MODEL (a Hugging Face sentence-embedding model such as "
                                           "sentence-transformers/LaBSE or BAAI/bge-m3) into the Hugging "
                                           "Face cache and check that it runs, so that later runs can use "
                                           "it offline with --embedder MODEL.")
    dl.add_argument("model", metavar="MODEL", help="hub id or local directory")
    dl.set_defaults(func=run_download)


def run_download(args: argparse.Namespace) -> int:
    """Fetch MODEL and encode one sentence with it."""
    from aligner.embedders import EmbedderUnavailable
    from aligner.embedders.hf_embedder import HFEmbedder, model_directory

    try:
        directory = model_directory(args.model)
        dim = HFEmbedder(args.model).encode(["模型可以离线使用。"]).shape[1]
    except EmbedderUnavailable as exc:
        raise UserError(str(exc)) from None
    say(f"{args.model}: available offline in {directory} ({dim}-dimensional vectors); "
        f"align with --embedder {args.model}")
    return 0
