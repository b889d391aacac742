"""One-sided rows and the length model with its untranslated-clause test."""

from __future__ import annotations

import math

import numpy as np

from qa.findings import SideText
from qa.omissions import LengthModel, check_length, check_one_sided, check_uncovered

ZH = "市政府今天宣布，明年将修建三条新的地铁线路，专家认为公共交通应该更便宜，很多市民每天骑自行车上班。"
EN = ("The city government announced today that three new metro lines will be built next year, experts "
      "believe public transport should be cheaper, and many residents cycle to work every day.")
#: The same English without the clause about the experts.
EN_SHORT = ("The city government announced today that three new metro lines will be built next year, "
            "and many residents cycle to work every day.")


def test_one_sided_rows():
    (error,) = check_one_sided(SideText("zh", ["只有中文。"]), SideText("en", []))
    assert (error.check, error.severity, error.subject) == ("omission", "error", "zh-only")
    (warning,) = check_one_sided(SideText("zh", []), SideText("en", ["Only English."]))
    assert warning.severity == "warning"
    assert check_one_sided(SideText("zh", ["。"]), SideText("en", [])) == []   # no content


def test_the_model_is_fitted_on_the_document():
    model = LengthModel.fit([("中文句子很长很长", "An English sentence of some length")] * 3
                            + [("中文句子", "A sentence")] * 3)
    assert model.spread >= 0.15
    assert math.exp(model.median) > 1


def model_for(ratio: float) -> LengthModel:
    return LengthModel(math.log(ratio), 0.15)


def test_a_far_too_short_row_is_reported_on_length_alone():
    zh = SideText("zh", ["市政府今天宣布明年将修建三条新的地铁线路"])   # one clause: nothing to point at
    (finding,) = check_length(model_for(len(EN) / len(ZH)), zh, SideText("en", ["Metro lines."]))
    assert finding.check == "length" and finding.spans == zh.whole()
    assert "short for its Chinese" in finding.message


def test_a_row_as_long_as_predicted_is_fine():
    assert check_length(model_for(len(EN) / len(ZH)), SideText("zh", [ZH]), SideText("en", [EN])) == []


def test_headlines_are_not_held_to_the_model():
    assert check_length(model_for(3), SideText("zh", [ZH]), SideText("en", ["Metro"]), headline=True) == []


def fake_encoder(texts):
    """Vectors with one direction for "mentions the experts": texts agree when both do or neither does."""
    out = []
    for text in texts:
        v = np.array([0.8, 0.6]) if "专家" in text or "expert" in text else np.array([1.0, 0.0])
        out.append(v / np.linalg.norm(v))
    return np.array(out)


def test_the_untranslated_clause_is_highlighted():
    zh, en = SideText("zh", [ZH]), SideText("en", [EN_SHORT])
    (finding,) = check_length(model_for(len(EN) / len(ZH)), zh, en, encode=fake_encoder)
    (span,) = finding.spans
    assert ZH[span.start:span.end] == "专家认为公共交通应该更便宜"
    assert check_length(model_for(len(EN) / len(ZH)), zh, SideText("en", [EN]), encode=fake_encoder) == []


def test_without_an_encoder_an_untranslated_sentence_of_a_joined_row_is_highlighted():
    """A sentence whose translation is missing, folded by the aligner into its neighbour's row: each of
    its clauses shares a word or two with the English, the sentence as a whole few."""
    zh1 = "市政府今天宣布，明年将修建三条新的地铁线路，方便市民上班。"
    en1 = ("The city government announced today that three new metro lines will be built next year to help "
           "residents get to work.")
    zh2 = "很多市民每天骑自行车上班，政府认为交通拥堵问题越来越严重。"
    en2 = ("Many residents cycle to work every day, and the government believes traffic congestion is "
           "getting worse.")
    model = LengthModel(math.log(len(en1 + en2) / len(zh1 + zh2)), 0.25)
    zh = SideText("zh", [zh1, zh2])
    (finding,) = check_length(model, zh, SideText("en", [en1]))
    (span,) = finding.spans
    assert (span.sentence, span.start, span.end) == (1, 0, len(zh2))
    assert check_length(model, zh, SideText("en", [en1, en2])) == []


def test_without_an_encoder_a_merged_sentence_is_reported_when_the_english_fits_the_rest():
    """USERTEST3 entry 7: wmt22-news 005 with the English of its row 4 deleted, the Chinese-only row merged
    into row 3 in the editor. The English is short, though not by as much as the sentence test alone asks
    (two spreads), because the sentence shares words with its neighbour's English; leaving the sentence out
    makes the row fit the article's ratio, so the sentence is what is missing."""
    kept = "近日，公安部刑事侦查局打拐办开发的儿童失踪信息紧急发布平台上线。"
    merged = "这是为建立儿童失踪信息发布的权威渠道、及时找回被拐儿童而创设的互联网信息平台。"
    en = ("Recently, the platform of emergency release of missing children information developed by the "
          "Anti-Abduction Office of Criminal Investigation Bureau of the Ministry of Public Security went "
          "online.")
    model = LengthModel(1.38, 0.265)   # the article's own, fitted by `zhen-align check`
    zh = SideText("zh", [kept, merged])
    (finding,) = check_length(model, zh, SideText("en", [en]))
    (span,) = finding.spans
    assert (span.sentence, span.start, span.end) == (1, 0, len(merged))
    assert "not translated?" in finding.message
    assert check_length(model, SideText("zh", [kept]), SideText("en", [en])) == []


def test_an_unrelated_sentence_is_named_with_the_right_article():
    """USERTEST5 entry 9: "a English sentence of this row hardly relates…"."""
    zh, en = SideText("zh", ["一句中文。"]), SideText("en", ["One sentence.", "Another sentence."])
    (finding,) = check_uncovered({"coverage": 0.0}, zh, en)
    assert finding.message.startswith("an English sentence of this row hardly relates")
    zh, en = SideText("zh", ["一句。", "两句。"]), SideText("en", ["One."])
    (finding,) = check_uncovered({"coverage": 0.0}, zh, en)
    assert finding.message.startswith("a Chinese sentence of this row hardly relates")
