"""Translation checks on aligned rows: numbers, Latin names, glossary terms, consistency, omissions,
untranslated text and punctuation.

Knows nothing of files, workspaces or screens: the checks take rows (anything with ``zh`` and ``en``
sentence lists) and return :class:`qa.findings.Finding`\\ s with the character spans to highlight.
``qa.run`` runs them over a document, ``qa.glossary`` reads glossaries. ``corpora`` (exports), ``tui``
(the editor) and ``cli`` (``zhen-align check``) show them. This module imports nothing, so that
``qa.findings`` (the finding type and the list of checks) stays cheap to import.
"""
