"""Chinese-English sentence alignment: segmentation, scoring, search and evaluation.

This package knows nothing of files or screens: it takes lists of sentences and returns beads.
Heavy dependencies (embeddings, dictionary, torch) are imported lazily.
"""

from aligner.beads import Bead, format_bead, parse_bead, parse_beads
from aligner.errors import UserError

__all__ = ["Bead", "UserError", "format_bead", "parse_bead", "parse_beads"]
