"""Translation checks on aligned rows: numbers, Latin names, glossary terms, consistency, omissions,
untranslated text and punctuation.

Knows nothing of files, workspaces or screens: the checks take rows (anything with ``zh`` and ``en``
sentence lists) and return :class:`Finding`\\ s with the character spans to highlight. ``corpora``
(exports), ``tui`` (the editor) and ``cli`` (``zhen-align check``) show them.
"""

from qa.findings import SEVERITIES, Finding, Severity, Span
from qa.glossary import Glossary, Term
from qa.run import CHECKS, DocumentChecker, active, check_document

__all__ = ["CHECKS", "SEVERITIES", "DocumentChecker", "Finding", "Glossary", "Severity", "Span", "Term",
           "active", "check_document"]
