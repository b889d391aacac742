"""Text no fit has seen: the e-commerce, social and conversation documents of the WMT22 general test set
(``../shared/eval/wmt22-general-zh-en``), translated segment by segment, so their gold is 1-1 line by
line; :func:`bench.synthetic.perturb_set` then makes the joins and drops whose gold is known."""

from __future__ import annotations

from pathlib import Path

from aligner.beads import Bead
from aligner.evaluation import EvalDoc

DOMAINS = ("ecommerce", "social", "conversation")
MIN_LINES = 3  # shorter documents hold too little to align


def domain(doc_id: str) -> str:
    """The domain of a WMT22 general document id (``ecommerce_…``, ``social_…``; ``en_zh-TW_CLIENT…``
    ids are the conversations)."""
    return "conversation" if doc_id.startswith("en_") else doc_id.split("_")[0].split(".")[0]


def load_general(root: Path, domains: tuple[str, ...] = DOMAINS) -> list[EvalDoc]:
    """The documents of ``domains``, Chinese source against translator A, in file order."""
    txt = root / "txt"
    ids = (txt / "generaltest2022.zh-en.docids").read_text(encoding="utf-8").splitlines()
    zh = (txt / "sources" / "generaltest2022.zh-en.src.zh").read_text(encoding="utf-8").splitlines()
    en = (txt / "references" / "generaltest2022.zh-en.ref.A.en").read_text(encoding="utf-8").splitlines()
    lines: dict[str, tuple[list[str], list[str]]] = {}
    for doc_id, z, e in zip(ids, zh, en, strict=True):
        if domain(doc_id) in domains and z.strip() and e.strip():
            pair = lines.setdefault(doc_id, ([], []))
            pair[0].append(z)
            pair[1].append(e)
    return [EvalDoc(doc_id, z, e, [Bead((i,), (i,)) for i in range(len(z))])
            for doc_id, (z, e) in lines.items() if len(z) >= MIN_LINES]
