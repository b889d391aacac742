"""Finding the article pairs of a folder: ``NAME.zh.txt`` + ``NAME.en.txt`` (also .docx/.html), or the
gold-set layout ``zh/NAME.txt`` + ``en/NAME.txt``. ``NAME.mt.txt`` beside the Chinese file holds machine
translations of it (:attr:`PairPaths.mt`) and is never taken for an article. A folder may be a local path
or an fsspec URL (:mod:`corpora.locations`)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from aligner.errors import UserError
from corpora.locations import Location
from corpora.readers.articles import DOCX_SUFFIXES, HTML_SUFFIXES

ARTICLE_SUFFIXES = frozenset({".txt", ".md", *DOCX_SUFFIXES, *HTML_SUFFIXES})
MT_SUFFIX = ".mt.txt"  # NAME.mt.txt: translations of NAME's Chinese sentences, made elsewhere
MARKED_NAME = re.compile(r"^(?P<name>.+)\.(?P<lang>zh|en)$", re.IGNORECASE)
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PairPaths:
    """A Chinese article and its English version, with the name they share (and, from a manifest, the
    file holding machine translations of the Chinese)."""

    name: str
    zh: Location
    en: Location
    mt_file: Location | None = None
    #: a manifest's pair: its Chinese and English paths as the manifest lists them (normalised). Its name
    #: depends on the lines above it, so a batch's record of finished pairs keeps these with the name.
    listed: tuple[str, str] | None = None

    @property
    def done_line(self) -> str:
        """The pair's line in a batch's record of finished pairs: its name, and a manifest's paths."""
        return self.name if self.listed is None else "\t".join((self.name, *self.listed))

    @property
    def mt(self) -> Location:
        """Where this pair's machine translations may be: ``mt_file`` when given, else ``NAME.mt.txt``
        beside the Chinese file."""
        return self.mt_file if self.mt_file is not None else self.zh.parent / f"{self.name}{MT_SUFFIX}"


def _articles(folder: Location) -> list[Location]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                  and not p.name.lower().endswith(MT_SUFFIX))


def find_pairs(folder: Location, warn: Callable[[str], None] | None = None) -> list[PairPaths]:
    """Every pair of ``folder``, sorted by name.

    A file without its partner, or without ``.zh``/``.en`` before its suffix, is reported through
    ``warn`` (default: the logging module) with its name and skipped; the other pairs are still found.
    UserError when the folder does not exist or holds no pair at all.
    """
    warn = warn or _log.warning
    if not folder.is_dir():
        raise UserError(f"{folder}: no such folder; pass a folder of NAME.zh.txt / NAME.en.txt pairs")
    if (folder / "zh").is_dir() and (folder / "en").is_dir():
        found = _pair_by_stem(folder / "zh", folder / "en", warn)
    else:
        found = _pair_by_marker(folder, warn)
    if not found:
        raise UserError(f"{folder}: holds no article pairs; name them NAME.zh.txt and NAME.en.txt "
                        "(or put them in zh/NAME.txt and en/NAME.txt)")
    return found


def _pair_by_stem(zh_dir: Location, en_dir: Location, warn: Callable[[str], None]) -> list[PairPaths]:
    zh = {p.stem: p for p in _articles(zh_dir)}
    en = {p.stem: p for p in _articles(en_dir)}
    for name in sorted(zh.keys() - en.keys()):
        warn(f"{zh[name]}: no {en_dir / zh[name].name}; skipped")
    for name in sorted(en.keys() - zh.keys()):
        warn(f"{en[name]}: no {zh_dir / en[name].name}; skipped")
    return [PairPaths(name, zh[name], en[name]) for name in sorted(zh.keys() & en.keys())]


def _pair_by_marker(folder: Location, warn: Callable[[str], None]) -> list[PairPaths]:
    sides: dict[str, dict[str, Location]] = {"zh": {}, "en": {}}
    for path in _articles(folder):
        match = MARKED_NAME.match(path.stem)
        if match is None:
            warn(f"{path}: name has no .zh or .en before {path.suffix}; skipped (name it NAME.zh"
                 f"{path.suffix} or NAME.en{path.suffix})")
            continue
        name, lang = match.group("name"), match.group("lang").lower()
        if name in sides[lang]:
            warn(f"{path}: a second {lang} file for {name} ({sides[lang][name].name}); skipped")
            continue
        sides[lang][name] = path
    zh, en = sides["zh"], sides["en"]
    for name in sorted(zh.keys() - en.keys()):
        warn(f"{zh[name]}: no English file {name}.en.*; skipped")
    for name in sorted(en.keys() - zh.keys()):
        warn(f"{en[name]}: no Chinese file {name}.zh.*; skipped")
    return [PairPaths(name, zh[name], en[name]) for name in sorted(zh.keys() & en.keys())]
