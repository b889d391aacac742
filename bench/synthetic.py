"""Known non-1-1 beads made from 1-1 news: join adjacent lines, drop lines, insert a run of another
document's lines (seeded, in memory only).

WMT22 news is translated segment by segment, so every aligner scores ~1.0 on it. Joining two
adjacent English lines gives a known 2-1 bead, joining two Chinese lines a known 1-2, dropping a
line a known 1-0 or 0-1 — the splits, merges and omissions editors meet in real news translations.
"""

from __future__ import annotations

import random
from dataclasses import replace

from aligner.beads import Bead
from aligner.evaluation import EvalDoc

# cumulative probabilities per source line: join en, join zh, drop en, drop zh (else keep 1-1)
JOIN_EN, JOIN_ZH, DROP_EN, DROP_ZH = 0.10, 0.20, 0.25, 0.30


def perturb(doc: EvalDoc, rng: random.Random) -> EvalDoc:
    """A copy of a line-by-line 1-1 document with joined and dropped lines, and its new gold."""
    _line_by_line(doc)
    zh: list[str] = []
    en: list[str] = []
    gold: list[Bead] = []
    i, n = 0, len(doc.zh)
    while i < n:
        r = rng.random()
        if r < JOIN_ZH and i + 1 < n:
            if r < JOIN_EN:
                gold.append(Bead((len(zh), len(zh) + 1), (len(en),)))
                zh += doc.zh[i : i + 2]
                en.append(f"{doc.en[i]} {doc.en[i + 1]}")
            else:
                gold.append(Bead((len(zh),), (len(en), len(en) + 1)))
                zh.append(doc.zh[i] + doc.zh[i + 1])
                en += doc.en[i : i + 2]
            i += 2
            continue
        if JOIN_ZH <= r < DROP_EN:
            gold.append(Bead((len(zh),), ()))
            zh.append(doc.zh[i])
        elif DROP_EN <= r < DROP_ZH:
            gold.append(Bead((), (len(en),)))
            en.append(doc.en[i])
        else:
            gold.append(Bead((len(zh),), (len(en),)))
            zh.append(doc.zh[i])
            en.append(doc.en[i])
        i += 1
    return replace(doc, zh=zh, en=en, gold=gold, mt=None)


def _line_by_line(doc: EvalDoc) -> None:
    """ValueError unless the document's gold pairs line k with line k, every line."""
    if any(len(b.zh) != 1 or len(b.en) != 1 or b.zh[0] != b.en[0] for b in doc.gold):
        raise ValueError(f"{doc.name}: a perturbation needs a line-by-line 1-1 gold")


def perturb_set(docs: list[EvalDoc], seed: int = 2022) -> list[EvalDoc]:
    """Every document perturbed, reproducibly for a given seed."""
    rng = random.Random(seed)
    return [perturb(doc, rng) for doc in docs]


def insert_block(doc: EvalDoc, other: EvalDoc, rng: random.Random) -> EvalDoc:
    """A copy of a line-by-line 1-1 document with a run of 2–5 lines of ``other`` (another document)
    inserted on one side, English two times in three, after a random line: the captions, link lists
    and boilerplate a page pasted whole brings along. Its gold makes each inserted line a 0-1 or 1-0."""
    _line_by_line(doc)
    side = rng.choice(("en", "en", "zh"))
    size = rng.randint(2, 5)
    source = getattr(other, side)
    start = rng.randrange(max(1, len(source) - size))
    block = source[start : start + size]
    n = len(doc.zh)
    at = rng.randint(1, max(1, n - 1))
    lone = [Bead((), (at + k,)) if side == "en" else Bead((at + k,), ()) for k in range(len(block))]
    after = [Bead((i,), (i + len(block),)) if side == "en" else Bead((i + len(block),), (i,))
             for i in range(at, n)]
    zh, en = list(doc.zh), list(doc.en)
    if side == "en":
        en[at:at] = block
    else:
        zh[at:at] = block
    return replace(doc, zh=zh, en=en, gold=[Bead((i,), (i,)) for i in range(at)] + lone + after, mt=None)


def insert_blocks(docs: list[EvalDoc], seed: int = 7) -> list[EvalDoc]:
    """Every document with one inserted block of another document's lines (:func:`insert_block`),
    reproducibly for a given seed."""
    rng = random.Random(seed)
    out = []
    for k, doc in enumerate(docs):
        other = docs[(k + 1 + rng.randrange(len(docs) - 1)) % len(docs)]
        out.append(insert_block(doc, other, rng))
    return out
