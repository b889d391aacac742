"""Glossary files and the glossary check."""

from __future__ import annotations

import pytest

from aligner.errors import UserError
from qa.findings import SideText
from qa.glossary import Glossary, Term, check_glossary

TSV = """zh\ten\tdo not use
# terms of the desk
奥密克戎\tOmicron
新冠\tCOVID-19 | Covid\tcoronavirus
新冠病毒\tcoronavirus
一带一路\tBelt and Road Initiative
新冠\tCOVID
"""


def test_parse_merges_lines_and_reads_variants():
    glossary = Glossary.parse(TSV)
    assert glossary.terms[1] == Term("新冠", ("COVID-19", "Covid", "COVID"), ("coronavirus",))
    assert len(glossary) == 4
    assert Glossary.parse(glossary.to_tsv()) == glossary


@pytest.mark.parametrize("line", ["no tab here", "\tOmicron", "a\tb\tc\td", "词\t"])
def test_bad_lines_name_the_file_and_line(line):
    with pytest.raises(UserError, match=r"terms\.tsv: line 2:"):
        Glossary.parse("zh\ten\n" + line + "\n", "terms.tsv")


@pytest.mark.parametrize("before", ["", "# my terms\n", "\n# my terms\n\n"])
def test_the_header_is_the_first_line_that_is_not_blank_or_a_comment(before):
    glossary = Glossary.parse(before + "zh\ten\tdo not use\n嘉年华\tfiesta\n")
    assert glossary.terms == (Term("嘉年华", ("fiesta",), ()),)


def test_only_the_first_line_can_be_the_header():
    glossary = Glossary.parse("# my terms\n嘉年华\tfiesta\nzh\ten\n")
    assert [term.zh for term in glossary.terms] == ["嘉年华", "zh"]


def check(zh: str, en: str) -> list[str]:
    found = check_glossary(Glossary.parse(TSV), SideText("zh", [zh]), SideText("en", [en]))
    return [f.message for f in found]


def test_accepted_renderings_pass_with_case_and_inflection():
    assert check("奥密克戎变种", "the omicron variant") == []
    assert check("一带一路倡议", "belt and road initiatives") == []
    assert check("新冠病毒", "the coronavirus") == []      # the longer term wins over 新冠


def test_a_missing_rendering_and_a_forbidden_one():
    assert check("奥密克戎变种", "the Delta variant") == ["奥密克戎 should be rendered as “Omicron”"]
    assert check("新冠患者", "patients with coronavirus") == [
        "新冠: “coronavirus” is on the do-not-use list; use “COVID-19” or “Covid” or “COVID”"]


def test_no_glossary_no_findings():
    assert check_glossary(None, SideText("zh", ["奥密克戎"]), SideText("en", ["x"])) == []
