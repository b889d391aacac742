"""A manifest: the article pairs of a batch listed in a file, one pair a line,
``zh_path<TAB>en_path[<TAB>mt_path]``.

Paths are relative to the manifest's own folder (a local folder or an fsspec URL such as
``s3://bucket/corpus/``) and must stay inside it: an absolute path, a URL or a ``..`` that leaves the
folder is refused with the line number, and so is a local path that a symbolic link (``etc -> /etc``)
leads out of it. Blank lines and lines starting with ``#`` are skipped. Each pair
is named after its Chinese file (``NAME.zh.txt`` or ``NAME.txt`` → ``NAME``); a name already taken gets
the Chinese file's path in the folder instead (``2021/07/NAME``  → ``2021-07-NAME``), so a corpus
spread over folders keeps one output file per pair; if that is taken too (the same Chinese file against
another English one: a second reference translation), the English file's is added
(``NAME.zh.txt`` + ``refB/NAME.txt`` → ``NAME-refB-NAME``), then ``-2``, ``-3``... until the name is free.
Every line gets its own name, which depends on the lines above it only. Without a third column the
pair's MT file is ``NAME.mt.txt`` beside its Chinese file, as in a folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath

from aligner.errors import UserError
from corpora.locations import Location, is_url
from corpora.readers.pairs import MARKED_NAME, PairPaths
from corpora.textio import read_text


def read_manifest(manifest: Location, warn: Callable[[str], None]) -> list[PairPaths]:
    """The pairs listed in ``manifest``; a line listing a pair already seen is reported and skipped."""
    base = manifest.parent
    pairs: list[PairPaths] = []
    names: set[str] = set()
    seen: dict[tuple[str, str], int] = {}
    for number, line in enumerate(read_text(manifest).split("\n"), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) not in (2, 3) or not all(fields):
            raise UserError(f"{manifest}: line {number} is not zh_path<TAB>en_path[<TAB>mt_path]; give two "
                            "or three paths separated by tabs")
        relative = [_inside(field, manifest, number) for field in fields]
        key = (relative[0].as_posix(), relative[1].as_posix())
        if key in seen:
            warn(f"{manifest}: line {number} repeats line {seen[key]}; skipped")
            continue
        seen[key] = number
        name = _free_name(relative[0], relative[1], names)
        names.add(name)
        zh, en, *mt = (base.joinpath(*path.parts) for path in relative)
        for field, path in zip(fields, (zh, en, *mt), strict=True):
            _not_linked_out(path, field, manifest, number)
        pairs.append(PairPaths(name, zh, en, mt[0] if mt else None, listed=key))
    if not pairs:
        raise UserError(f"{manifest}: lists no article pairs; write one zh_path<TAB>en_path line per pair")
    return pairs


def _inside(field: str, manifest: Location, number: int) -> PurePosixPath:
    """``field`` as a normalised path relative to the manifest's folder; UserError if it leaves it."""
    path = PurePosixPath(field)
    parts: list[str] = []
    escapes = is_url(field) or path.is_absolute()
    for part in path.parts:
        if part == "..":
            escapes = escapes or not parts
            parts = parts[:-1]
        elif part != ".":
            parts.append(part)
    if escapes or not parts:
        raise UserError(f"{manifest}: line {number}: {field} is not inside the manifest's folder; list paths "
                        "relative to it (put the manifest at the top of the corpus)")
    return PurePosixPath(*parts)


def _not_linked_out(path: Location, field: str, manifest: Location, number: int) -> None:
    """UserError if the local ``path`` (named ``field`` on line ``number``) resolves, through a symbolic
    link, to a file outside the manifest's folder; a URL has no links to follow."""
    if not isinstance(path, Path):
        return
    if not path.resolve().is_relative_to(manifest.parent.resolve()):
        raise UserError(f"{manifest}: line {number}: {field} leads out of the manifest's folder through a "
                        "symbolic link; copy the file into the folder instead of linking to it")


def _free_name(zh: PurePosixPath, en: PurePosixPath, taken: set[str]) -> str:
    """The pair's name: the Chinese file's ``NAME``, else its path in the folder, else that and the English
    file's, else the last with ``-2``, ``-3``...: the first not in ``taken``."""
    joined = _path_name(zh)
    both = f"{joined}-{_path_name(en)}"
    for name in (_name(zh), joined, both):
        if name not in taken:
            return name
    number = 2
    while f"{both}-{number}" in taken:
        number += 1
    return f"{both}-{number}"


def _path_name(path: PurePosixPath) -> str:
    """The file's ``NAME`` after its folders in the manifest's folder: ``refB-NAME`` of ``refB/NAME.txt``."""
    return "-".join((*path.parent.parts, _name(path)))


def _name(path: PurePosixPath) -> str:
    """``NAME`` of ``NAME.zh.txt`` / ``NAME.en.txt`` (or of ``NAME.txt``)."""
    match = MARKED_NAME.match(path.stem)
    return match.group("name") if match else path.stem
