"""Import readers, one module each: article pairs to align (:mod:`~corpora.readers.inputs`, start with
``load_inputs``; :mod:`~corpora.readers.articles`, :mod:`~corpora.readers.pairs`) and aligned documents
(:mod:`~corpora.readers.tmx`, :mod:`~corpora.readers.intertext`, :mod:`~corpora.readers.beads`,
:mod:`~corpora.readers.lines`).

Nothing is imported here: reading a text pair (``edit``, ``demo``) must not load the XML library and the
writers that the readers of aligned formats need.
"""
