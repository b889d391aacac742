"""A document as the editor and the exporters see it: an ordered list of rows (beads with text)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from aligner.beads import Bead

Status = Literal["auto", "confirmed", "edited"]
Side = Literal["zh", "en"]
SIDES: tuple[Side, Side] = ("zh", "en")

#: Machine rows scored under this are "low confidence" (editor, `status`, `add` and batch summaries).
LOW_CONFIDENCE = 0.5
#: Median bead confidence under which two articles look unrelated: with the embeddings, and without them
#: (``--fast``, whose confidences separate less). On the dev sets (no MT) the 46 related documents' medians
#: are 0.78-0.99 with embeddings and 0.60-0.99 without, those of 44 unrelated pairings 0.05-0.48 and
#: 0.12-0.75 (bench/relatedness.md): the second figure warns about fewer, but about no real translation.
UNRELATED_MEDIAN = 0.6
UNRELATED_MEDIAN_FAST = 0.45


def text_digest(zh: Sequence[str], en: Sequence[str]) -> str:
    """A digest of an article's text (its Chinese and English sentences in order, however grouped): two
    articles with the same digest hold the same text."""
    digest = hashlib.sha1()
    for side in (zh, en):
        for sentence in side:
            digest.update(sentence.encode("utf-8", "surrogatepass") + b"\x1f")
        digest.update(b"\x1e")
    return digest.hexdigest()


def low_median(confidences: Iterable[float | None], *, embeddings: bool = True) -> float | None:
    """The median of ``confidences`` (None left out) when it is under :data:`UNRELATED_MEDIAN`
    (:data:`UNRELATED_MEDIAN_FAST` for an article aligned without ``embeddings``): the article's two texts
    look unrelated. None when it is not, or when no confidence is given."""
    from statistics import median

    scores = [c for c in confidences if c is not None]
    if not scores:
        return None
    middle = median(scores)
    return middle if middle < (UNRELATED_MEDIAN if embeddings else UNRELATED_MEDIAN_FAST) else None


def unrelated_median(confidences: Iterable[float | None], zh_sentences: int, en_sentences: int
                     ) -> float | None:
    """:func:`low_median` of a stored article's row ``confidences``, unless its sentence counts make it a
    one-sided article (whose lone sentences score low by nature). The warning ``edit`` and ``add`` give
    when they align is derived again from the rows this way, not stored; rows edited by hand have no
    score, so an article fixed by hand stops looking unrelated. The threshold is the default aligner's:
    the medians of related articles aligned with ``--fast`` are over it too."""
    middle = low_median(confidences)
    if middle is None:
        return None
    # numpy and the scorers: imported only for an article that looks unrelated
    from aligner.api import is_one_sided

    return None if is_one_sided(zh_sentences, en_sentences) else middle


def mt_indices(origins: Iterable[bool]) -> tuple[int, ...]:
    """The 0-based indices of the sentences marked True in ``origins`` (one flag per sentence, True for
    machine translation): the form ``Row.en_mt`` / ``Row.zh_mt`` hold."""
    return tuple(k for k, machine in enumerate(origins) if machine)


def every_sentence(sentences: Sequence[str]) -> tuple[int, ...]:
    """The indices of all of ``sentences``: a side whose every sentence is machine translation."""
    return tuple(range(len(sentences)))


@dataclass
class Row:
    """One bead with its sentence texts.

    ``status`` is ``auto`` (machine-aligned, ``confidence`` set), ``edited`` (changed by hand,
    not yet confirmed) or ``confirmed``. ``parts`` are the score signals shown in the detail pane.
    ``en_mt`` holds the 0-based indices of the English sentences that are machine translation (accepted
    from an MT suggestion, perhaps edited since), ``zh_mt`` the same of the Chinese (an en→zh suggestion
    accepted on a row that had only English). A row counts as ``en_from_mt`` (``zh_from_mt``) when any
    sentence of that side is: exports leave such rows out of a corpus unless asked to keep them.
    ``ignored`` holds the keys (``check:subject``, see ``qa.Finding.key``) of the translation-check
    findings an editor chose to ignore on this row.
    """

    zh: list[str]
    en: list[str]
    status: Status = "auto"
    confidence: float | None = None
    parts: dict[str, float] = field(default_factory=dict)
    bookmark: bool = False
    headline: bool = False
    en_mt: tuple[int, ...] = ()
    zh_mt: tuple[int, ...] = ()
    ignored: tuple[str, ...] = ()

    def side(self, side: Side) -> list[str]:
        """The sentences of one side."""
        return self.zh if side == "zh" else self.en

    @property
    def kind(self) -> str:
        """Shape such as ``"1-1"`` or ``"0-1"``."""
        return f"{len(self.zh)}-{len(self.en)}"

    @property
    def is_low_confidence(self) -> bool:
        """A machine-aligned row scored under :data:`LOW_CONFIDENCE`."""
        return self.status == "auto" and self.confidence is not None and self.confidence < LOW_CONFIDENCE

    @property
    def is_empty(self) -> bool:
        """True when neither side holds a sentence."""
        return not self.zh and not self.en

    def mt(self, side: Side) -> tuple[int, ...]:
        """The indices of the sentences of ``side`` that are machine translation."""
        return self.zh_mt if side == "zh" else self.en_mt

    def origins(self, side: Side) -> list[bool]:
        """One flag per sentence of ``side``: True where the sentence is machine translation."""
        machine = set(self.mt(side))
        return [k in machine for k in range(len(self.side(side)))]

    def from_mt(self, side: Side) -> bool:
        """Whether any sentence of ``side`` is machine translation."""
        return any(k < len(self.side(side)) for k in self.mt(side))

    @property
    def en_from_mt(self) -> bool:
        """Whether any English sentence is machine translation (the row-level flag outputs use)."""
        return self.from_mt("en")

    @property
    def zh_from_mt(self) -> bool:
        """Whether any Chinese sentence is machine translation."""
        return self.from_mt("zh")

    def copy(self) -> Row:
        """A deep copy (the sentence lists are copied too)."""
        return Row(list(self.zh), list(self.en), self.status, self.confidence, dict(self.parts),
                   self.bookmark, self.headline, self.en_mt, self.zh_mt, self.ignored)


@dataclass
class Document:
    """An aligned article: metadata and rows in reading order."""

    rows: list[Row]
    title: str = ""
    source: str = ""
    date: str = ""
    url: str = ""
    id: int | None = None
    #: Set when ``rows`` are a selection of a stored document's (what an export filter keeps): the number
    #: each row has there (from 1, as the editor and ``check`` show it), and all the rows it had, so that
    #: exports number rows and check them as the editor does, whatever is left out.
    numbers: list[int] | None = None
    whole: list[Row] | None = None
    #: The name of the pair a batch aligned it from (``NAME`` of ``NAME.zh.txt``; never stored): what its
    #: files are named after and, with no workspace ``id``, what identifies it in them.
    name: str = ""
    #: The English file a pair was aligned with (``source`` is its Chinese file); "" when unknown.
    en_source: str = ""

    @classmethod
    def from_beads(cls, zh: Sequence[str], en: Sequence[str], beads: Sequence[Bead], *,
                   headline: bool = False, headline_at: int = 0, **meta: str) -> Document:
        """Build rows from sentence lists and beads; ``headline`` marks the row holding Chinese sentence
        ``headline_at`` (the headline: 0 but under breadcrumb lines), whatever row holds the English one."""
        rows = [
            Row([zh[i] for i in b.zh], [en[j] for j in b.en], "auto", b.confidence, dict(b.parts))
            for b in beads
        ]
        if headline:
            for row, bead in zip(rows, beads, strict=True):
                if headline_at in bead.zh:
                    row.headline = True
                    break
        return cls(rows, **meta)

    def numbered(self) -> list[tuple[int, Row]]:
        """Each non-empty row with its row number: its place in the stored document, from 1."""
        numbers = self.numbers or range(1, len(self.rows) + 1)
        return [(n, row) for n, row in zip(numbers, self.rows, strict=True) if not row.is_empty]

    def sentences(self, side: Side) -> list[str]:
        """All sentences of one side in order."""
        return [s for row in self.rows for s in row.side(side)]

    def beads(self) -> list[Bead]:
        """The rows as beads of 0-based sentence indices (empty rows are skipped)."""
        out: list[Bead] = []
        i = j = 0
        for row in self.rows:
            if row.is_empty:
                continue
            zh = tuple(range(i, i + len(row.zh)))
            en = tuple(range(j, j + len(row.en)))
            i, j = i + len(row.zh), j + len(row.en)
            out.append(Bead(zh, en, row.confidence if row.confidence is not None else 1.0, row.parts))
        return out
