"""One entry point for every input shape: ``load_inputs(paths) -> list[Source]``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from aligner.errors import UserError
from aligner.mt.base import notify_stderr as say
from corpora.document import Document
from corpora.formats import READABLE
from corpora.pipeline import Pair, looks_swapped, pair_from_texts
from corpora.readers.articles import read_article, read_mixed
from corpora.readers.pairs import ARTICLE_SUFFIXES, MARKED_NAME, PairPaths, find_pairs
from corpora.textio import script_of

#: A Source is an aligned Document (to store as it is) or a Pair (to align first).
Source = Document | Pair



def load_files(zh_path: Path, en_path: Path, *, presegmented: bool = False,
               notify: Callable[[str], None] | None = None) -> Pair:
    """Read, check and segment a Chinese article and its translation, each .txt, .md, .docx or .html
    (``align``, ``check``, ``edit``, ``add`` and ``batch`` all read a pair with this). Files given
    English first are swapped, with one line to ``notify`` (default: standard error) naming both.
    The title is the Chinese headline, else the Chinese document's own title."""
    zh, en = read_article(zh_path), read_article(en_path)
    if looks_swapped(zh.text, en.text):
        (notify or say)(swap_note(zh_path, en_path))
        zh_path, en_path, zh, en = en_path, zh_path, en, zh
    loaded = pair_from_texts(zh.text, en.text, presegmented=presegmented, zh_name=str(zh_path),
                             en_name=str(en_path))
    loaded.zh_path, loaded.en_path = zh_path, en_path
    loaded.title = loaded.title or zh.title
    return loaded


def swap_note(first: Path, second: Path) -> str:
    """The line that says a pair given English first is taken the other way round."""
    return f"{first} looks English and {second} Chinese: taking {second} as the Chinese"


def oriented(zh_path: Path, en_path: Path, notify: Callable[[str], None] = say) -> tuple[Path, Path]:
    """The two files as (Chinese, English): swapped, saying so in one line to ``notify`` (default: standard
    error), when the first looks English and the second Chinese (``edit`` names its workspace and finds its
    article by the Chinese file)."""
    if looks_swapped(read_article(zh_path).text, read_article(en_path).text):
        notify(swap_note(zh_path, en_path))
        return en_path, zh_path
    return zh_path, en_path


def load_pair_paths(pair: PairPaths, *, presegmented: bool = False,
                    notify: Callable[[str], None] | None = None) -> Pair:
    """Read, check and segment the two articles of a pair (.txt, .docx or .html); ``notify`` as for
    :func:`load_files`."""
    loaded = load_files(pair.zh, pair.en, presegmented=presegmented, notify=notify)
    loaded.title = loaded.title or pair.name
    return loaded


def load_mixed(path: Path, *, presegmented: bool = False) -> Pair:
    """The Pair held by one file with both languages, titled by its Chinese headline (which heads the
    file, above the English body) as a Chinese file's is, else by the file's name."""
    zh, en, headline = read_mixed(path)
    pair = pair_from_texts(zh, en, presegmented=presegmented, zh_name=f"{path} (Chinese part)",
                           en_name=f"{path} (English part)")
    pair.zh_path = pair.en_path = path
    if not pair.has_headline and headline is not None and pair.zh.sentences[:1] == [headline]:
        pair.title, pair.headline_above = headline, True
    pair.title = pair.title or path.stem
    return pair


def _orient(first: Path, second: Path) -> PairPaths:
    """The two files as Chinese and English: by ``.zh``/``.en`` in the names, else by their script."""
    marks = [MARKED_NAME.match(p.stem) for p in (first, second)]
    if all(marks) and {m.group("lang").lower() for m in marks if m} == {"zh", "en"}:
        zh_first = marks[0] is not None and marks[0].group("lang").lower() == "zh"
    else:
        zh_first = script_of(read_article(first).text) == "zh" or \
            script_of(read_article(second).text) != "zh"
        if not zh_first:
            say(swap_note(first, second))
    zh, en = (first, second) if zh_first else (second, first)
    name = MARKED_NAME.match(zh.stem)
    return PairPaths(name.group("name") if name else zh.stem, zh, en)

#: XLIFF files (ours, Trados's, memoQ's): written by export, not read.
_XLIFF_SUFFIXES = frozenset({".xlf", ".xliff", ".sdlxliff", ".mqxliff"})


def load_inputs(paths: Sequence[Path], *, presegmented: bool = False) -> list[Source]:
    """Everything the user passed, as aligned Documents and Pairs to align, in order.

    - ``.tmx``, InterText link ``.xml``, ``.align`` bead files, our ``.jsonl``/``.tsv`` → Documents;
    - a folder → a Pair per ``NAME.zh.*``/``NAME.en.*`` (or ``zh/NAME``/``en/NAME``) pair in it;
    - article files (.txt, .md, .docx, .html): ``NAME.zh.*`` with ``NAME.en.*`` make a pair; of the
      rest, exactly two files make a pair (which is Chinese is told by the script), one file alone is
      a mixed file holding both languages.
    """
    sources: list[Source] = []
    articles: list[Path] = []
    for path in map(Path, paths):
        if not path.exists():
            raise UserError(f"{path}: no such file or folder; check the path")
        suffix = path.suffix.lower()
        if path.is_dir():
            sources += [load_pair_paths(p, presegmented=presegmented) for p in find_pairs(path)]
        elif suffix in READABLE:
            sources += READABLE[suffix].read(path)
        elif suffix in ARTICLE_SUFFIXES or not suffix:
            articles.append(path)
        elif suffix in _XLIFF_SUFFIXES:
            raise UserError(f"{path}: XLIFF is written only (an export for CAT tools), never read; bring "
                            "a CAT tool's reviewed work back as a TMX exported from that tool "
                            "(zhen-align add WS reviewed.tmx)")
        else:
            raise UserError(f"{path}: unknown kind of file ({suffix}); pass .txt, .docx, .html, .tmx, "
                            "an InterText .xml, a .align bead file, .jsonl or .tsv")
    sources += _article_sources(articles, presegmented)
    return sources


def _article_sources(articles: list[Path], presegmented: bool) -> list[Source]:
    """Pairs from the article files: marked pairs first, then the unmarked files."""
    marked: dict[str, dict[str, Path]] = {}
    rest: list[Path] = []
    for path in articles:
        match = MARKED_NAME.match(path.stem)
        if match:
            marked.setdefault(match.group("name"), {})[match.group("lang").lower()] = path
        else:
            rest.append(path)
    pairs: list[Source] = []
    for name, sides in marked.items():
        if len(sides) == 2:
            paths = PairPaths(name, sides["zh"], sides["en"])
            pairs.append(load_pair_paths(paths, presegmented=presegmented))
        else:
            rest += sides.values()
    if len(rest) == 2:
        pairs.append(load_pair_paths(_orient(*rest), presegmented=presegmented))
    else:
        pairs += [load_mixed(path, presegmented=presegmented) for path in rest]
    return pairs
