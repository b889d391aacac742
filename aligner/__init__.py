"""Chinese-English sentence alignment: segmentation, scoring, search and evaluation.

This package knows nothing of the user's files, workspaces or screens: it takes lists of sentences and
returns beads. The only files it touches are its own: the caches in the user's cache directory
(``derived_cache``, ``mt.cache.MTCache``) and model weights (``embedders``, ``mt``). Readers in
``corpora/readers/`` hand it the lines of gold sets and prepared MT files; a workspace is reached only
through protocols it implements (``embedders.VectorStore``, ``mt.TranslationStore``).
Heavy dependencies (embeddings, dictionary, torch) are imported lazily; so are ``align`` and
``AlignConfig`` (from ``aligner.api``), so that ``import aligner`` does not even load numpy.
"""

from aligner.beads import Bead, format_bead, parse_bead, parse_beads
from aligner.errors import UserError

__all__ = ["AlignConfig", "Bead", "UserError", "align", "format_bead", "parse_bead", "parse_beads"]


def __getattr__(name: str):
    """Load ``align`` and ``AlignConfig`` on first use."""
    if name in ("align", "AlignConfig"):
        from aligner import api

        return getattr(api, name)
    raise AttributeError(f"module 'aligner' has no attribute {name!r}")
