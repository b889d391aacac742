"""Row arithmetic shared by dense and sparse feature matrices.

The hashed bag-of-word signals (dictionary, numbers, MT) hold a few dozen non-zero buckets out of a
thousand per sentence; kept as SciPy CSR matrices, a book-length document's features take megabytes
instead of hundreds of megabytes, and their products cost what the non-zeros do. Sentence embeddings
stay dense arrays. The functions here accept either (span sums of sparse rows stay sparse; the other
results are dense NumPy arrays). SciPy is imported only when a sparse matrix is made or met (0.3 s and
23 MB a short article does not need).
"""

from __future__ import annotations

import numpy as np

#: Sentences (both sides) a document needs before its hashed features are kept sparse (measured: a
#: 13-sentence news article aligns 40% slower with sparse features; the whole Bible takes 276 MB less).
SPARSE_FROM = 2000


def is_sparse(values: object) -> bool:
    """Whether ``values`` is a SciPy sparse matrix or array (without importing SciPy)."""
    return not isinstance(values, np.ndarray) and hasattr(values, "tocsr")


def dense(values) -> np.ndarray:
    """``values`` as a dense array."""
    return values.toarray() if is_sparse(values) else np.asarray(values)


def stack_rows(parts: list) -> object:
    """Rows of several matrices of one kind (all dense or all sparse) stacked in order."""
    if parts and is_sparse(parts[0]):
        import scipy.sparse as sp

        return sp.vstack(parts, format="csr")
    return np.concatenate(parts, axis=0)


def row_dots(a, b) -> np.ndarray:
    """Dot product of each row of ``a`` with the same row of ``b`` (float64)."""
    if is_sparse(a) or is_sparse(b):
        import scipy.sparse as sp

        product = sp.csr_array(a).multiply(sp.csr_array(b))
        return np.asarray(product.sum(axis=1), dtype=np.float64).ravel()
    return np.einsum("ij,ij->i", a, b)


def row_range(values, start: int, stop: int):
    """Rows ``start .. stop - 1`` of ``values``; of a CSR matrix without copying its arrays (SciPy's
    slicing copies them, which cost more than the products of a long document's band)."""
    if not is_sparse(values):
        return values[start:stop]
    import scipy.sparse as sp

    ptr = values.indptr
    return sp.csr_array((values.data[ptr[start] : ptr[stop]], values.indices[ptr[start] : ptr[stop]],
                         ptr[start : stop + 1] - ptr[start]), shape=(stop - start, values.shape[1]))


def use_sparse(zh: int, en: int) -> bool:
    """Whether a document of ``zh`` and ``en`` sentences keeps its hashed features sparse: below
    :data:`SPARSE_FROM` sentences dense arrays are small and cost less than SciPy's calls."""
    return zh + en >= SPARSE_FROM


def row_ranges(begins: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The row numbers of every range ``begins[k] .. ends[k] - 1`` in turn (an empty range for
    ``ends[k] <= begins[k]``)."""
    counts = np.maximum(ends - begins, 0)
    return np.repeat(begins - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))


def span_sums(values, spans: np.ndarray):
    """Sum of rows ``start .. stop - 1`` for each ``(start, stop)`` span (one row per span), as a
    sparse matrix for sparse ``values``."""
    import scipy.sparse as sp

    lengths = np.maximum(spans[:, 1] - spans[:, 0], 0)
    rows = np.repeat(np.arange(len(spans)), lengths)
    cols = row_ranges(spans[:, 0], spans[:, 1])
    # only the rows the spans hold are widened to float64 (not the whole matrix), in the same order
    pick = sp.csr_array((np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(len(spans), len(rows)))
    return sp.csr_array(pick @ sp.csr_array(values)[cols].astype(np.float64))


def near_dots(values, count: int) -> list[np.ndarray]:
    """``out[d][a]`` = row ``a`` · row ``a + d`` (float64) for ``d`` below ``count``: what
    :func:`banded_span_norms` needs of a sparse matrix, computed once for a document whose windows take
    slices of it (each product is the same whichever rows are around it)."""
    import scipy.sparse as sp

    n = values.shape[0]
    csr = sp.csr_array(values, dtype=np.float64)
    return [row_dots(row_range(csr, 0, n - d), row_range(csr, d, n)) for d in range(min(count, n))]


def banded_span_norms(values, max_len: int, near: list[np.ndarray] | None = None) -> np.ndarray:
    """``out[x, i]`` = squared norm of the sum of rows ``i - x .. i - 1`` (0 where ``i < x``), from the
    dot products of rows at most ``max_len - 1`` apart (so sparse rows are never summed densely); those
    products are taken from ``near`` (:func:`near_dots`) when it holds enough of them."""
    n = values.shape[0]
    out = np.zeros((max_len + 1, n + 1), dtype=np.float64)
    if n == 0:
        return out
    wanted = min(max_len, n)
    dots = near[:wanted] if near is not None and len(near) >= wanted else near_dots(values, max_len)
    # running sums of the products of rows d apart, so a span's total is two look-ups
    sums = [np.concatenate([[0.0], np.cumsum(d)]) for d in dots]
    for x in range(1, max_len + 1):
        i = np.arange(x, n + 1)
        total = sums[0][i] - sums[0][i - x]
        for d in range(1, min(x, n)):
            # pairs (a, a + d) with both in [i - x, i): a runs over i - x .. i - 1 - d
            total += 2.0 * (sums[d][i - d] - sums[d][i - x])
        out[x, x:] = total
    return out
