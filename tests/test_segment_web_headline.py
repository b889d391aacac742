"""Headlines of web copy (user test 5): a breadcrumb line above the headline is never the headline, and
a short line directly over a byline or dateline is."""

from __future__ import annotations

import pytest

from aligner.beads import Bead
from aligner.segment import hard_anchors, segment
from aligner.segment.paragraphs import is_breadcrumb, is_byline
from corpora.document import Document
from corpora.pipeline import pair_from_texts
from corpora.textio import read_text
from tests.conftest import shared_path

BODY_ZH = "南非许多医生认为，奥密克戎变种所致病症更为轻微。他说，还没有病人需要住院。\n"
BODY_EN = ("Many doctors in South Africa say Omicron causes milder illness. "
           "He said no patient had needed hospital.\n")


@pytest.mark.parametrize("line", ["首页 > 国际 > 正文", "Home | World | Africa", "首页 » 新闻",
                                  "News / China / Tech", "首页 › 国际"])
def test_breadcrumbs(line):
    assert is_breadcrumb(line)


@pytest.mark.parametrize("line", ["南非医生：奥密克戎传播力虽强 但多为轻症",
                                  "越南人民报网 - 海湾合作委员会应对共同挑战",
                                  "He said the 24/7 service and the A/B tests worked."])
def test_not_breadcrumbs(line):
    assert not is_breadcrumb(line)


@pytest.mark.parametrize("line", ["2021年12月03日 09:15　来源：美国之音　编辑：王小明",
                                  "2021-12-03 来源：新华网", "By VOA News | December 03, 2021",
                                  "Source: Xinhua | 2021-12-03"])
def test_bylines(line):
    assert is_byline(line)


@pytest.mark.parametrize("line", ["民主峰会落幕，拜登称自由之火永不熄灭",
                                  "他说，还没有病人需要住院。",
                                  "The Summit for Democracy ended, and the fire would never go out"])
def test_not_bylines(line):
    assert not is_byline(line)


def test_a_breadcrumb_is_skipped_and_the_headline_over_its_byline_found():
    zh = ("首页 > 国际 > 正文\r\n\r\n南非医生：奥密克戎传播力虽强 但多为轻症\r\n"
          "2021年12月03日 09:15　来源：美国之音　编辑：王小明\r\n\r\n　　" + BODY_ZH)
    en = ("Home | World | Africa\n\nSouth African doctors: Omicron spreads fast but is mostly mild\n"
          "By VOA News | December 03, 2021\n\n" + BODY_EN)
    pair = pair_from_texts(zh, en)
    assert pair.title == "南非医生：奥密克戎传播力虽强 但多为轻症"
    assert pair.headline_index == 1 and pair.en.headline_index == 1
    assert {(1, 1), (2, 2)} <= set(pair.anchors)     # the breadcrumbs pair, then the headlines
    beads = [Bead((k,), (k,), 0.9) for k in range(len(pair.zh.sentences))]
    marked = Document.from_beads(pair.zh.sentences, pair.en.sentences, beads, headline=pair.has_headline,
                                 headline_at=pair.headline_index)
    assert [row.zh for row in marked.rows if row.headline] == [["南非医生：奥密克戎传播力虽强 但多为轻症"]]


@pytest.mark.parametrize("byline", ["2021-12-03 来源：新华网", "2021年12月03日 09:15　来源：美国之音"])
def test_a_headline_directly_over_a_byline_is_the_headline(byline):
    seg = segment(f"民主峰会落幕，拜登称自由之火永不熄灭\n{byline}\n\n　　{BODY_ZH}", "zh")
    assert seg.headline == "民主峰会落幕，拜登称自由之火永不熄灭"
    en = segment(f"The Summit for Democracy ended\nSource: Xinhua | 2021-12-03\n\n{BODY_EN}", "en")
    assert en.headline == "The Summit for Democracy ended"
    assert (1, 1) in hard_anchors(seg, en)


@pytest.mark.parametrize("second", ["on 2021-12-03 after months of talks, would take effect next year.",
                                    "on December 3, 2021 by the ministry, would take effect"])
def test_a_wrapped_paragraph_is_not_cut_at_a_date(second):
    text = f"The ministry said on Friday that the new rules, which were first announced\n{second}\n"
    assert segment(text, "en").paragraph_starts == [0]


def test_every_wmt22_headline_is_still_found():
    """Each wmt22-news document's first line is its headline (38 documents)."""
    folder = shared_path("eval", "zhen", "wmt22-news", "zh")
    files = sorted(folder.glob("*.txt"))
    assert len(files) == 38
    found = []
    for file in files:
        text = read_text(file)
        first = next(line for line in text.splitlines() if line.strip()).strip()
        found.append(segment(text, "zh").headline == first)
    assert all(found), [f.name for f, ok in zip(files, found, strict=True) if not ok]
