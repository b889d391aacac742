"""Names learned from the article by the consistency check."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from qa.consistency import check_consistency, learn
from qa.findings import SideText
from qa.glossary import Glossary

#: 波黑 is in no dictionary, and every row holding it holds 奥委会 (the Olympic Committee) as well.
ROWS = [
    ("波黑奥委会主席会见了中国大使。",
     "The president of the Bosnia and Herzegovina Olympic Committee met the Chinese ambassador."),
    ("波黑奥委会举办了颁奖典礼。",
     "The Bosnia and Herzegovina Olympic Committee held an awards ceremony."),
    ("波黑奥委会感谢中国的支持。",
     "The Bosnia and Herzegovina Olympic Committee thanked China for its support."),
    ("波黑奥委会将派出代表团。",
     "The Bosnia and Herzegovina Olympic Committee will send a delegation."),
]


def sides(pairs: list[tuple[str, str]]) -> list[tuple[SideText, SideText]]:
    return [(SideText("zh", [zh]), SideText("en", [en])) for zh, en in pairs]


def test_an_unknown_word_does_not_take_what_another_word_of_its_rows_renders():
    names = learn(sides(ROWS), None).names
    assert names.get("波黑") not in ("olympic", "committee")


_LEARN = """
import json, sys
sys.path.insert(0, {root!r})
from tests.qa.test_consistency import ROWS, sides
from qa.consistency import learn
print(json.dumps(learn(sides(ROWS), None).names, sort_keys=True))
"""


def test_the_same_article_learns_the_same_names_in_every_process():
    """Candidates used to be taken in set order, which changes with the process's string hashing."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    results = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", _LEARN.format(root=root)], env=env, check=True,
                             capture_output=True, text=True).stdout
        results.add(out.strip())
    assert len(results) == 1, results
    assert json.loads(results.pop())   # something was learned, so the order had a choice to make


AP = Glossary.parse("美联社\tAssociated Press|AP\n")
AP_ROWS = [("据美联社报道，医生们认为症状较轻。", "According to the Associated Press, symptoms are mild."),
           ("（图片来源：美联社）", "(AP Photo)")]


def consistency_messages(pairs: list[tuple[str, str]]) -> list[str]:
    rows = sides(pairs)
    renderings = learn(rows, AP)
    return [f.message for index, (zh, en) in enumerate(rows)
            for f in check_consistency(renderings, index, zh, en, AP)]


def test_one_row_of_the_usual_rendering_is_named_in_the_singular():
    """USERTEST5 entry 9: "美联社 is “AP” here but “Associated Press” in rows 5"."""
    assert consistency_messages(AP_ROWS) == ["美联社 is “AP” here but “Associated Press” in row 1"]
    assert consistency_messages([AP_ROWS[0], *AP_ROWS]) == [
        "美联社 is “AP” here but “Associated Press” in rows 1, 2"]
