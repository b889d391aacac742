"""English sentence splitting with nupunkt plus an editable list of news abbreviations.

Each line of the list is an abbreviation (``Sen.``) or a pair such as ``U.N. General``: an
abbreviation and the word after which it never ends a sentence. nupunkt already knows thousands of
abbreviations; the list adds news ones and lets users fix splits without touching code.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from aligner.errors import UserError
from aligner.segment.pieces import cut

_BUNDLED = "en_abbreviations.txt"


def _parse_abbreviations(text: str) -> frozenset[str]:
    """Non-blank lines that are not ``#`` comments, stripped."""
    return frozenset(
        entry for entry in (line.strip() for line in text.splitlines())
        if entry and not entry.startswith("#")
    )


@lru_cache(maxsize=1)
def _bundled_abbreviations() -> frozenset[str]:
    return _parse_abbreviations(resources.files(__package__).joinpath(_BUNDLED).read_text("utf-8"))


def load_abbreviations(path: str | Path | None = None) -> frozenset[str]:
    """Abbreviations from a one-per-line file (``#`` starts a comment); default: the bundled list."""
    if path is None:
        return _bundled_abbreviations()
    try:
        return _parse_abbreviations(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{path}: abbreviation list not found; check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read the abbreviation list ({exc}); "
                        "save it as UTF-8 text, one abbreviation per line") from None


def _normalise(entry: str) -> str:
    """nupunkt's form: lower case, no trailing period (``u.s``, ``u.n general``)."""
    words = entry.lower().split()
    if not words:
        return ""
    return " ".join([words[0].rstrip("."), *words[1:2]])


@lru_cache(maxsize=8)
def _tokenizer(entries: frozenset[str]):  # -> nupunkt.PunktSentenceTokenizer
    """A private nupunkt tokenizer (the shared cached one must not be mutated) knowing ``entries``."""
    from nupunkt import PunktSentenceTokenizer
    from nupunkt.models import get_default_model_path

    tokenizer = PunktSentenceTokenizer.load(get_default_model_path())
    for entry in sorted(filter(None, map(_normalise, entries))):
        abbreviation, _, follower = entry.partition(" ")
        if follower:
            tokenizer.parameters.collocations.add((abbreviation, follower))
        else:
            tokenizer.add_abbreviation(abbreviation)
    tokenizer.clear_decision_cache()
    return tokenizer


def split_en_line(line: str, *, abbreviations: Iterable[str] | None = None) -> list[str]:
    """Split one line of English text (no newlines) into stripped, non-empty sentences.

    ``abbreviations`` replaces the bundled list; either way it is added to nupunkt's own model.
    """
    line = line.strip()
    if not line:
        return []
    entries = load_abbreviations() if abbreviations is None else frozenset(abbreviations)
    return cut(line, [end for _, end in _tokenizer(entries).span_tokenize(line)][:-1])
