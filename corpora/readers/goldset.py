"""Gold sets on disk: the documents ``zhen-align eval`` and the benchmarks score the aligner on.

A set is laid out as ``SET/zh/<doc>.txt``, ``SET/en/<doc>.txt`` (one sentence per line),
``SET/gold/<doc>.align`` (``[zh ids]:[en ids]`` per line, 0-based) and, optionally, ``SET/mt/<doc>.txt``
(a machine translation of each Chinese line). The metric is :mod:`aligner.evaluation`.
"""

from __future__ import annotations

from pathlib import Path

from aligner.beads import Bead, parse_beads
from aligner.errors import UserError
from aligner.evaluation import EvalDoc

SET_LAYOUT = "zh/<doc>.txt, en/<doc>.txt, gold/<doc>.align and optionally mt/<doc>.txt"


def read_lines(path: Path) -> list[str]:
    """The lines of a UTF-8 sentence file, numbered exactly as the gold numbers them.

    Only ``\\n`` ends a line (``str.splitlines`` would also split on form feeds and U+2028 and
    shift the numbering); a final newline does not start an extra line.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: not UTF-8 ({exc.reason}); save it as UTF-8") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror}); check the path") from None
    if text.endswith("\n"):
        text = text[:-1]
    return [line.removesuffix("\r") for line in text.split("\n")] if text else []


def read_alignment(path: Path) -> list[Bead]:
    """Beads of an ``.align`` file (``[zh ids]:[en ids]`` per line)."""
    try:
        return parse_beads(read_lines(path))
    except ValueError as exc:
        raise UserError(f"{path}: {exc}; expected one '[zh ids]:[en ids]' bead per line") from None


def _check_doc(doc: EvalDoc, gold_path: Path, mt_path: Path) -> None:
    """Reject gold beads pointing past the end of the texts, and an MT file of the wrong length."""
    for bead in doc.gold:
        if any(i >= len(doc.zh) for i in bead.zh) or any(i >= len(doc.en) for i in bead.en):
            raise UserError(
                f"{gold_path}: bead {bead.kind} {list(bead.zh)}:{list(bead.en)} points past the "
                f"{len(doc.zh)} zh / {len(doc.en)} en lines; fix the gold or the sentence files"
            )
    if doc.mt is not None and len(doc.mt) != len(doc.zh):
        raise UserError(
            f"{mt_path}: {len(doc.mt)} lines for {len(doc.zh)} Chinese lines; "
            "the MT file needs one translation per Chinese line"
        )


def load_set(set_dir: Path) -> list[EvalDoc]:
    """Read every document of an evaluation set directory (layout in ``SET_LAYOUT``)."""
    set_dir = Path(set_dir)
    zh_dir, en_dir, gold_dir, mt_dir = (set_dir / part for part in ("zh", "en", "gold", "mt"))
    if not set_dir.is_dir():
        raise UserError(f"{set_dir}: no such directory; an evaluation set holds {SET_LAYOUT}")
    for part in (zh_dir, en_dir, gold_dir):
        if not part.is_dir():
            raise UserError(f"{set_dir}: missing {part.name}/; an evaluation set holds {SET_LAYOUT}")
    names = sorted(p.stem for p in zh_dir.glob("*.txt"))
    if not names:
        raise UserError(f"{zh_dir}: no .txt documents; an evaluation set holds {SET_LAYOUT}")
    docs = []
    for name in names:
        en_path, mt_path = en_dir / f"{name}.txt", mt_dir / f"{name}.txt"
        gold_path = gold_dir / f"{name}.align"
        for path in (en_path, gold_path):
            if not path.is_file():
                raise UserError(f"{path}: missing, needed for {zh_dir / name}.txt; {SET_LAYOUT}")
        doc = EvalDoc(
            name=name,
            zh=read_lines(zh_dir / f"{name}.txt"),
            en=read_lines(en_path),
            gold=read_alignment(gold_path),
            mt=read_lines(mt_path) if mt_path.is_file() else None,
        )
        _check_doc(doc, gold_path, mt_path)
        docs.append(doc)
    return docs
