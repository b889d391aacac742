"""Import readers: aligned documents (TMX, InterText, bead files, our JSONL/TSV) and article pairs
(text, .docx, .html, mixed-language files, folders of pairs). Start with :func:`load_inputs`."""

from corpora.readers.articles import Article, read_article, read_mixed, split_mixed
from corpora.readers.beads import read_beads
from corpora.readers.inputs import Source, load_files, load_inputs, load_mixed, load_pair_paths
from corpora.readers.intertext import read_intertext
from corpora.readers.lines import read_jsonl, read_moses, read_tsv
from corpora.readers.pairs import PairPaths, find_pairs
from corpora.readers.tmx import read_tmx

__all__ = [
    "Article",
    "PairPaths",
    "Source",
    "find_pairs",
    "load_files",
    "load_inputs",
    "load_mixed",
    "load_pair_paths",
    "read_article",
    "read_beads",
    "read_intertext",
    "read_jsonl",
    "read_mixed",
    "read_moses",
    "read_tmx",
    "read_tsv",
    "split_mixed",
]
