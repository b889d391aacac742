"""Checks on the text itself: Chinese left in the English, English identical to the Chinese, brackets and
quotation marks that do not pair up the same way on both sides, a question on one side only.

Quotation marks and brackets are compared between the sides rather than required to balance in each
row, because a quotation often runs over several rows: a row that opens a quotation in Chinese should
open one in English too.
"""

from __future__ import annotations

import re

from qa.findings import Finding, SideText

UNTRANSLATED = "untranslated"
PUNCTUATION = "punctuation"

#: Chinese characters; 丨 (U+4E28) is left out: Chinese news uses it as a separator, like "|".
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u4e27\u4e29-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
_CONTENT = re.compile(r"[\w\u3400-\u9fff]")
#: Bracket classes: opening and closing characters; straight double quotes count as either.
_PAIRS = {"quotation marks": ("“「『", "”」』"), "brackets": ("(（[【〔", ")）]】〕")}
_QUESTION = re.compile(r"[?？]")
_OPENS = "([{—–-:"  # after these a straight quotation mark opens a quotation


def check_untranslated(zh: SideText, en: SideText) -> list[Finding]:
    """English identical to the Chinese (one finding), else each run of Chinese characters in the English."""
    if not en:
        return []
    if zh and _normal(zh.folded) == _normal(en.folded) and len(_CONTENT.findall(en.folded)) >= 2:
        severity = "error" if _HAN.search(en.text) else "warning"
        return [Finding(UNTRANSLATED, severity, "the English is identical to the Chinese", "identical",
                        (*zh.whole(), *en.whole()))]
    findings = []
    for m in _HAN.finditer(en.text):
        findings.append(Finding(UNTRANSLATED, "error", f"Chinese left in the English: {m.group()}",
                                m.group(), (en.span(m.start(), m.end()),)))
    return findings


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _unpaired(side: SideText, opening: str, closing: str) -> tuple[int, list[tuple[int, int]]]:
    """(openings minus closings, where the unmatched marks are) for one bracket class."""
    stack: list[int] = []
    stray: list[int] = []
    for k, ch in enumerate(side.folded):
        if ch in opening:
            stack.append(k)
        elif ch in closing:
            if stack:
                stack.pop()
            else:
                stray.append(k)
        elif ch == '"' and opening.startswith("“"):
            # a straight quote closes an open quotation; else it opens one (in English: at the start or
            # after a space, a bracket or a dash; elsewhere it closes one opened in an earlier row)
            if stack:
                stack.pop()
            elif side.side == "zh" or k == 0 or side.folded[k - 1].isspace() or side.folded[k - 1] in _OPENS:
                stack.append(k)
            else:
                stray.append(k)
    return len(stack) - len(stray), [(k, k + 1) for k in sorted(stack + stray)]


def check_punctuation(zh: SideText, en: SideText) -> list[Finding]:
    """Quotation marks or brackets left open (or closed) on one side and not the other; a question on one
    side only."""
    if not zh or not en:
        return []
    findings = []
    for name, (opening, closing) in _PAIRS.items():
        zh_balance, zh_marks = _unpaired(zh, opening, closing)
        en_balance, en_marks = _unpaired(en, opening, closing)
        if zh_balance != en_balance or (bool(zh_marks) != bool(en_marks)):
            spans = tuple(zh.span(*m) for m in zh_marks) + tuple(en.span(*m) for m in en_marks)
            where = "English" if en_marks and not zh_marks else "Chinese" if zh_marks and not en_marks \
                else "Chinese and English"
            findings.append(Finding(PUNCTUATION, "warning", f"{name} do not pair up in the {where} as on the "
                                                           "other side", name, spans))
    zh_q, en_q = list(_QUESTION.finditer(zh.folded)), list(_QUESTION.finditer(en.folded))
    if bool(zh_q) != bool(en_q):
        spans = tuple(zh.span(m.start(), m.end()) for m in zh_q) + tuple(en.span(m.start(), m.end())
                                                                          for m in en_q)
        side = "Chinese" if zh_q else "English"
        findings.append(Finding(PUNCTUATION, "warning", f"a question in the {side} only", "question", spans))
    return findings
