"""The one path from two article texts (or files) to sentences, anchors and an aligned Document."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aligner.display import count
from aligner.errors import UserError
from aligner.segment import Segmentation, hard_anchors, segment
from aligner.segment.script import han_share
from corpora.document import UNRELATED_MEDIAN, UNRELATED_MEDIAN_FAST, Document, low_median
from corpora.locations import Location, source_of
from corpora.textio import MAX_EN_SHARE, MIN_ZH_SHARE, check_share

if TYPE_CHECKING:
    from collections.abc import Sequence

    from aligner.api import AlignConfig
    from aligner.embedders import VectorStore

__all__ = ["Pair", "align_pair", "balance_note", "looks_swapped", "one_sided", "pair_from_texts",
           "unrelated_note", "with_vector_store"]



@dataclass
class Pair:
    """A Chinese article and its English translation, segmented, with the anchors between them."""

    zh: Segmentation
    en: Segmentation
    anchors: list[tuple[int, int]]
    zh_path: Location | None = None
    en_path: Location | None = None
    title: str = ""
    #: The Chinese side's first sentence is a headline its segmentation alone cannot tell (in a mixed
    #: file, a Chinese headline above an English body: no Chinese text follows it).
    headline_above: bool = False

    @property
    def has_headline(self) -> bool:
        """True when the Chinese side starts with a one-sentence headline paragraph (or the headline of a
        mixed file, see ``headline_above``)."""
        return self.headline_index is not None

    @property
    def headline_index(self) -> int | None:
        """Which Chinese sentence is the headline (after any breadcrumb lines), or None."""
        index = self.zh.headline_index
        return 0 if index is None and self.headline_above else index


def looks_swapped(zh_text: str, en_text: str) -> bool:
    """Whether the text given as Chinese looks English and the one given as English looks Chinese."""
    zh_share, en_share = han_share(zh_text), han_share(en_text)
    return zh_share is not None and en_share is not None and zh_share < MIN_ZH_SHARE < MAX_EN_SHARE < en_share


def pair_from_texts(zh_text: str, en_text: str, *, presegmented: bool = False,
                    split_on_semicolon: bool = False, zh_name: str = "Chinese text",
                    en_name: str = "English text") -> Pair:
    """Check the languages, segment both sides and find the hard anchors.

    ``zh_name``/``en_name`` name the inputs in error messages; ``title`` is the Chinese headline.
    """
    for text, name in ((zh_text, zh_name), (en_text, en_name)):
        if not text.strip():
            raise UserError(f"{name}: is empty; pass the article text")
    zh_share, en_share = han_share(zh_text), han_share(en_text)
    if looks_swapped(zh_text, en_text):   # the file readers swap such a pair (corpora.readers.inputs)
        raise UserError(f"{zh_name} looks English and {en_name} Chinese: pass the Chinese text first")
    chinese = [share is not None and share >= MIN_ZH_SHARE for share in (zh_share, en_share)]
    english = [share is not None and share <= MAX_EN_SHARE for share in (zh_share, en_share)]
    for missing, both, neither in (("Chinese", english, chinese), ("English", chinese, english)):
        if all(both) and not any(neither):
            raise UserError(f"neither {zh_name} nor {en_name} looks {missing} ({zh_share:.0%} and "
                            f"{en_share:.0%} Chinese characters): pass a Chinese article and its English "
                            "translation")
    check_share(zh_share, "zh", zh_name)
    check_share(en_share, "en", en_name)
    zh = segment(zh_text, "zh", presegmented=presegmented, split_on_semicolon=split_on_semicolon)
    en = segment(en_text, "en", presegmented=presegmented)
    return Pair(zh, en, hard_anchors(zh, en), title=zh.headline or "")


def _article_name(pair: Pair) -> str:
    """How a note names the article: its Chinese file, else its title."""
    return str(pair.zh_path or pair.title or "the article")


def one_sided(pair: Pair) -> bool:
    """Whether the pair is a one-sided article (``aligner.api.is_one_sided`` of its sentence counts); never
    when a side was cut into pieces for want of sentence ends, as its count then says nothing of how much
    text it holds."""
    from aligner.api import is_one_sided

    if pair.zh.cut_lines or pair.en.cut_lines:
        return False
    return is_one_sided(len(pair.zh.sentences), len(pair.en.sentences))


def alignment_anchors(pair: Pair) -> list[tuple[int, int]]:
    """The points the alignment of ``pair`` must pass through: its hard anchors and, in a one-sided
    article whose shorter side opens with a headline (a sentence of its own, such as a Chinese headline
    above an English body), the points that let that headline pair only with the other side's title line
    (its own headline) or, when the other side has none, keep it on a row of its own: it is never paired
    with a body sentence."""
    if not one_sided(pair):
        return pair.anchors
    zh_short = len(pair.zh.sentences) < len(pair.en.sentences)
    short, other = (pair.zh, pair.en) if zh_short else (pair.en, pair.zh)
    opens_alone = (pair.headline_index == 0 if zh_short
                   else bool(short.paragraphs) and len(short.paragraphs[0]) == 1)
    if not opens_alone:
        return pair.anchors
    title = other.headline_index
    points = [(0, title), (1, title + 1)] if title is not None else [(1, 0)]
    extra = {(a, b) if zh_short else (b, a) for a, b in points} - {(0, 0)}
    anchors = sorted(set(pair.anchors) | extra)
    monotone = all(a[0] <= b[0] and a[1] <= b[1] for a, b in itertools.pairwise(anchors))
    return anchors if monotone else pair.anchors


def balance_note(pair: Pair) -> str | None:
    """One line for an article with a side cut into pieces for want of sentence ends, or whose one side
    is (nearly) missing, else None."""
    name = _article_name(pair)
    cut = [(language, seg) for language, seg in (("Chinese", pair.zh), ("English", pair.en))
           if seg.cut_lines]
    if cut:
        language, seg = cut[0]
        ends, marks = ("。！？", "commas") if language == "Chinese" else (". ! ?", "commas or spaces")
        lines = count(seg.cut_lines, "long line")
        return (f"{name}: the {language} lacks sentence ends ({ends}) in {lines}; cut after {marks} into "
                "pieces, so a row may begin or end inside a sentence")
    if not one_sided(pair):
        return None
    n, m = len(pair.zh.sentences), len(pair.en.sentences)
    short, long_ = ("Chinese", "English") if n < m else ("English", "Chinese")
    lone = "0-1" if n < m else "1-0"
    return (f"{name}: {n} Chinese and {m} English sentences: the {short} body is missing; related "
            f"sentences are paired, the rest of the {long_} kept as {lone} rows in order")


def unrelated_note(pair: Pair, confidences: Sequence[float | None], *, embeddings: bool = True) -> str | None:
    """One line when the aligned article as a whole looks like two different stories
    (:func:`corpora.document.low_median` of the ``confidences`` of its beads or rows, aligned with
    ``embeddings`` or without), else None. A one-sided article, which :func:`balance_note`
    reports, is left to it."""
    middle = low_median(confidences, embeddings=embeddings)
    if middle is None or one_sided(pair):
        return None
    threshold = UNRELATED_MEDIAN if embeddings else UNRELATED_MEDIAN_FAST
    name = _article_name(pair)
    return (f"{name}: the two texts look unrelated (median confidence {middle:.2f}, related articles "
            f"score above {threshold}); check that the English file translates this article")


def align_pair(pair: Pair, *, mt: Any = None, config: AlignConfig | None = None,
               title: str | None = None) -> Document:
    """Align the pair and wrap the beads in a Document.

    ``mt`` is passed to ``aligner.api.align`` (translations of the Chinese sentences or a translator).
    The title is ``title``, else the Chinese headline, else the Chinese file's stem.
    """
    from aligner.api import align

    beads = align(pair.zh.sentences, pair.en.sentences, mt=mt, anchors=alignment_anchors(pair),
                  config=config, one_sided=one_sided(pair))
    stem = pair.zh_path.stem if pair.zh_path else ""
    return Document.from_beads(
        pair.zh.sentences, pair.en.sentences, beads, headline=pair.has_headline,
        headline_at=pair.headline_index or 0,
        title=title or pair.title or stem, source=source_of(pair.zh_path) if pair.zh_path else "",
        en_source=source_of(pair.en_path) if pair.en_path else "",
    )


def with_vector_store(config: AlignConfig | None, store: VectorStore) -> AlignConfig:
    """``config`` (by default the default one) with an embedder that looks its vectors up in ``store`` (a
    workspace) before encoding and keeps there what it encodes, so that aligning the same sentences again,
    in this process or a later one, encodes nothing. A configuration without embeddings is returned as is.
    """
    from dataclasses import replace

    from aligner.api import AlignConfig
    from aligner.embedders import CachedEmbedder, get_embedder

    config = config or AlignConfig()
    if not config.embeddings:
        return config
    embedder = get_embedder(config.embedder) if isinstance(config.embedder, str) else config.embedder
    if isinstance(embedder, CachedEmbedder):
        return replace(config, embedder=embedder.with_store(store))
    return replace(config, embedder=CachedEmbedder(embedder, store=store))
