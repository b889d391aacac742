"""Where documents and alignments live: the workspace store, readers, writers and batch runs."""

from corpora.document import Document, Row

__all__ = ["Document", "Row"]
